import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';

export type Fault = 'pass' | 'drop' | 'drop-mid-body' | { status: number; retryAfter?: string } | { throttle: number };

export interface FaultProxy {
  /** host:port to use as the registry. */
  url: string;
  /** Every request seen: method, path (no query) and the fault applied. */
  log: { method: string; path: string; fault: string }[];
  stop(): Promise<void>;
}

/**
 * An HTTP proxy in front of a real registry that injects faults chosen per request by `decide`
 * (status codes, connections dropped before or in the middle of a request body). Everything it
 * passes through reaches the real registry unchanged, Host header included, so the registry's
 * Location headers point back at the proxy.
 */
export async function startFaultProxy(target: { host: string; port: number }, decide: (req: IncomingMessage, n: number) => Fault): Promise<FaultProxy> {
  const log: FaultProxy['log'] = [];
  let n = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const fault = decide(req, n++);
    const path = (req.url ?? '').split('?')[0];
    log.push({ method: req.method ?? '', path, fault: typeof fault === 'string' ? fault : 'status' in fault ? String(fault.status) : 'throttle' });
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault === 'drop-mid-body') {
      let seen = 0;
      req.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > 1024) req.socket.destroy();
      });
      req.on('end', () => req.socket.destroy());
      return;
    }
    if (typeof fault === 'object' && 'throttle' in fault) {
      // Passes the request on, its body at `throttle` bytes per second: an upload still under way
      // when a test interrupts it.
      const upstream = request({ host: target.host, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.on('data', (chunk: Buffer) => {
        req.pause();
        upstream.write(chunk);
        setTimeout(() => req.resume(), (chunk.length / fault.throttle) * 1000);
      });
      req.on('end', () => upstream.end());
      req.socket.on('close', () => upstream.destroy());
      return;
    }
    if (fault !== 'pass') {
      req.resume();
      req.on('end', () =>
        res
          .writeHead(fault.status, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {})
          .end('{"errors":[{"code":"UNAVAILABLE","message":"injected"}]}'),
      );
      return;
    }
    const upstream = request({ host: target.host, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `127.0.0.1:${port}`,
    log,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
