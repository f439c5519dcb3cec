import { readdirSync } from 'node:fs';
import { startLocalRegistry, LocalRegistry } from '../local-registry';
import { makeHtpasswd } from '../test-support/htpasswd';
import { makeTestCa, TestCa } from '../test-support/tls';
import { tempDir } from '../test-support/fixtures';
import { serveNxCache } from './serve';

describe('serveNxCache', () => {
  let ca: TestCa;
  let reg: LocalRegistry;
  beforeAll(async () => {
    ca = makeTestCa();
    reg = await startLocalRegistry({ tls: { certFile: ca.serverCert, keyFile: ca.serverKey }, htpasswd: makeHtpasswd('bot', 'right-password') });
  });
  afterAll(async () => reg?.stop());
  // Each test spools under a root of its own, so other suites and processes cannot disturb the count.
  let tempRoot = '';
  beforeEach(() => {
    tempRoot = tempDir();
  });
  const spools = () => readdirSync(tempRoot).filter((f) => f.startsWith('nx-wasmcloud-nx-cache-'));

  it('checks the registry credentials at start: wrong ones fail at once, in one line, without the password', async () => {
    const err = await serveNxCache({
      repository: `${reg.url}/nx`,
      caFile: ca.caCert,
      tokens: {},
      tempRoot,
      env: { HOME: tempDir(), WASH_REG_USER: 'bot', WASH_REG_PASSWORD: 'wrong-password' },
    }).catch((e) => e);
    expect(err.isUserError).toBe(true);
    expect(err.message).toMatch(/rejected the credentials/);
    expect(err.message).not.toMatch(/wrong-password|\n/);
    expect(spools()).toEqual([]);
  });

  it('serves with the right credentials and removes its temp dir when stopped', async () => {
    const served = await serveNxCache({
      repository: `${reg.url}/nx`,
      caFile: ca.caCert,
      tokens: {},
      tempRoot,
      env: { HOME: tempDir(), WASH_REG_USER: 'bot', WASH_REG_PASSWORD: 'right-password' },
    });
    try {
      expect(served.repository).toBe(`${reg.url}/nx`);
      expect((await fetch(`${served.url}/v1/cache/1`)).status).toBe(404);
      expect(spools()).toHaveLength(1);
    } finally {
      await served.stop();
    }
    expect(spools()).toEqual([]);
  });
});
