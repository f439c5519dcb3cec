import { decode, encode } from '@msgpack/msgpack';
import { keyValueDouble } from './keyvalue';

const ctx = { actor: 'M', actorName: 'a', contractId: 'wasmcloud:keyvalue', linkName: 'default', values: {} };

describe('keyValueDouble: the current interface (keyvalue.smithy, msgpack named fields)', () => {
  const kv = keyValueDouble({ a: '1', l: ['x', 'y'] });
  const call = (op: string, arg: unknown) => {
    const out = kv(op, encode(arg), ctx) as Uint8Array;
    return out.length ? decode(out) : undefined;
  };
  it('Get / Set / Contains / Del', () => {
    expect(call('KeyValue.Get', 'a')).toEqual({ value: '1', exists: true });
    expect(call('KeyValue.Get', 'missing')).toEqual({ value: '', exists: false });
    expect(call('KeyValue.Set', { key: 'b', value: 'two', expires: 0 })).toBeUndefined();
    expect(call('KeyValue.Contains', 'b')).toBe(true);
    expect(call('KeyValue.Del', 'b')).toBe(true);
    expect(call('KeyValue.Del', 'b')).toBe(false);
  });
  it('Increment returns the new value', () => {
    expect(call('KeyValue.Increment', { key: 'n', value: 3 })).toBe(3);
    expect(call('KeyValue.Increment', { key: 'n', value: -1 })).toBe(2);
  });
  it('ListAdd / ListRange (inclusive, negative from the end) / ListDel / ListClear', () => {
    expect(call('KeyValue.ListAdd', { listName: 'l', value: 'z' })).toBe(3);
    expect(call('KeyValue.ListRange', { listName: 'l', start: 0, stop: -1 })).toEqual(['x', 'y', 'z']);
    expect(call('KeyValue.ListRange', { listName: 'l', start: 1, stop: 1 })).toEqual(['y']);
    expect(call('KeyValue.ListDel', { listName: 'l', value: 'y' })).toBe(true);
    expect(call('KeyValue.ListRange', { listName: 'l', start: 0, stop: 10 })).toEqual(['x', 'z']);
    expect(call('KeyValue.ListClear', 'l')).toBe(true);
  });
  it('SetAdd / SetDel / SetQuery / SetUnion / SetIntersection / SetClear', () => {
    expect(call('KeyValue.SetAdd', { setName: 's1', value: 'a' })).toBe(1);
    expect(call('KeyValue.SetAdd', { setName: 's1', value: 'a' })).toBe(0);
    call('KeyValue.SetAdd', { setName: 's1', value: 'b' });
    call('KeyValue.SetAdd', { setName: 's2', value: 'b' });
    call('KeyValue.SetAdd', { setName: 's2', value: 'c' });
    expect(call('KeyValue.SetQuery', 's1')).toEqual(['a', 'b']);
    expect(call('KeyValue.SetUnion', ['s1', 's2'])).toEqual(['a', 'b', 'c']);
    expect(call('KeyValue.SetIntersection', ['s1', 's2'])).toEqual(['b']);
    expect(call('KeyValue.SetDel', { setName: 's1', value: 'a' })).toBe(1);
    expect(call('KeyValue.SetClear', 's1')).toBe(true);
    expect(call('KeyValue.SetQuery', 's1')).toEqual([]);
  });
  it('an unknown operation throws (the actor sees the message)', () => {
    expect(() => kv('KeyValue.Nope', new Uint8Array(0), ctx)).toThrow('wasmcloud:keyvalue double: unknown operation KeyValue.Nope');
  });
});

describe('keyValueDouble: 0.18-era actor-interfaces operations', () => {
  const kv = keyValueDouble();
  const call = (op: string, arg: unknown) => decode(kv(op, encode(arg), ctx) as Uint8Array);
  it('Set / Get / KeyExists / Add / Del / Clear', () => {
    expect(call('Set', { key: 'k', value: 'v', expires: 0 })).toEqual({ value: 'v' });
    expect(call('Get', { key: 'k' })).toEqual({ value: 'v', exists: true });
    expect(call('KeyExists', { key: 'k' })).toMatchObject({ exists: true });
    expect(call('Add', { key: 'c', value: 4 })).toEqual({ value: 4 });
    expect(call('Add', { key: 'c', value: 1 })).toEqual({ value: 5 });
    expect(call('Get', { key: 'c' })).toEqual({ value: '5', exists: true });
    expect(call('Del', { key: 'k' })).toEqual({ key: 'k' });
    expect(call('Get', { key: 'k' })).toEqual({ value: '', exists: false });
  });
  it('Push / Range / ListItemDelete ({newCount}); SetAdd / SetRemove ({new_count}); SetQuery / SetUnion / SetIntersection ({values})', () => {
    expect(call('Push', { key: 'l', value: 'a' })).toEqual({ newCount: 1 });
    expect(call('Push', { key: 'l', value: 'b' })).toEqual({ newCount: 2 });
    expect(call('Range', { key: 'l', start: 0, stop: -1 })).toEqual({ values: ['a', 'b'] });
    expect(call('ListItemDelete', { key: 'l', value: 'a' })).toEqual({ newCount: 1 });
    expect(call('SetAdd', { key: 's', value: 'x' })).toEqual({ new_count: 1 });
    expect(call('SetAdd', { key: 't', value: 'x' })).toEqual({ new_count: 1 });
    expect(call('SetAdd', { key: 't', value: 'y' })).toEqual({ new_count: 2 });
    expect(call('SetQuery', { key: 't' })).toEqual({ values: ['x', 'y'] });
    expect(call('SetUnion', { keys: ['s', 't'] })).toEqual({ values: ['x', 'y'] });
    expect(call('SetIntersection', { keys: ['s', 't'] })).toEqual({ values: ['x'] });
    expect(call('SetRemove', { key: 't', value: 'x' })).toEqual({ new_count: 1 });
    expect(call('Clear', { key: 'l' })).toEqual({ key: 'l' });
  });
});
