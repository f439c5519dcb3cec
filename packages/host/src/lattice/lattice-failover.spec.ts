import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createInbox, NatsConnection } from '@nats-io/transport-node';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { sign, watActorModule } from '../test-support/fixtures';
import { FAMILIES } from '../test-support/wat-actor';
import { LatticeHost } from './lattice-host';
import { NatsServer, startNatsServer } from './nats-server';
import { rawInvocation, rawResponse } from './test-support/raw-client';

/**
 * Two hosts share an actor through the queue group; the one in a child process is SIGKILLed while
 * invocations are in flight. The caller's policy (as wasmCloud callers have none built in, it is
 * ours): wait 2000 ms (the RPC default), then retry once with a freshly signed invocation to the same
 * reply inbox. Every invocation must end with exactly one reply on its inbox.
 */
describe('two lattice hosts, one killed in the middle', () => {
  let server: NatsServer;
  let nc: NatsConnection;
  let host: LatticeHost;
  let child: ChildProcess | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'lattice-failover-'));

  afterAll(async () => {
    child?.kill('SIGKILL');
    await host?.close();
    await nc?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('200 invocations are shared, all answered once, with one retry for those the dead host held', async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    const cluster = KeyPair.create('cluster');
    const actor = await sign(watActorModule(FAMILIES['wasmbus-0.7']), { name: 'shared-echo' });
    writeFileSync(join(dir, 'actor.wasm'), actor.bytes);

    host = await LatticeHost.start({ natsUrl: server.url, lattice: 'fo', clusterSeed: cluster.seed, log: () => undefined });
    let parentAnswered = 0;
    host.on('event', (e) => {
      if (e.type === 'invocation_succeeded') parentAnswered++;
    });
    await host.startActor(actor.bytes);

    child = spawn(process.execPath, ['-r', join(__dirname, 'test-support/ts-register.js'), join(__dirname, 'test-support/host-child.ts')], {
      env: { ...process.env, NATS_URL: server.url, LATTICE: 'fo', CLUSTER_SEED: cluster.seed, ACTOR_FILE: join(dir, 'actor.wasm') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let childAnswered = 0;
    let childErr = '';
    child.stderr!.on('data', (d: Buffer) => (childErr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      let buf = '';
      child!.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const line of lines) {
          if (line === 'ready') resolve();
          else if (line.startsWith('answered ')) childAnswered++;
        }
      });
      child!.once('exit', (code) => reject(new Error(`child host exited (${code}): ${childErr}`)));
      setTimeout(() => reject(new Error(`child host not ready in 20 s: ${childErr}`)), 20000).unref();
    });

    const t0 = Date.now();
    const subject = `wasmbus.rpc.fo.${actor.publicKey}`;
    const replies = new Map<number, string[]>();
    let completed = 0;
    let retries = 0;
    let killedAt = -1;
    const one = async (i: number) => {
      const inbox = createInbox();
      const got: string[] = [];
      replies.set(i, got);
      let arrived: () => void = () => undefined;
      nc.subscribe(inbox, {
        callback: (_e, m) => {
          const r = rawResponse(m.data);
          got.push(r.error ?? new TextDecoder().decode(r.msg));
          arrived();
        },
      });
      await nc.flush();
      for (let attempt = 0; attempt < 2 && got.length === 0; attempt++) {
        if (attempt > 0) retries++;
        const { bytes } = await rawInvocation({ cluster, actor: actor.publicKey, operation: 'Echo.Echo', msg: new TextEncoder().encode(`n${i}`) });
        const wait = new Promise<void>((resolve) => {
          arrived = resolve;
          setTimeout(resolve, 2000).unref();
        });
        nc.publish(subject, bytes, { reply: inbox });
        await wait;
      }
      completed++;
      if (completed === 100 && killedAt < 0) {
        killedAt = completed;
        child!.kill('SIGKILL');
      }
    };
    // A sliding window of 20: invocations are in flight when the kill lands.
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < 200) await one(next++);
      }),
    );
    // Late duplicates would arrive now.
    await new Promise((r) => setTimeout(r, 1000));
    await nc.flush();

    expect(killedAt).toBe(100);
    for (let i = 0; i < 200; i++) expect(replies.get(i)).toEqual([`n${i}`]);
    expect(childAnswered).toBeGreaterThan(0);
    expect(parentAnswered).toBeGreaterThan(0);
    // Whatever the dead host did not answer, the survivor did (a retried one may have run twice: at least once, answered once).
    expect(parentAnswered + childAnswered).toBeGreaterThanOrEqual(200);
    process.stdout.write(
      `failover: parent answered ${parentAnswered}, child ${childAnswered} before SIGKILL, ${retries} retried after the 2000 ms timeout; ${Date.now() - t0} ms\n`,
    );
  }, 60000);
});
