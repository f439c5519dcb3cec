import { decode, encode } from '@msgpack/msgpack';
import { doubleFor } from './index';

const ctx = { actor: 'M', actorName: 'a', contractId: 'x', linkName: 'default', values: {} };

describe('doubleFor', () => {
  it('gives a fresh keyvalue and messaging double, nothing for other contracts', () => {
    const a = doubleFor('wasmcloud:keyvalue')!;
    const b = doubleFor('wasmcloud:keyvalue')!;
    a('KeyValue.Set', encode({ key: 'k', value: 'v' }), ctx);
    expect(decode(b('KeyValue.Contains', encode('k'), ctx) as Uint8Array)).toBe(false);
    expect(typeof doubleFor('wasmcloud:messaging')).toBe('function');
    expect(doubleFor('wasmcloud:httpserver')).toBeUndefined();
  });
});
