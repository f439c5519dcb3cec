import { decode, encode } from '@msgpack/msgpack';
import { HostUserError, RPC_TIMEOUT_ERROR } from './errors';
import { Host } from './host';
import { keyValueDouble } from './doubles/keyvalue';
import { messagingDouble } from './doubles/messaging';
import { hostCallPayload, sign, watActorModule } from './test-support/fixtures';
import { bytes, FAMILIES_SIGNED, text } from './test-support/host-fixtures';
import { FAMILIES } from './test-support/wat-actor';
import { InvocationContext, LogEntry } from './types';

const NUMBERGEN = 'wasmcloud:builtin:numbergen';
const LOGGING = 'wasmcloud:builtin:logging';
const KV = 'wasmcloud:keyvalue';
const MSG = 'wasmcloud:messaging';

describe('host calls (as wasmcloud-otp imports.ex answers them)', () => {
  let host: Host;
  const logs: LogEntry[] = [];
  let caller: string;
  let unclaimed: string;
  let target: string;
  beforeAll(async () => {
    host = new Host({ log: (e) => logs.push(e), lattice: 'testlattice', timeoutMs: 400 });
    caller = (await host.startActor((await FAMILIES_SIGNED('wasmbus-0.7', [NUMBERGEN, LOGGING, KV, MSG])).bytes)).publicKey;
    unclaimed = (await host.startActor((await sign(watActorModule(FAMILIES['wascc']), { name: 'unclaimed' })).bytes)).publicKey;
    target = (await host.startActor((await sign(watActorModule(FAMILIES['wasmbus-0.3']), { name: 'target', callAlias: 'the/target' })).bytes)).publicKey;
  });
  afterAll(() => host.close());

  const hc = (actor: string, binding: string, ns: string, op: string, payload?: Uint8Array, timeoutMs?: number) =>
    host.call(actor, 'Host.Call', hostCallPayload(binding, ns, op, payload), { timeoutMs });

  describe('builtins: need the claim, no link', () => {
    it('NumberGen.GenerateGuid, Random32, RandomInRange (inclusive)', async () => {
      expect(decode(await hc(caller, 'default', NUMBERGEN, 'NumberGen.GenerateGuid'))).toMatch(/^[0-9a-f-]{36}$/);
      const r = decode(await hc(caller, 'default', NUMBERGEN, 'NumberGen.Random32')) as number;
      expect(Number.isInteger(r) && r >= 0 && r <= 4294967295).toBe(true);
      expect(decode(await hc(caller, 'default', NUMBERGEN, 'NumberGen.RandomInRange', encode({ min: 7, max: 7 })))).toBe(7);
      const seen = new Set<number>();
      for (let i = 0; i < 40; i++) seen.add(decode(await hc(caller, 'default', NUMBERGEN, 'NumberGen.RandomInRange', encode({ min: 1, max: 2 }))) as number);
      expect([...seen].sort()).toEqual([1, 2]);
    });
    it('Logging.WriteLog: a log line at its level (unknown levels as debug), empty reply', async () => {
      logs.length = 0;
      expect((await hc(caller, '', LOGGING, 'Logging.WriteLog', encode({ level: 'warn', text: 'careful' }))).length).toBe(0);
      await hc(caller, '', LOGGING, 'Logging.WriteLog', encode({ level: 'loud', text: 'x' }));
      expect(logs).toEqual([
        { actor: 'wat-wasmbus-0.7', level: 'warn', text: 'careful' },
        { actor: 'wat-wasmbus-0.7', level: 'debug', text: 'x' },
      ]);
    });
    it('without the claim: missing capability claim', async () => {
      await expect(hc(unclaimed, 'default', NUMBERGEN, 'NumberGen.Random32')).rejects.toThrow(
        `Host error: Invocation not authorized: missing capability claim for ${NUMBERGEN}`,
      );
      await expect(hc(unclaimed, 'default', LOGGING, 'Logging.WriteLog', encode({ level: 'info', text: 'x' }))).rejects.toThrow(
        `Host error: Invocation not authorized: missing capability claim for ${LOGGING}`,
      );
    });
  });

  describe('links', () => {
    it('a linked provider answers; it sees the context (actor, link name, values)', async () => {
      const seen: InvocationContext[] = [];
      host.link(
        caller,
        'wasmcloud:example',
        (op, payload, ctx) => {
          seen.push(ctx);
          return bytes(`${op}:${text(payload)}`);
        },
        { linkName: 'second', values: { url: 'x' } },
      );
      // The claim is missing for wasmcloud:example: the link alone is not enough.
      await expect(hc(caller, 'second', 'wasmcloud:example', 'Ex.Do', bytes('p'))).rejects.toThrow(
        'Host error: Invocation not authorized: missing capability claim for wasmcloud:example',
      );
      host.link(
        caller,
        KV,
        (op, payload, ctx) => {
          seen.push(ctx);
          return bytes(`${op}:${text(payload)}`);
        },
        { linkName: 'second', values: { url: 'x' } },
      );
      expect(text(await hc(caller, 'second', KV, 'KeyValue.Get', bytes('k')))).toBe('KeyValue.Get:k');
      expect(seen).toEqual([{ actor: caller, actorName: 'wat-wasmbus-0.7', contractId: KV, linkName: 'second', values: { url: 'x' } }]);
      host.unlink(caller, KV, 'second');
      host.unlink(caller, 'wasmcloud:example', 'second');
    });
    it('no link: otp finds no target and answers "Call alias not found: <ns> on <lattice>"', async () => {
      await expect(hc(caller, 'default', KV, 'KeyValue.Get', encode('k'))).rejects.toThrow(`Host error: Call alias not found: ${KV} on testlattice`);
    });
    it('the keyvalue double through a link, current and 0.18-era operations', async () => {
      const kv = keyValueDouble({ greeting: 'hi' });
      host.link(caller, KV, kv);
      expect(decode(await hc(caller, 'default', KV, 'KeyValue.Get', encode('greeting')))).toEqual({ value: 'hi', exists: true });
      expect(decode(await hc(caller, 'default', KV, 'KeyValue.Increment', encode({ key: 'n', value: 5 })))).toBe(5);
      expect(decode(await hc(caller, 'default', KV, 'Add', encode({ key: 'n', value: 2 })))).toEqual({ value: 7 });
      expect(kv.store.get('n')).toBe(7);
      host.unlink(caller, KV);
    });
    it('an async provider; a provider error passes through verbatim (UTF-8); a silent one times out', async () => {
      host.link(caller, KV, async (op) => {
        await new Promise((r) => setTimeout(r, 20));
        if (op === 'Bad') throw new Error('ошибка ✗ provider');
        if (op === 'Hang') return new Promise<Uint8Array>(() => undefined);
        return bytes('later');
      });
      expect(text(await hc(caller, 'default', KV, 'Ok'))).toBe('later');
      await expect(hc(caller, 'default', KV, 'Bad')).rejects.toThrow('Host error: ошибка ✗ provider');
      await expect(hc(caller, 'default', KV, 'Hang', undefined, 3000)).rejects.toThrow(`Host error: ${RPC_TIMEOUT_ERROR}`);
      host.link(caller, KV, () => {
        throw new Error('sync failure');
      });
      await expect(hc(caller, 'default', KV, 'X')).rejects.toThrow('Host error: sync failure');
      host.unlink(caller, KV);
    });
    it('the messaging double through a link: publishes recorded, a Request answered asynchronously', async () => {
      const m = messagingDouble({ onRequest: async (subject, body) => bytes(`${subject}<-${text(body)}`) });
      host.link(caller, MSG, m);
      expect((await hc(caller, 'default', MSG, 'Messaging.Publish', encode({ subject: 'news', body: bytes('hello') }))).length).toBe(0);
      expect(m.published.map((p) => [p.subject, text(p.body)])).toEqual([['news', 'hello']]);
      const reply = decode(await hc(caller, 'default', MSG, 'Messaging.Request', encode({ subject: 'ask', body: bytes('q'), timeoutMs: 100 }))) as {
        body: Uint8Array;
      };
      expect(text(reply.body)).toBe('ask<-q');
      host.unlink(caller, MSG);
    });
    it('link() on an unknown actor is a HostUserError', () => {
      expect(() => host.link('ghost', KV, keyValueDouble())).toThrow(HostUserError);
    });
  });

  describe('actor to actor: always allowed', () => {
    it('by module key and by call alias', async () => {
      expect(text(await hc(unclaimed, '', target, 'Echo.Echo', bytes('by key')))).toBe('by key');
      expect(text(await hc(unclaimed, '', 'the/target', 'Echo.Echo', bytes('by alias')))).toBe('by alias');
    });
    it("the target's error comes back verbatim", async () => {
      await expect(hc(caller, '', target, 'Fail.Fail')).rejects.toThrow('Host error: échec: boom ✗');
    });
    it('an unknown alias, and a module key nobody runs (a lattice would time out)', async () => {
      await expect(hc(caller, '', 'no/such', 'Echo.Echo')).rejects.toThrow('Host error: Call alias not found: no/such on testlattice');
      await expect(hc(caller, '', 'M' + 'A'.repeat(55), 'Echo.Echo')).rejects.toThrow(`Host error: ${RPC_TIMEOUT_ERROR}`);
    });
    it('a target that loops: the caller gets the timeout error and the target recovers', async () => {
      await expect(hc(caller, '', target, 'Loop.Forever', undefined, 3000)).rejects.toThrow(`Host error: ${RPC_TIMEOUT_ERROR}`);
      expect(text(await host.call(target, 'Echo.Echo', bytes('back')))).toBe('back');
    });
  });
});
