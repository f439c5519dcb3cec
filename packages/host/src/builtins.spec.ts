import { decode, encode } from '@msgpack/msgpack';
import { logging, numbergen } from './builtins';

describe('builtins', () => {
  it('numbergen answers msgpack values', () => {
    const guid = numbergen('NumberGen.GenerateGuid', new Uint8Array(0));
    expect(guid.ok && decode(guid.payload)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const clamp = numbergen('NumberGen.RandomInRange', encode({ min: 4294967295, max: 5000000000 }));
    expect(clamp.ok && decode(clamp.payload)).toBe(4294967295);
    expect(numbergen('NumberGen.Nope', new Uint8Array(0))).toEqual({ ok: false, error: 'wasmcloud:builtin:numbergen has no operation NumberGen.Nope' });
  });
  it('logging maps levels and answers empty', () => {
    const lines: string[] = [];
    expect(logging('Logging.WriteLog', encode({ level: 'error', text: 't' }), (l, t) => lines.push(`${l}:${t}`))).toEqual({
      ok: true,
      payload: new Uint8Array(0),
    });
    expect(lines).toEqual(['error:t']);
    expect(logging('Logging.Other', new Uint8Array(0), () => undefined).ok).toBe(false);
  });
});
