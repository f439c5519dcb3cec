import { scratchDir } from './scratch';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeyPair, signActor } from '@nx-wasmcloud/wascap';
import { createPar } from '@nx-wasmcloud/par';

export function tempDir(prefix = 'nx-wasmcloud-oci-'): string {
  return scratchDir(prefix);
}

/** A valid core module: the 8-byte header plus a custom section of `padding` random bytes. */
export function tinyModule(padding = 64): Uint8Array {
  const name = Buffer.from('pad');
  const payload = Buffer.concat([Buffer.from([name.length]), name, randomBytes(padding)]);
  const size: number[] = [];
  let n = payload.length;
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    size.push(b);
  } while (n);
  return Buffer.concat([Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x00]), Buffer.from(size), payload]);
}

/** Writes a signed actor (fresh keys) and returns its path. */
export async function signedActor(dir: string, name = 'echo', padding = 64): Promise<string> {
  const signed = await signActor(tinyModule(padding), { issuer: KeyPair.create('account'), subject: KeyPair.create('module'), name });
  const file = join(dir, `${name}_s.wasm`);
  writeFileSync(file, signed);
  return file;
}

/** Writes a PAR with one random "binary" of `size` bytes and returns its path. */
export async function providerArchive(dir: string, size = 4096, compress = false): Promise<string> {
  const bin = join(dir, `provider-${randomBytes(4).toString('hex')}`);
  writeFileSync(bin, randomBytes(size));
  const result = await createPar({
    binaries: [{ target: 'x86_64-linux', path: bin }],
    capid: 'wasmcloud:test',
    vendor: 'nx-wasmcloud',
    name: 'test provider',
    issuer: KeyPair.create('account'),
    subject: KeyPair.create('service'),
    destination: join(dir, `${randomBytes(4).toString('hex')}.par`),
    compress,
  });
  return result.file;
}
