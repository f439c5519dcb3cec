import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ACTOR_WAT } from './files';

/** Compiles ACTOR_WAT with the real wat2wasm into `dest`. */
export function writeActorWasm(dest: string): void {
  if (!existsSync('/usr/bin/wat2wasm'))
    throw new Error('wat2wasm (wabt) is required for this test: /usr/bin/wat2wasm is missing (run tools/ensure-system-deps.sh)');
  mkdirSync(dirname(dest), { recursive: true });
  const wat = `${dest}.wat`;
  writeFileSync(wat, ACTOR_WAT);
  execFileSync('/usr/bin/wat2wasm', [wat, '-o', dest]);
}
