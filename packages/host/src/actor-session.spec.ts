import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode as msgpackDecode, encode as msgpackEncode } from '@msgpack/msgpack';
import { encode as cborEncode } from 'cbor-x';
import { callActor, decodeReply, encodeCallData, loadProviderModule, openActorSession, parseJsonData, resolveLink } from './actor-session';
import { GuestError, HostUserError } from './errors';
import { hostCallPayload, rustActorModule, sign } from './test-support/fixtures';

jest.setTimeout(60_000);

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('callActor', () => {
  let actor: Uint8Array;
  beforeAll(async () => {
    actor = (await sign(rustActorModule(), { name: 'echo', caps: ['wasmcloud:keyvalue'] })).bytes;
  });

  it('sends JSON data as msgpack and decodes the msgpack reply to JSON', async () => {
    const data = { method: 'GET', path: '/x', n: 300, nested: [true, null] };
    const r = await callActor({ actor, operation: 'Echo.Echo', data });
    expect(r.format).toBe('msgpack');
    expect(r.json).toEqual(data);
    expect(r.binaries).toBe('none');
    expect(msgpackDecode(r.reply)).toEqual(data);
    expect(r.actor.name).toBe('echo');
  });

  it("rejects with the guest's error text for an operation the actor does not handle", async () => {
    const call = callActor({ actor, operation: 'Nope.Nope' });
    await expect(call).rejects.toThrow(GuestError);
    await expect(callActor({ actor, operation: 'Nope.Nope' })).rejects.toThrow('Guest call failed for method Nope.Nope: method not handled');
  });

  it('refuses a payload over the limit in one line, and takes a raised limit', async () => {
    const data = 'x'.repeat(2048);
    await expect(callActor({ actor, operation: 'Echo.Echo', data, host: { maxPayloadBytes: 1024 } })).rejects.toThrow(HostUserError);
    const r = await callActor({ actor, operation: 'Echo.Echo', data, host: { maxPayloadBytes: 4096 } });
    expect(r.json).toBe(data);
  });
});

describe('decodeReply', () => {
  it('renders empty, CBOR, raw text and non-UTF-8 bin replies', () => {
    expect(decodeReply(new Uint8Array(0))).toEqual({ format: 'empty', json: null, binaries: 'none' });
    expect(decodeReply(new Uint8Array([0x7f, ...cborEncode(['a', true])]))).toEqual({ format: 'cbor', json: ['a', true], binaries: 'none' });
    expect(decodeReply(new TextEncoder().encode('Hello, World!'))).toEqual({ format: 'raw', json: 'Hello, World!', binaries: 'utf8' });
    const r = decodeReply(msgpackEncode({ body: new Uint8Array([0xff, 0xfe]), text: new TextEncoder().encode('hi') }));
    expect(r).toEqual({ format: 'msgpack', json: { body: '//4=', text: 'hi' }, binaries: 'mixed' });
  });

  it('encodes no data as an empty payload', () => {
    expect(encodeCallData(undefined)).toEqual(new Uint8Array(0));
    expect(msgpackDecode(encodeCallData({ a: [1] }))).toEqual({ a: [1] });
  });
});

describe('links', () => {
  let dir: string;
  let actor: Uint8Array;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'host-session-'));
    actor = (await sign(rustActorModule(), { name: 'linker', caps: ['wasmcloud:keyvalue', 'example:echo'] })).bytes;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('links the in-memory double for a claimed contract when asked, and keeps its state across calls', async () => {
    const session = await openActorSession({ actor, links: { 'wasmcloud:keyvalue': 'double' } });
    try {
      expect(session.linked).toEqual({ linker: { 'wasmcloud:keyvalue': 'double' } });
      const key = session.actor.publicKey;
      await session.host.call(
        key,
        'Host.Call',
        hostCallPayload('default', 'wasmcloud:keyvalue', 'KeyValue.Set', msgpackEncode({ key: 'k', value: 'v', expires: 0 })),
      );
      const got = await session.host.call(key, 'Host.Call', hostCallPayload('default', 'wasmcloud:keyvalue', 'KeyValue.Get', msgpackEncode('k')));
      expect(msgpackDecode(got)).toEqual({ value: 'v', exists: true });
    } finally {
      await session.close();
    }
  });

  it('links nothing unless asked; doublesForClaims links the doubles of claimed contracts', async () => {
    const bare = await openActorSession({ actor });
    try {
      expect(bare.linked).toEqual({ linker: {} });
      await expect(
        bare.host.call(bare.actor.publicKey, 'Host.Call', hostCallPayload('default', 'wasmcloud:keyvalue', 'KeyValue.Contains', msgpackEncode('k'))),
      ).rejects.toThrow(/Call alias not found: wasmcloud:keyvalue/);
    } finally {
      await bare.close();
    }
    const doubled = await openActorSession({ actor, doublesForClaims: true });
    try {
      // example:echo has no double and stays unlinked.
      expect(doubled.linked).toEqual({ linker: { 'wasmcloud:keyvalue': 'double' } });
      const r = await doubled.host.call(
        doubled.actor.publicKey,
        'Host.Call',
        hostCallPayload('default', 'wasmcloud:keyvalue', 'KeyValue.Contains', msgpackEncode('k')),
      );
      expect(msgpackDecode(r)).toBe(false);
    } finally {
      await doubled.close();
    }
  });

  it('links a JS module exporting a provider, under the given link name', async () => {
    writeFileSync(
      join(dir, 'echo-provider.js'),
      'module.exports = (op, payload, ctx) => Buffer.from(`${op} via ${ctx.linkName} from ${ctx.actorName}: ${Buffer.from(payload)}`);\n',
    );
    const session = await openActorSession({ actor, links: { 'example:echo': 'echo-provider.js' }, linkName: 'special', cwd: dir });
    try {
      expect(session.linked.linker['example:echo']).toBe(join(dir, 'echo-provider.js'));
      const r = await session.host.call(
        session.actor.publicKey,
        'Host.Call',
        hostCallPayload('special', 'example:echo', 'Echo.Say', new TextEncoder().encode('hi')),
      );
      expect(text(r)).toBe('Echo.Say via special from linker: hi');
    } finally {
      await session.close();
    }
  });

  it('accepts default and provider exports; refuses bad modules and unknown doubles in one line', () => {
    writeFileSync(join(dir, 'default.js'), 'exports.default = () => new Uint8Array([1]);\n');
    writeFileSync(join(dir, 'named.js'), 'exports.provider = () => new Uint8Array([2]);\n');
    writeFileSync(join(dir, 'nothing.js'), 'exports.x = 1;\n');
    writeFileSync(join(dir, 'broken.js'), 'throw new Error("broken\\nsecond line");\n');
    expect(typeof loadProviderModule('default.js', 'c:x', dir)).toBe('function');
    expect(typeof loadProviderModule(join(dir, 'named.js'), 'c:x')).toBe('function');
    expect(() => loadProviderModule('nothing.js', 'c:x', dir)).toThrow(
      'link c:x: provider module nothing.js exports no provider function (module.exports, default or provider: (operation, payload, context) => bytes)',
    );
    expect(() => loadProviderModule('broken.js', 'c:x', dir)).toThrow('link c:x: provider module broken.js failed to load: broken');
    expect(() => loadProviderModule('missing.js', 'c:x', dir)).toThrow(HostUserError);
    expect(() => resolveLink('example:none', 'double')).toThrow(/link example:none: there is no in-memory double for this contract/);
    expect(resolveLink('wasmcloud:messaging', 'double').source).toBe('double');
  });

  it('closes the host when an actor cannot start', async () => {
    await expect(openActorSession({ actor, actors: [join(dir, 'missing.wasm')] })).rejects.toThrow(HostUserError);
  });
});

describe('parseJsonData', () => {
  it('parses JSON and names the source of malformed data in one line', () => {
    expect(parseJsonData('{"a":1}', '--data')).toEqual({ a: 1 });
    expect(() => parseJsonData('{a:1}', '--data')).toThrow(/^--data is not valid JSON: /);
  });
});
