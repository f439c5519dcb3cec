import { createServer, Server } from 'node:http';
import { Readable } from 'node:stream';
import { readBody, redactUrl, Transport } from './transport';

describe('Transport (node http against a local server)', () => {
  let server: Server;
  let base: string;
  const seen: { method: string; headers: Record<string, unknown>; body: string }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push({ method: req.method!, headers: req.headers, body });
        if (req.url === '/big') res.end(Buffer.alloc(2048, 1));
        else res.writeHead(201, { location: '/next?_state=secret' }).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('streams a re-openable body with an exact Content-Length and reports the bytes sent', async () => {
    const t = new Transport({ env: {} });
    let sent = 0;
    const res = await t.send({
      method: 'PATCH',
      url: new URL('/upload', base),
      body: { length: 6, open: () => Readable.from([Buffer.from('abc'), Buffer.from('def')]) },
      onBodyBytes: (n) => (sent += n),
    });
    expect(res.statusCode).toBe(201);
    expect((await readBody(res)).toString()).toBe('ok');
    expect(seen.at(-1)).toMatchObject({ method: 'PATCH', body: 'abcdef' });
    expect(seen.at(-1)!.headers['content-length']).toBe('6');
    expect(sent).toBe(6);
    t.close();
  });

  it('logs method, path and status only: no query string (upload state) and no headers', async () => {
    const lines: string[] = [];
    const t = new Transport({ env: {}, debug: (l) => lines.push(l) });
    (await t.send({ method: 'GET', url: new URL('/x?_state=secret', base), headers: { authorization: 'Bearer tok' } })).resume();
    expect(lines.join('\n')).not.toMatch(/secret|tok|authorization/i);
    expect(lines).toContain(`GET ${base}/x -> 201`);
    expect(redactUrl(new URL('https://h:1/p?q=1'))).toBe('https://h:1/p');
    t.close();
  });

  it('refuses oversized bodies and unreadable CA files', async () => {
    const t = new Transport({ env: {} });
    await expect(readBody(await t.send({ method: 'GET', url: new URL('/big', base) }), 1024)).rejects.toThrow(/larger than 1024 bytes/);
    t.close();
    expect(() => new Transport({ caFile: '/nonexistent/ca.pem' })).toThrow(/cannot read CA file '\/nonexistent\/ca.pem'/);
  });

  it('turns a refused connection into a retryable network error', async () => {
    const t = new Transport({ env: {} });
    await expect(t.send({ method: 'GET', url: new URL('http://127.0.0.1:1/') })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    t.close();
  });
});
