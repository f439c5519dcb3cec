import { decode, encode } from '@msgpack/msgpack';
import { Payload, Provider } from '../types';

type Value = string | string[] | number;
export type KeyValueDouble = Provider & { store: Map<string, Value> };

const enc = (v: unknown): Payload => encode(v, { ignoreUndefined: true });
const args = (payload: Payload): Record<string, unknown> => {
  const v = payload.length ? decode(payload) : {};
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
};
const str = (payload: Payload): string => {
  const v = payload.length ? decode(payload) : '';
  if (typeof v !== 'string') throw new Error(`expected a msgpack string, got ${typeof v}`);
  return v;
};
const strings = (payload: Payload): string[] => {
  const v = payload.length ? decode(payload) : [];
  if (!Array.isArray(v)) throw new Error('expected a msgpack list of strings');
  return v.map(String);
};

/**
 * An in-memory `wasmcloud:keyvalue` provider. Answers the current interface (wasmCloud/interfaces
 * keyvalue.smithy: `KeyValue.Get` … `KeyValue.SetClear`, msgpack named fields) and the 0.18-era
 * actor-interfaces operations (`Get`, `Add`, `Set`, `Del`, `Clear`, `Range`, `Push`,
 * `ListItemDelete`, `SetAdd`, `SetRemove`, `SetUnion`, `SetIntersection`, `SetQuery`, `KeyExists`).
 * Lists are arrays; sets are arrays kept free of duplicates; counters are numbers (stored as their
 * decimal string when read with Get, as the Redis provider does).
 */
export function keyValueDouble(initial: Record<string, string | string[]> = {}): KeyValueDouble {
  const store = new Map<string, Value>(Object.entries(initial).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));
  const list = (name: string): string[] => {
    const v = store.get(name);
    if (Array.isArray(v)) return v;
    const fresh: string[] = [];
    store.set(name, fresh);
    return fresh;
  };
  const existingList = (name: string): string[] => (Array.isArray(store.get(name)) ? (store.get(name) as string[]) : []);
  const getValue = (key: string) => {
    const v = store.get(key);
    return v === undefined ? { value: '', exists: false } : { value: Array.isArray(v) ? v.join(',') : String(v), exists: true };
  };
  const increment = (key: string, by: number): number => {
    const cur = store.get(key);
    const n = (cur === undefined ? 0 : Number(cur)) + by;
    if (!Number.isFinite(n)) throw new Error(`the value of ${key} is not a number`);
    store.set(key, n);
    return n;
  };
  // Redis LRANGE semantics: inclusive stop, negative indexes count from the end.
  const range = (items: string[], start: number, stop: number): string[] => {
    const len = items.length;
    const from = start < 0 ? Math.max(len + start, 0) : start;
    const to = stop < 0 ? len + stop : Math.min(stop, len - 1);
    return from > to ? [] : items.slice(from, to + 1);
  };
  const setAdd = (name: string, value: string): number => {
    const s = list(name);
    if (s.includes(value)) return 0;
    s.push(value);
    return 1;
  };
  const setDel = (name: string, value: string): number => {
    const s = existingList(name);
    const i = s.indexOf(value);
    if (i < 0) return 0;
    s.splice(i, 1);
    return 1;
  };
  const union = (names: string[]) => [...new Set(names.flatMap(existingList))];
  const intersection = (names: string[]) => (names.length === 0 ? [] : existingList(names[0]).filter((v) => names.every((n) => existingList(n).includes(v))));
  const listDel = (name: string, value: string): boolean => {
    const l = existingList(name);
    const i = l.indexOf(value);
    if (i >= 0) l.splice(i, 1);
    return i >= 0;
  };

  const provider = ((operation: string, payload: Payload): Payload => {
    switch (operation) {
      // current interface
      case 'KeyValue.Get':
        return enc(getValue(str(payload)));
      case 'KeyValue.Set': {
        const a = args(payload);
        store.set(String(a.key), String(a.value ?? ''));
        return new Uint8Array(0);
      }
      case 'KeyValue.Del':
        return enc(store.delete(str(payload)));
      case 'KeyValue.Contains':
        return enc(store.has(str(payload)));
      case 'KeyValue.Increment': {
        const a = args(payload);
        return enc(increment(String(a.key), Number(a.value ?? 0)));
      }
      case 'KeyValue.ListAdd': {
        const a = args(payload);
        const l = list(String(a.listName));
        l.push(String(a.value));
        return enc(l.length);
      }
      case 'KeyValue.ListClear':
        return enc(store.delete(str(payload)));
      case 'KeyValue.ListDel': {
        const a = args(payload);
        return enc(listDel(String(a.listName), String(a.value)));
      }
      case 'KeyValue.ListRange': {
        const a = args(payload);
        return enc(range(existingList(String(a.listName)), Number(a.start ?? 0), Number(a.stop ?? -1)));
      }
      case 'KeyValue.SetAdd': {
        const a = args(payload);
        return enc(setAdd(String(a.setName), String(a.value)));
      }
      case 'KeyValue.SetDel': {
        const a = args(payload);
        return enc(setDel(String(a.setName), String(a.value)));
      }
      case 'KeyValue.SetIntersection':
        return enc(intersection(strings(payload)));
      case 'KeyValue.SetQuery':
        return enc([...existingList(str(payload))]);
      case 'KeyValue.SetUnion':
        return enc(union(strings(payload)));
      case 'KeyValue.SetClear':
        return enc(store.delete(str(payload)));
      // 0.18-era actor-interfaces (wasmcloud-actor-keyvalue)
      case 'Get':
        return enc(getValue(String(args(payload).key)));
      case 'KeyExists':
        return enc({ value: '', exists: store.has(String(args(payload).key)) });
      case 'Add': {
        const a = args(payload);
        return enc({ value: increment(String(a.key), Number(a.value ?? 0)) });
      }
      case 'Set': {
        const a = args(payload);
        store.set(String(a.key), String(a.value ?? ''));
        return enc({ value: String(a.value ?? '') });
      }
      case 'Del':
      case 'Clear': {
        const key = String(args(payload).key);
        store.delete(key);
        return enc({ key });
      }
      case 'Range': {
        const a = args(payload);
        return enc({ values: range(existingList(String(a.key)), Number(a.start ?? 0), Number(a.stop ?? -1)) });
      }
      case 'Push': {
        const a = args(payload);
        const l = list(String(a.key));
        l.push(String(a.value));
        return enc({ newCount: l.length });
      }
      case 'ListItemDelete': {
        const a = args(payload);
        listDel(String(a.key), String(a.value));
        return enc({ newCount: existingList(String(a.key)).length });
      }
      case 'SetAdd': {
        const a = args(payload);
        setAdd(String(a.key), String(a.value));
        return enc({ new_count: existingList(String(a.key)).length });
      }
      case 'SetRemove': {
        const a = args(payload);
        setDel(String(a.key), String(a.value));
        return enc({ new_count: existingList(String(a.key)).length });
      }
      case 'SetUnion':
        return enc({ values: union(((args(payload).keys as unknown[]) ?? []).map(String)) });
      case 'SetIntersection':
        return enc({ values: intersection(((args(payload).keys as unknown[]) ?? []).map(String)) });
      case 'SetQuery':
        return enc({ values: [...existingList(String(args(payload).key))] });
      default:
        throw new Error(`wasmcloud:keyvalue double: unknown operation ${operation}`);
    }
  }) as unknown as KeyValueDouble;
  provider.store = store;
  // Always answers at once: an actor linked to it can stay in the calling thread.
  provider.synchronous = true;
  return provider;
}
