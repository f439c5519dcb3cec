import { request } from 'node:http';
import { Host } from '../host';
import { encodeMsgpack } from '../codec';
import { sign, watActorModule, wat2wasm } from '../test-support/fixtures';
import { FAMILIES } from '../test-support/wat-actor';
import { Dashboard, startDashboard } from './server';
import { LogTap } from './log-tap';
import { embeddedTarget } from './target';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP, so the Host and Origin headers are exactly what a hostile page or client would send. */
function http(
  d: Dashboard,
  o: { method?: string; path: string; headers?: Record<string, string>; body?: Uint8Array | string; token?: boolean },
): Promise<Answer> {
  const sep = o.path.includes('?') ? '&' : '?';
  const path = o.token === false ? o.path : `${o.path}${sep}token=${d.token}`;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: d.port, method: o.method ?? 'GET', path, headers: { host: `127.0.0.1:${d.port}`, ...o.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}
/** The canned Testing.Start reply of the test actor: one pass, one failure (msgpack TestResults). */
export const TEST_REPLY = encodeMsgpack([
  { name: 'adds', passed: true },
  { name: 'divides', passed: false, snapData: new TextEncoder().encode('{"error":"division by zero"}') },
]);
/** Status and body together, so a failure shows the dashboard's reason. */
const outcome = (r: Answer) => ({ status: r.status, body: JSON.parse(r.body) as unknown });
const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('dashboard server (HTTP)', () => {
  let host: Host;
  let dashboard: Dashboard;
  const logs = new LogTap();

  beforeEach(async () => {
    host = new Host({ log: logs.sink });
    dashboard = await startDashboard(embeddedTarget(host, { hostId: 'NTESTHOST' }), { logTap: logs, maxUploadBytes: 64 * 1024 });
  });
  afterEach(async () => {
    await dashboard.close();
    await host.close();
  });

  it('listens on 127.0.0.1 with a random per-start token in the printed URL', async () => {
    expect(dashboard.url).toBe(`http://127.0.0.1:${dashboard.port}/?token=${dashboard.token}`);
    expect(dashboard.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = await startDashboard(embeddedTarget(host));
    try {
      expect(other.token).not.toBe(dashboard.token);
    } finally {
      await other.close();
    }
    const page = await http(dashboard, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script type="module" src="app.mjs">');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses the page, the events and every action without the right token', async () => {
    for (const path of ['/', '/events', '/?token=wrong']) {
      const r = await http(dashboard, { path, token: false });
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body).error).toMatch(/dashboard token/);
    }
    const r = await http(dashboard, { path: '/api/stop', token: false, ...json({ actor: 'x' }) });
    expect(r.status).toBe(401);
    // The token never appears in an answer.
    expect(r.body).not.toContain(dashboard.token);
  });

  it('refuses a foreign Origin, a cross-site fetch and a Host header that is not ours (DNS rebinding), even with the token', async () => {
    const evil = await http(dashboard, {
      path: '/api/stop',
      ...json({ actor: 'x' }),
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
    });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body).error).toBe("Origin 'http://evil.example' may not use this dashboard");
    const otherPort = await http(dashboard, { path: '/events', headers: { origin: `http://127.0.0.1:${dashboard.port + 1}` } });
    expect(otherPort.status).toBe(403);
    const crossSite = await http(dashboard, { path: '/', headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    const rebound = await http(dashboard, { path: '/', headers: { host: `evil.example:${dashboard.port}` } });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).error).toBe(`Host header 'evil.example:${dashboard.port}' is not this dashboard's address`);
    const same = await http(dashboard, { path: '/', headers: { origin: `http://127.0.0.1:${dashboard.port}`, 'sec-fetch-site': 'same-origin' } });
    expect(same.status).toBe(200);
    const localhost = await http(dashboard, { path: '/', headers: { host: `localhost:${dashboard.port}` } });
    expect(localhost.status).toBe(200);
    // No preflight is ever answered, so a cross-origin page cannot send application/wasm or JSON.
    const preflight = await http(dashboard, {
      method: 'OPTIONS',
      path: '/api/upload',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves the static assets without the token (they hold no state) but still checks Host', async () => {
    const lib = await http(dashboard, { path: '/preact-htm.mjs', token: false });
    expect(lib.status).toBe(200);
    expect(lib.headers['content-type']).toMatch(/^text\/javascript/);
    expect(lib.body).toContain('useState');
    const rebound = await http(dashboard, { path: '/app.mjs', token: false, headers: { host: 'evil.example' } });
    expect(rebound.status).toBe(403);
  });

  it('caps uploads (413 with the limit) and wants application/wasm', async () => {
    const big = new Uint8Array(64 * 1024 + 1);
    const r = await http(dashboard, { method: 'POST', path: '/api/upload', headers: { 'content-type': 'application/wasm' }, body: big });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error).toBe('the upload is larger than the limit of 65536 bytes');
    // A body without content-length (chunked) is counted as it arrives.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: dashboard.port,
          method: 'POST',
          path: `/api/upload?token=${dashboard.token}`,
          headers: { host: `127.0.0.1:${dashboard.port}`, 'content-type': 'application/wasm', 'transfer-encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 5; i++) req.write(new Uint8Array(16 * 1024));
      req.end();
    });
    expect(chunked).toBe(413);
    const form = await http(dashboard, { method: 'POST', path: '/api/upload', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(form.status).toBe(415);
    expect(JSON.parse(form.body).error).toBe("expected content-type application/wasm, got 'text/plain'");
  });

  it('starts a signed upload, invokes it, runs Testing.Start and stops it; an unsigned upload is refused with the reason', async () => {
    const signed = await sign(watActorModule({ ...FAMILIES['wasmbus-0.7'], testReply: TEST_REPLY }), { name: 'http-echo' });
    const started = await http(dashboard, { method: 'POST', path: '/api/upload', headers: { 'content-type': 'application/wasm' }, body: signed.bytes });
    expect(outcome(started)).toMatchObject({ status: 200, body: { publicKey: signed.publicKey, name: 'http-echo' } });
    expect(host.actors().map((a) => a.publicKey)).toEqual([signed.publicKey]);

    const invoked = await http(dashboard, { path: '/api/invoke', ...json({ actor: 'http-echo', operation: 'Echo.Echo', data: '{"hello": "world"}' }) });
    expect(JSON.parse(invoked.body)).toEqual({ format: 'msgpack', json: { hello: 'world' }, binaries: 'none' });
    const failed = await http(dashboard, { path: '/api/invoke', ...json({ actor: 'http-echo', operation: 'Fail.Fail' }) });
    expect(failed.status).toBe(400);
    expect(JSON.parse(failed.body).error).toBe('échec: boom ✗');
    const badJson = await http(dashboard, { path: '/api/invoke', ...json({ actor: 'http-echo', operation: 'Echo.Echo', data: '{nope' }) });
    expect(JSON.parse(badJson.body).error).toMatch(/^the input is not valid JSON/);

    const tests = await http(dashboard, { path: '/api/test', ...json({ actor: signed.publicKey }) });
    expect(JSON.parse(tests.body)).toEqual({
      lines: ['Pass: adds', 'Fail: divides: division by zero', 'Test results: 1/2 Passed'],
      passed: 1,
      total: 2,
      ok: false,
    });
    const counted = await http(dashboard, { path: '/api/invoke', ...json({ actor: 'http-echo', operation: 'Echo.Echo' }) });
    expect(JSON.parse(counted.body)).toEqual({ format: 'empty', json: null, binaries: 'none' });

    const unsigned = await http(dashboard, {
      method: 'POST',
      path: '/api/upload',
      headers: { 'content-type': 'application/wasm' },
      body: wat2wasm('(module (memory (export "memory") 1))'),
    });
    expect(unsigned.status).toBe(400);
    expect(JSON.parse(unsigned.body).error).toMatch(/No claims found in source module/);

    const notRef = await http(dashboard, { path: '/api/start', ...json({ reference: '/etc/passwd' }) });
    expect(notRef.status).toBe(400);
    expect(JSON.parse(notRef.body).error).toBe("'/etc/passwd' is not an OCI reference (e.g. 127.0.0.1:5000/hello:0.1.0)");

    const stopped = await http(dashboard, { path: '/api/stop', ...json({ actor: signed.publicKey }) });
    expect(outcome(stopped)).toEqual({ status: 200, body: { ok: true } });
    expect(host.actors()).toEqual([]);
  });

  it('streams the state and log lines as server-sent events', async () => {
    const frames: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: dashboard.port, path: `/events?token=${dashboard.token}`, headers: { host: `127.0.0.1:${dashboard.port}` } },
        (res) => {
          expect(res.headers['content-type']).toBe('text/event-stream');
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            frames.push(c);
            if (frames.join('').includes('"name":"sse-echo"')) {
              req.destroy();
              resolve();
            }
          });
        },
      );
      req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(e)));
      req.end();
    });
    const signed = await sign(watActorModule(FAMILIES['wasmbus-0.7']), { name: 'sse-echo' });
    await new Promise((r) => setTimeout(r, 50));
    const started = await http(dashboard, { method: 'POST', path: '/api/upload', headers: { 'content-type': 'application/wasm' }, body: signed.bytes });
    expect(outcome(started)).toMatchObject({ status: 200 });
    await done;
    const text = frames.join('');
    expect(text.startsWith('event: state\ndata: {"host":{"hostId":"NTESTHOST"')).toBe(true);
    expect(text).toContain('event: log\ndata: ');
    expect(text).toContain(`started sse-echo (${signed.publicKey})`);
  });
});
