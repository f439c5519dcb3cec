#!/usr/bin/env node
// A small Nx self-hosted remote cache server (the OpenAPI Nx >= 20.8 speaks through
// NX_SELF_HOSTED_REMOTE_CACHE_SERVER): GET /v1/cache/{hash} answers 200 with the stored tar or
// 404; PUT /v1/cache/{hash} stores the body (200), or answers 409 when the record exists,
// because a record is never overwritten (an overwrite is how a cache gets poisoned). With a
// token, every request needs `Authorization: Bearer <token>` (401 otherwise); a read-only token
// may GET but not PUT (403). Records are files under a storage dir, written to a temp file and
// renamed. For tests and local use on loopback, not a production cache.
//
// Standalone:  NX_CACHE_SERVER_TOKEN=secret node tools/remote-cache-server.js [--port 0] [--dir DIR] [--host 127.0.0.1]
// then:        NX_SELF_HOSTED_REMOTE_CACHE_SERVER=http://127.0.0.1:<port> NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN=secret nx run ...
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const { timingSafeEqual, randomBytes } = require('node:crypto');

const HASH = /^[A-Za-z0-9_.-]{1,200}$/;

function sameSecret(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function bearer(req) {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization || '');
  return m ? m[1].trim() : undefined;
}

/**
 * Starts the server; resolves { url, port, dir, stats, stop() }. `stats` counts requests per
 * kind ({ hits, misses, stored, conflicts, denied }) and lists the hashes seen, so a test can
 * assert what the Nx client did.
 */
function start({ dir, port = 0, host = '127.0.0.1', token, readOnlyToken, log = () => {} } = {}) {
  if (!dir) throw new Error('remote-cache-server: a storage dir is required');
  fs.mkdirSync(dir, { recursive: true });
  const stats = { hits: 0, misses: 0, stored: 0, conflicts: 0, denied: 0, gets: [], puts: [] };

  const server = http.createServer((req, res) => {
    const done = (status, body = '') => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(body);
    };
    const m = /^\/v1\/cache\/([^/?]+)$/.exec((req.url || '').split('?')[0]);
    if (!m || !HASH.test(m[1])) return done(404, 'not found');
    const hash = m[1];
    const file = path.join(dir, hash);

    if (token || readOnlyToken) {
      const given = bearer(req);
      const full = token && given && sameSecret(given, token);
      const readOnly = readOnlyToken && given && sameSecret(given, readOnlyToken);
      if (!full && !readOnly) {
        stats.denied++;
        return done(401, 'missing or invalid bearer token');
      }
      if (req.method === 'PUT' && !full) {
        stats.denied++;
        return done(403, 'this token may only read');
      }
    }

    if (req.method === 'GET') {
      stats.gets.push(hash);
      fs.stat(file, (err, st) => {
        if (err) {
          stats.misses++;
          log(`GET ${hash} miss`);
          return done(404, 'not found');
        }
        stats.hits++;
        log(`GET ${hash} hit`);
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': st.size });
        fs.createReadStream(file).pipe(res);
      });
      return undefined;
    }

    if (req.method === 'PUT') {
      stats.puts.push(hash);
      if (fs.existsSync(file)) {
        stats.conflicts++;
        req.resume();
        log(`PUT ${hash} conflict`);
        return done(409, 'record exists');
      }
      const tmp = path.join(dir, `.${hash}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      const out = fs.createWriteStream(tmp, { flags: 'wx' });
      req.pipe(out);
      const fail = () => {
        fs.rm(tmp, { force: true }, () => done(500, 'write failed'));
      };
      req.on('error', fail);
      out.on('error', fail);
      out.on('finish', () => {
        // link() fails if another upload of the same hash won the race: never overwrite.
        fs.link(tmp, file, (err) => {
          fs.rm(tmp, { force: true }, () => {
            if (err && err.code === 'EEXIST') {
              stats.conflicts++;
              return done(409, 'record exists');
            }
            if (err) return done(500, 'write failed');
            stats.stored++;
            log(`PUT ${hash} stored`);
            return done(200);
          });
        });
      });
      return undefined;
    }

    return done(405, 'method not allowed');
  });

  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      const stop = () =>
        new Promise((r) => {
          for (const s of sockets) s.destroy();
          server.close(() => r());
        });
      resolve({ url: `http://${host}:${actual}`, port: actual, dir, stats, server, stop });
    });
  });
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline !== undefined ? inline : argv[++i];
    if (flag === '--port') opts.port = Number(value);
    else if (flag === '--dir') opts.dir = value;
    else if (flag === '--host') opts.host = value;
    else {
      process.stderr.write(`remote-cache-server: unknown option ${argv[i]}\nusage: node tools/remote-cache-server.js [--port N] [--dir DIR] [--host H]\n`);
      process.exit(2);
    }
  }
  return opts;
}

if (require.main === module) {
  const opts = parseArgs(process.argv.slice(2));
  const dir = path.resolve(opts.dir || path.join(process.cwd(), '.nx-remote-cache'));
  start({
    dir,
    port: opts.port || 0,
    host: opts.host || '127.0.0.1',
    // Tokens come from the environment, never from argv (visible in `ps`).
    token: process.env.NX_CACHE_SERVER_TOKEN || undefined,
    readOnlyToken: process.env.NX_CACHE_SERVER_READ_TOKEN || undefined,
    log: (line) => process.stdout.write(`${line}\n`),
  }).then(
    (s) => {
      process.stdout.write(`nx remote cache listening on ${s.url} (storage ${dir})\n`);
      const bye = () => s.stop().then(() => process.exit(0));
      process.on('SIGINT', bye);
      process.on('SIGTERM', bye);
    },
    (err) => {
      process.stderr.write(`remote-cache-server: ${err.message}\n`);
      process.exit(1);
    },
  );
}

module.exports = { start };
