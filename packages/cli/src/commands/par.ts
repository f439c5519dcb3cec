import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import { promises as fs } from 'node:fs';
import { assertRegularFile, createPar, fileStem, insertPar, inspectPar, MAX_SCHEMA_BYTES, ParError, ParInspection, validateParTarget } from '@nx-wasmcloud/par';
import { resolveKeyPair, KeyPair } from '@nx-wasmcloud/wascap';
import { UsageError } from '../errors';
import { addOciInspectOptions, OciInspectFlags, withInspectSource } from './inspect-source';
import { KeyFlags, keyOptions } from './keys-explicit';
import { addOutputOption, collect, escapeControl, Io, OutputKind, printResult } from '../output';

/** par create|insert|inspect (owner: par). Thin: flags in, one @nx-wasmcloud/par call, result out. */
export function registerPar(program: Command, io: Io): void {
  const par = program.command('par').description('create, insert into and inspect provider archives (.par / .par.gz)');

  addKeyOptions(
    addOutputOption(
      par
        .command('create')
        .description('build a provider archive from native binaries and signed provider claims')
        .requiredOption('-c, --capid <capid>', 'capability contract ID, e.g. wasmcloud:httpserver')
        .requiredOption('-v, --vendor <vendor>', 'vendor name')
        .requiredOption('-n, --name <name>', 'provider name')
        .requiredOption('-a, --arch <arch>', 'target of the binary as <arch>-<os>, e.g. x86_64-linux (repeat with --binary for more)', collect)
        .requiredOption('-b, --binary <path>', 'native provider binary for --arch (repeatable, paired in order)', collect)
        .option('-r, --revision <rev>', 'revision number (32-bit integer)')
        .option('--version <ver>', 'human-readable version string')
        .option('-j, --schema <file>', 'JSON file with the link configuration schema (env WASH_JSON_SCHEMA)')
        .option('--destination <file>', 'output file (default: <binary stem>.par[.gz] in the current directory)')
        .option('--compress', 'gzip the archive (.par.gz)'),
    ),
  ).action(async (opts: KeyFlags & CreateFlags) => {
    if (opts.arch.length !== opts.binary.length) {
      throw new UsageError(`each --arch needs one --binary (got ${opts.arch.length} --arch, ${opts.binary.length} --binary)`);
    }
    const binaries = opts.arch.map((target, i) => ({ target, path: opts.binary[i] }));
    const rev = opts.revision === undefined ? undefined : parseRevision(opts.revision);
    // Inputs first, keys last: a bad input must fail before a key is resolved or generated.
    for (const b of binaries) {
      validateParTarget(b.target);
      await assertRegularFile(abs(io, b.path), 'binary');
    }
    const schemaFile = opts.schema ?? (io.env.WASH_JSON_SCHEMA || undefined);
    const schema = schemaFile === undefined ? undefined : await readSchema(abs(io, schemaFile));
    const { issuer, subject } = await resolveKeys(io, opts, opts.binary[0]);
    const result = await createPar({
      binaries,
      capid: opts.capid,
      vendor: opts.vendor,
      name: opts.name,
      rev,
      ver: opts.version,
      schema,
      issuer,
      subject,
      destination: opts.destination,
      cwd: io.cwd,
      compress: Boolean(opts.compress),
      env: io.env,
    });
    printResult(io, opts.output, `Successfully created archive ${result.file}`, { file: result.file });
  });

  addKeyOptions(
    addOutputOption(
      par
        .command('insert')
        .description('add or replace one target binary in an archive and re-sign its claims')
        .argument('<archive>', 'the .par or .par.gz to update')
        .requiredOption('-a, --arch <arch>', 'target of the binary as <arch>-<os>, e.g. aarch64-macos')
        .requiredOption('-b, --binary <path>', 'native provider binary for --arch'),
    ),
  ).action(async (archive: string, opts: KeyFlags & { arch: string; binary: string; output?: OutputKind }) => {
    // The archive must be sound and the binary readable before a key is resolved or generated.
    validateParTarget(opts.arch);
    await assertRegularFile(abs(io, opts.binary), 'binary');
    await assertRegularFile(abs(io, archive), 'archive');
    const before = await inspectPar(abs(io, archive));
    if (!before.valid) throw new ParError(`${archive}: ${before.problems.join('; ')}`);
    const { issuer, subject } = await resolveKeys(io, opts, opts.binary);
    const result = await insertPar({ archive: abs(io, archive), target: opts.arch, binary: abs(io, opts.binary), issuer, subject, env: io.env });
    printResult(io, opts.output, `Successfully inserted ${opts.binary} into archive ${archive}`, {
      file: result.file,
      target: opts.arch,
      replaced: result.replaced,
    });
  });

  addOciInspectOptions(
    addOutputOption(
      par
        .command('inspect')
        .description('show claims and targets of an archive file or OCI reference, verifying every binary hash and the claims signature')
        .argument('<archive>', 'a .par or .par.gz file, or an OCI reference'),
    ),
  ).action(async (archive: string, opts: OciInspectFlags & { output?: OutputKind }) => {
    await withInspectSource(io, archive, opts, (file, label) => inspectParFile(io, file, label, opts.output));
  });
}

/** par inspect on a local file (`label` names it in errors): prints the report, then fails if a hash or the signature is wrong. */
export async function inspectParFile(io: Io, file: string, label: string, output: OutputKind | undefined): Promise<void> {
  const report = await inspectPar(file);
  printResult(io, output, inspectText(report), inspectJson(report));
  if (!report.valid) throw new ParError(`${label}: ${report.problems.join('; ')}`);
}

interface CreateFlags {
  capid: string;
  vendor: string;
  name: string;
  arch: string[];
  binary: string[];
  revision?: string;
  version?: string;
  schema?: string;
  destination?: string;
  compress?: boolean;
  output?: OutputKind;
}

function addKeyOptions(cmd: Command): Command {
  return cmd
    .option('-d, --directory <dir>', 'key directory (env WASH_KEYS, default ~/.wash/keys)')
    .option('-i, --issuer <key>', 'account key (seed or path to a seed file; env WASH_ISSUER_KEY)')
    .option('-s, --subject <key>', 'service key (seed or path to a seed file; env WASH_SUBJECT_KEY)')
    .addOption(new Option('--disable-keygen', 'fail instead of generating missing keys'));
}

/** wash's defaults: `$USER_account.nk` and `<binary stem>_service.nk`, generated when missing. */
async function resolveKeys(io: Io, opts: KeyFlags, binary: string): Promise<{ issuer: KeyPair; subject: KeyPair }> {
  const issuer = await resolveKeyPair({ ...keyOptions(io, opts, 'issuer'), role: 'account' });
  const subject = await resolveKeyPair({ ...keyOptions(io, opts, 'subject'), role: 'service', name: fileStem(binary) });
  return { issuer, subject };
}

function abs(io: Io, path: string): string {
  return resolve(io.cwd, path);
}

/**
 * The `-j` schema file, read and parsed here so that a bad one fails before keys are resolved; the
 * same checks as @nx-wasmcloud/par's own reading of a schema file.
 */
async function readSchema(file: string): Promise<unknown> {
  const { size } = await assertRegularFile(file, 'schema file');
  if (size > MAX_SCHEMA_BYTES) throw new ParError(`schema file '${file}' is ${size} bytes; a config schema over ${MAX_SCHEMA_BYTES} bytes is not plausible`);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new ParError(`cannot read schema file '${file}': ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ParError(`schema file '${file}' is not valid JSON: ${(err as Error).message}`);
  }
}

function parseRevision(text: string): number {
  if (!/^-?\d+$/.test(text)) throw new UsageError(`--revision must be an integer, got '${text}'`);
  return Number(text);
}

/** Every string here comes from the archive's claims or tar headers, which anyone can write: escaped. */
function inspectText(r: ParInspection): string {
  const h = escapeControl;
  const rows: [string, string][] = [
    ['Account', h(r.issuer)],
    ['Service', h(r.subject)],
    ['Capability Contract ID', h(r.capid)],
    ['Vendor', h(r.vendor)],
    ['Version', r.ver === undefined ? 'None' : h(r.ver)],
    ['Revision', r.rev === undefined ? 'None' : h(String(r.rev))],
    ['Signature', r.signatureValid ? 'valid' : 'INVALID'],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [
    `${r.name === undefined || r.name === null ? '(unnamed)' : h(r.name)} - Provider Archive`,
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    'Supported Architecture Targets',
  ];
  const targets = r.targets.map((t) => ({ ...t, target: h(t.target), hash: h(t.hash) }));
  const tw = Math.max(...targets.map((t) => t.target.length));
  for (const t of targets) lines.push(`  ${t.target.padEnd(tw)}  ${String(t.size).padStart(10)} B  ${t.hash}  ${t.valid ? 'ok' : 'HASH MISMATCH'}`);
  return lines.join('\n');
}

/** wash's keys first (scripts parse them), then our per-target detail. */
function inspectJson(r: ParInspection): Record<string, unknown> {
  return {
    name: r.name,
    issuer: r.issuer,
    service: r.subject,
    capability_contract_id: r.capid,
    vendor: r.vendor,
    version: r.ver ?? null,
    revision: r.rev ?? null,
    targets: r.targets.map((t) => t.target),
    valid: r.valid,
    signature_valid: r.signatureValid,
    target_details: r.targets.map((t) => ({ target: t.target, size: t.size, hash: t.hash, valid: t.valid })),
    problems: r.problems,
  };
}
