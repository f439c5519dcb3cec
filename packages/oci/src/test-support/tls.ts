import { scratchDir } from './scratch';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCa {
  dir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  /** A directory holding only ca.crt, the layout skopeo's --cert-dir expects. */
  certDir: string;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    throw new Error(`openssl ${args[0]} failed (is openssl installed?): ${(err as { stderr?: Buffer }).stderr?.toString() ?? err}`, { cause: err });
  }
}

/** A throwaway CA and a server certificate for 127.0.0.1/localhost signed by it, made with openssl. */
export function makeTestCa(): TestCa {
  const dir = scratchDir('nx-wasmcloud-ca-');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      '/CN=nx-wasmcloud test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'], dir);
  writeFileSync(
    join(dir, 'ext.cnf'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n',
  );
  openssl(
    ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'ext.cnf'],
    dir,
  );
  const certDir = join(dir, 'certs.d');
  execFileSync('mkdir', ['-p', certDir]);
  execFileSync('cp', [join(dir, 'ca.crt'), join(certDir, 'ca.crt')]);
  return { dir, caCert: join(dir, 'ca.crt'), serverCert: join(dir, 'server.crt'), serverKey: join(dir, 'server.key'), certDir };
}

/** A self-signed EC certificate and PKCS#8 key for signing registry tokens. */
export function makeSigningCert(): { cert: string; key: string } {
  const dir = scratchDir('nx-wasmcloud-token-');
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'key.pem',
      '-out',
      'cert.pem',
      '-days',
      '2',
      '-subj',
      '/CN=nx-wasmcloud token signer',
      '-addext',
      'keyUsage=critical,digitalSignature',
    ],
    dir,
  );
  return { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
}
