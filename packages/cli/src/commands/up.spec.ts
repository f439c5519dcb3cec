import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { run } from '../program';
import { captureIo } from '../test-support';

jest.setTimeout(90_000);

const ROOT = join(__dirname, '../../../..');
const REGISTER = join(ROOT, 'packages/host/src/lattice/test-support/ts-register.js');
const BIN = join(ROOT, 'packages/cli/src/bin.ts');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('nx-wasmcloud up flags', () => {
  it('bad flags are usage errors (exit 2) before anything starts', async () => {
    const a = captureIo();
    expect(await run(['up', '--nats-port', '99999'], a)).toBe(2);
    expect(a.stderr).toEqual(['error: --nats-port 99999: give a port from 1 to 65535']);
    const b = captureIo();
    expect(await run(['up', '--nats-port', '4222', '--nats-url', '127.0.0.1:4222'], b)).toBe(2);
    expect(b.stderr).toEqual(['error: --nats-port is the port of the nats-server up starts: leave it out with --nats-url']);
    const c = captureIo();
    expect(await run(['up', '--lattice', 'a.b'], c)).toBe(2);
    expect(c.stderr[0]).toMatch(/^error: --lattice a\.b: a lattice name is/);
  });
});

describe('nx-wasmcloud up (a real child process)', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child?.exitCode === null) child.kill('SIGKILL');
  });

  it('prints NATS URL, lattice, host key, cluster issuer (never the seed) and the ready line; answers ctl get hosts; SIGTERM stops nats-server and itself', async () => {
    const cluster = KeyPair.create('cluster');
    child = spawn(process.execPath, ['-r', REGISTER, BIN, 'up', '--lattice', 'upchild'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, WASMCLOUD_CLUSTER_SEED: cluster.seed },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    const stderr: string[] = [];
    child.stderr!.on('data', (d) => stderr.push(String(d)));
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    await new Promise<void>((resolve, reject) => {
      const rl = createInterface({ input: child!.stdout! });
      rl.on('line', (l) => {
        lines.push(l);
        if (l.startsWith('wasmCloud host ready')) resolve();
      });
      void exited.then(() => reject(new Error(`up exited early: ${stderr.join('')}`)));
    });
    expect(lines[0]).toMatch(/^NATS: nats:\/\/127\.0\.0\.1:\d+ \(nats-server started on loopback, JetStream on\)$/);
    expect(lines[1]).toBe('lattice: upchild');
    expect(lines[2]).toMatch(/^host: N[A-Z2-7]{55}$/);
    expect(lines[3]).toBe(`cluster issuer: ${cluster.publicKey}`);
    expect(lines.join('\n') + stderr.join('')).not.toContain(cluster.seed);
    const hostPort = /127\.0\.0\.1:\d+/.exec(lines[0])![0];

    const io = captureIo();
    expect(await run(['ctl', 'get', 'hosts', '--nats-url', hostPort, '--lattice', 'upchild', '-o', 'json'], io)).toBe(0);
    expect(JSON.parse(io.stdout[0]).hosts.map((h: { id: string }) => h.id)).toEqual([lines[2].slice('host: '.length)]);

    const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], { encoding: 'utf8' })
      .split('\n')
      .map((s) => Number(s.trim()))
      .filter(Boolean);
    expect(children.length).toBeGreaterThanOrEqual(1);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of children) expect(alive(pid)).toBe(false);
  });
});
