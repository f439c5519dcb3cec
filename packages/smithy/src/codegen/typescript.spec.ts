import { join } from 'node:path';
import { loadModel } from '../model';
import { typeCheck, loadGenerated } from '../test-support/compile-ts';
import { FIXTURES, golden } from '../test-support/fixtures';
import { decodeCbor, decodeMsgpack } from '../test-support/ref-decoders';
import { generateTypeScript } from './typescript';

const calcTs = generateTypeScript(loadModel([join(FIXTURES, 'calc/calc.smithy')]), 'org.example.interface.calc');
const shapesTs = generateTypeScript(loadModel([join(FIXTURES, 'shapes/shapes.smithy')]), 'org.example.interface.shapes');

type Transport = (op: string, payload: Uint8Array) => Promise<Uint8Array>;
interface Generated {
  [k: string]: new (arg: unknown) => Record<string, (...a: unknown[]) => Promise<unknown>>;
}

/** A transport that hands the bytes to a receiver and records what crossed the wire. */
function loopback(receiver: { dispatch(op: string, p: Uint8Array): Promise<Uint8Array> }, log: { op: string; req: Uint8Array; resp: Uint8Array }[]): Transport {
  return async (op, req) => {
    const resp = await receiver.dispatch(op, req);
    log.push({ op, req, resp });
    return resp;
  };
}

describe('generateTypeScript', () => {
  it('matches the reviewed goldens', () => {
    expect(calcTs).toBe(golden('calc.ts'));
    expect(shapesTs).toBe(golden('shapes.ts'));
  });

  it('compiles with tsc --strict (and noUnused*, noImplicitReturns, no unreachable code)', () => {
    const core = generateTypeScript(loadModel([]), 'org.wasmcloud.core'); // empty structures, maps, a service
    const traitsModel = loadModel([join(FIXTURES, 'traits/traits.smithy'), join(FIXTURES, 'traits/other.smithy')]);
    const traits = generateTypeScript(traitsModel, 'org.example.traits'); // Timestamp, Document, sized numbers, cross-namespace
    expect(typeCheck({ 'calc.ts': calcTs, 'shapes.ts': shapesTs, 'core.ts': core, 'traits.ts': traits })).toEqual([]);
    expect(traits).toContain('export interface Record_ {'); // a shape named like a global the code uses is renamed
  });

  it('round-trips msgpack (protocol "0") by wire name, readable by an independent decoder', async () => {
    const mod = loadGenerated<Generated>(calcTs);
    const seen: unknown[] = [];
    const impl = {
      add: async (req: { values: number[]; scaleFactor?: number }) => (seen.push(req), req.values.reduce((a, b) => a + b, 0) * (req.scaleFactor ?? 1)),
      describe: async (s: string) => ({ text: `about ${s}`, raw: new Uint8Array([1, 2, 3]), flag: true, tags: { a: ['x', 'y'] } }),
      reset: async () => undefined,
      echo: async (b: Uint8Array) => b,
      getStats: async () => ({ count: 3, mean: 1.5, lastValue: 7, history: ['h'] }),
      random32: async () => 42,
    };
    const log: { op: string; req: Uint8Array; resp: Uint8Array }[] = [];
    const sender = new mod.CalcSender(loopback(new mod.CalcReceiver(impl) as never, log));
    expect(await sender.add({ values: [1, 2, 3], scaleFactor: 2 })).toBe(12);
    expect(seen).toEqual([{ values: [1, 2, 3], scaleFactor: 2, label: undefined }]);
    expect(log[0].op).toBe('Calc.Add');
    expect(decodeMsgpack(log[0].req)).toEqual(
      new Map<unknown, unknown>([
        ['values', [1, 2, 3]],
        ['scale_factor', 2],
      ]),
    );
    const desc = await sender.describe('it');
    expect(desc).toEqual({ text: 'about it', raw: new Uint8Array([1, 2, 3]), flag: true, tags: { a: ['x', 'y'] }, payload: undefined });
    expect(decodeMsgpack(log[1].req)).toBe('it');
    expect(decodeMsgpack(log[1].resp)).toEqual(
      new Map<unknown, unknown>([
        ['text', 'about it'],
        ['tags', new Map([['a', ['x', 'y']]])],
        ['raw', new Uint8Array([1, 2, 3])],
        ['flag', true],
      ]),
    );
    await expect(sender.reset()).resolves.toBeUndefined();
    expect([log[2].op, log[2].req.length, log[2].resp.length]).toEqual(['Calc.Reset', 0, 0]);
    expect(await sender.getStats()).toEqual({ count: 3, mean: 1.5, lastValue: 7, history: ['h'] });
    expect(decodeMsgpack(log[3].resp)).toEqual(
      new Map<unknown, unknown>([
        ['count', 3],
        ['history', ['h']],
        ['lastValue', 7],
        ['mean', 1.5],
      ]),
    );
    expect(await sender.random32()).toBe(42);
  });

  it('round-trips CBOR (protocol "2"): 0x7f header, numbered structs as arrays with gaps, unions as [n, value]', async () => {
    const mod = loadGenerated<Generated>(shapesTs);
    const impl = {
      measure: async (s: { weights?: number[]; scale: number }) => ({ total: (s.weights ?? []).reduce((a, b) => a + b, 0) * s.scale, code: 7 }),
      pick: async (s: string) => (s === 'none' ? { tag: 'none' } : s === 'text' ? { tag: 'text', value: 'hi' } : { tag: 'values', value: [0.5, 0.25] }),
      link: async () => undefined,
    };
    const log: { op: string; req: Uint8Array; resp: Uint8Array }[] = [];
    const sender = new mod.ShapesSender(loopback(new mod.ShapesReceiver(impl) as never, log));
    expect(await sender.measure({ name: 'n', weights: [0.5, 1.5], scale: 2, offset: -3, small: 9 })).toEqual({ total: 4, code: 7, note: undefined });
    expect(log[0].req[0]).toBe(0x7f);
    // F32 members are CBOR float32 and F64 float64 even when integral (scale 2 -> 2.0), as minicbor expects.
    expect(decodeCbor(log[0].req.subarray(1))).toEqual(['n', null, [{ float32: 0.5 }, { float32: 1.5 }], 9, -3, 2]);
    expect(Buffer.from(log[0].req.subarray(-9)).toString('hex')).toBe('fb4000000000000000');
    expect(decodeCbor(log[0].resp.subarray(1))).toEqual(
      new Map<unknown, unknown>([
        ['code', 7],
        ['note', null],
        ['total', 4],
      ]),
    );
    expect(Buffer.from(log[0].resp).toString('hex')).toContain('65746f74616cfb4010000000000000'); // "total" then float64 4.0
    expect(await sender.pick('none')).toEqual({ tag: 'none' });
    expect(decodeCbor(log[1].resp.subarray(1))).toEqual([0, null]);
    expect(await sender.pick('text')).toEqual({ tag: 'text', value: 'hi' });
    expect(decodeCbor(log[2].resp.subarray(1))).toEqual([1, 'hi']);
    expect(await sender.pick('values')).toEqual({ tag: 'values', value: [0.5, 0.25] });
    expect(decodeCbor(log[3].resp.subarray(1))).toEqual([7, [{ float32: 0.5 }, { float32: 0.25 }]]);
    await sender.link({ actorId: 'M', providerId: 'V', linkName: 'default', contractId: 'c:d', values: { k: 'v' } });
    expect(decodeCbor(log[4].req.subarray(1))).toEqual(['M', 'V', 'default', 'c:d', new Map([['k', 'v']])]);
  });

  it('writes CBOR text as UTF-8 (multi-byte and astral characters)', async () => {
    const mod = loadGenerated<Generated>(shapesTs);
    const log: { op: string; req: Uint8Array; resp: Uint8Array }[] = [];
    const impl = { pick: async (s: string) => ({ tag: 'text', value: s }) };
    const sender = new mod.ShapesSender(loopback(new mod.ShapesReceiver(impl) as never, log));
    const text = 'é€😀 plain';
    expect(await sender.pick(text)).toEqual({ tag: 'text', value: text });
    expect(decodeCbor(log[0].req.subarray(1))).toBe(text);
    expect(Buffer.from(log[0].req.subarray(1)).equals(Buffer.concat([Buffer.of(0x60 + Buffer.byteLength(text)), Buffer.from(text)]))).toBe(true);
  });

  it('rejects operations of another service or unknown ones', async () => {
    const mod = loadGenerated<Generated>(shapesTs);
    const receiver = new mod.ShapesReceiver({}) as unknown as { dispatch(op: string, p: Uint8Array): Promise<Uint8Array> };
    await expect(receiver.dispatch('Other.Measure', new Uint8Array())).rejects.toThrow('method not handled: Other.Measure');
    await expect(receiver.dispatch('Shapes.Nope', new Uint8Array())).rejects.toThrow('method not handled: Shapes::Shapes.Nope');
  });
});
