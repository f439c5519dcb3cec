import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createPar, hostParTarget } from '@nx-wasmcloud/par';
import { KeyPair } from '@nx-wasmcloud/wascap';

/** The plugin's `minimal` provider template: the provider these tests run is the one users generate. */
export const MINIMAL_TEMPLATE = join(__dirname, '../../../../plugin/src/generators/provider/files/rust-minimal');
const CACHE = join(tmpdir(), 'nx-wasmcloud-host-fixtures');

function templateFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? templateFiles(join(dir, e.name), base) : [relative(base, join(dir, e.name))],
  );
}

/** Renders the template as the generator would (its three placeholders) into `out`. */
export function renderMinimalTemplate(out: string, vars: { name: string; contractId: string }): void {
  const snake = vars.name.replace(/-/g, '_');
  for (const rel of templateFiles(MINIMAL_TEMPLATE)) {
    const target = join(out, rel.replace(/__tmpl__$/, '').replace(/^__dot__/, '.'));
    mkdirSync(join(target, '..'), { recursive: true });
    const text = readFileSync(join(MINIMAL_TEMPLATE, rel), 'utf8')
      .replaceAll('<%- name %>', vars.name)
      .replaceAll('<%- snakeName %>', snake)
      .replaceAll('<%- contractId %>', vars.contractId);
    writeFileSync(target, text);
  }
}

/**
 * The minimal template built for this machine with the Debian cargo (no crates.io), cached by the
 * template's content so a test run compiles it once. Returns the binary's path.
 */
export function minimalProviderBinary(): string {
  const key = createHash('sha256');
  for (const rel of templateFiles(MINIMAL_TEMPLATE).sort()) key.update(rel).update(readFileSync(join(MINIMAL_TEMPLATE, rel)));
  const file = join(CACHE, `provider-${key.digest('hex').slice(0, 24)}`);
  if (existsSync(file)) return file;
  mkdirSync(CACHE, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'host-provider-build-'));
  try {
    renderMinimalTemplate(dir, { name: 'fact-provider', contractId: 'wasmcloud:example:fact_provider' });
    try {
      execFileSync('/usr/bin/cargo', ['build', '--offline', '--quiet'], {
        cwd: dir,
        stdio: 'pipe',
        env: { ...process.env, RUSTC: '/usr/bin/rustc', CARGO_TARGET_DIR: join(dir, 'target') },
      });
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
      if (err.code === 'ENOENT')
        throw new Error(
          '/usr/bin/cargo is required by these tests but was not found: install the Debian packages cargo and rustc (tools/ensure-system-deps.sh)',
          { cause: e },
        );
      throw new Error(`cargo build of the minimal provider template failed: ${err.stderr?.toString() ?? err.message}`, { cause: e });
    }
    const tmp = `${file}.${process.pid}.tmp`;
    copyFileSync(join(dir, 'target', 'debug', 'fact_provider'), tmp);
    chmodSync(tmp, 0o755);
    renameSync(tmp, file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return file;
}

/** A shell script standing in for a provider binary (faults a real provider should not have). */
export function scriptBinary(dir: string, name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

export interface BuiltPar {
  file: string;
  subject: KeyPair;
  issuer: KeyPair;
}

/** Packs a binary as this machine's target into a signed PAR with @nx-wasmcloud/par. */
export async function packPar(binary: string, dest: string, o: { name?: string; capid?: string; rev?: number } = {}): Promise<BuiltPar> {
  const issuer = KeyPair.create('account');
  const subject = KeyPair.create('service');
  const r = await createPar({
    binaries: [{ target: hostParTarget(), path: binary }],
    capid: o.capid ?? 'wasmcloud:example:fact_provider',
    vendor: 'Tests',
    name: o.name ?? 'fact-provider',
    rev: o.rev ?? 1,
    ver: '0.1.0',
    issuer,
    subject,
    destination: dest,
    compress: true,
    env: {},
  });
  return { file: r.file, subject, issuer };
}
