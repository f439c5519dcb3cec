import { resolve } from 'node:path';
import { Argument, Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import {
  drain,
  DRAIN_SELECTORS,
  DrainSelector,
  isLayoutReference,
  parseAnnotation,
  pingArtifact,
  ProgressEvent,
  ProgressListener,
  pullArtifact,
  pushArtifact,
  tagMoved,
  describeTagMove,
} from '@nx-wasmcloud/oci';
import { UsageError } from '../errors';
import { addOutputOption, Io, OutputKind, outputOption, printResult } from '../output';
import { layoutFromCwd } from './inspect-source';
import { flagCredentials } from './registry-credentials';

interface AuthFlags {
  user?: string;
  password?: string;
  passwordStdin?: boolean;
  insecure?: boolean;
  caFile?: string;
}

function addConnectionOptions(cmd: Command): Command {
  return cmd
    .option('-u, --user <user>', 'registry user (env WASH_REG_USER)')
    .option('-p, --password <password>', 'registry password (env WASH_REG_PASSWORD); prefer --password-stdin')
    .option('--password-stdin', 'read the registry password from standard input')
    .option('--insecure', 'use plain HTTP for this registry (local registries only)')
    .option('--ca-file <file>', 'PEM CA certificate trusted in addition to the system CAs');
}

async function connection(io: Io, flags: AuthFlags) {
  if (flags.passwordStdin && flags.password !== undefined)
    throw new UsageError('give the password either with -p/--password or with --password-stdin, not both');
  const password = flags.passwordStdin ? (await io.readStdin()).replace(/\r?\n$/, '') : flags.password;
  const debug = io.env.NX_WASMCLOUD_DEBUG ? (line: string) => io.err(`debug: ${line}`) : undefined;
  return {
    insecure: flags.insecure,
    caFile: flags.caFile,
    credentials: flagCredentials(io, flags.user, password),
    env: io.env,
    debug,
    onRetry: (r: { what: string; attempt: number; delayMs: number; reason: string }) =>
      io.err(`retrying ${r.what} in ${r.delayMs} ms (attempt ${r.attempt + 1}): ${r.reason}`),
  };
}

/** Collects `-a key=value` flags in order (oci's parseAnnotation); a malformed one is a usage error. */
export function collectAnnotation(value: string, previous: Record<string, string> = {}): Record<string, string> {
  try {
    const [key, v] = parseAnnotation(value);
    return { ...previous, [key]: v };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

const MiB = 1 << 20;

/**
 * Shows transfer progress on stderr: a bar on a terminal, otherwise a plain line per quarter of
 * each large blob (logs and CI stay readable). Small blobs and skipped ones print nothing.
 */
export function progressReporter(io: Io, verb: string, ttyStream: NodeJS.WritableStream = process.stderr): { listener: ProgressListener; stop(): void } {
  if (io.isTty) {
    let bar: SingleBar | undefined;
    let current = '';
    return {
      listener: (e: ProgressEvent) => {
        if (e.phase !== 'upload' && e.phase !== 'download' && e.phase !== 'hash') return;
        const key = `${e.phase}:${e.digest}`;
        if (key !== current) {
          bar?.stop();
          current = key;
          const label = e.phase === 'hash' ? 'hashing' : `${verb} ${e.digest ? e.digest.slice(7, 19) : 'layer'}`;
          bar = new SingleBar({ stream: ttyStream, format: `${label} [{bar}] {percentage}% {value}/{total} bytes`, hideCursor: true }, Presets.shades_classic);
          bar.start(e.bytesTotal, 0);
        }
        bar!.update(e.bytesDone);
      },
      stop: () => bar?.stop(),
    };
  }
  const printed = new Map<string, number>();
  return {
    listener: (e: ProgressEvent) => {
      if ((e.phase !== 'upload' && e.phase !== 'download') || e.bytesTotal < MiB) return;
      const quarter = Math.floor((e.bytesDone / e.bytesTotal) * 4);
      const key = `${e.phase}:${e.digest}`;
      if ((printed.get(key) ?? -1) >= quarter) return;
      printed.set(key, quarter);
      io.err(
        `${verb} ${e.digest || 'layer'}: ${Math.floor((100 * e.bytesDone) / e.bytesTotal)}% (${(e.bytesDone / MiB).toFixed(1)}/${(e.bytesTotal / MiB).toFixed(1)} MiB)`,
      );
    },
    stop: () => undefined,
  };
}

/**
 * reg push|pull|ping as wash 0.2x groups them, push and pull also at the top level (as later wash
 * versions and our own scripts use them), and drain (owner: oci). Thin: parse flags, call
 * @nx-wasmcloud/oci, print as wash does.
 */
export function registerRegistry(program: Command, io: Io): void {
  const reg = program.command('reg').description('push, pull and ping artifacts in OCI registries (wash reg)');
  for (const parent of [reg, program]) {
    definePush(parent, io);
    definePull(parent, io);
  }
  addConnectionOptions(reg.command('ping <url>').description('check that the registry holds a manifest for <url> (address, credentials and tag), printing Ok'))
    .addOption(outputOption())
    .action(async (url: string, opts: AuthFlags & { output: OutputKind }) => {
      const result = await pingArtifact({ reference: url, ...(await connection(io, opts)) });
      printResult(io, opts.output, 'Ok', { result: 'Ok', url: result.reference, digest: result.digest });
    });
  defineDrain(program, io);
}

function definePush(parent: Command, io: Io): void {
  addOutputOption(
    addConnectionOptions(
      parent
        .command('push <url> <artifact>')
        .description('push a signed actor (.wasm) or provider archive (.par/.par.gz) to an OCI registry or oci:<dir>:<tag> layout')
        .option('-c, --config <file>', 'config blob to push (default {})')
        .option('--allow-latest', "allow the tag 'latest' (and tagless references)")
        .option('--no-overwrite', 'refuse, before uploading, to move a tag that already names other content (the same content again is fine)')
        .option('-a, --annotation <key=value>', 'manifest annotation (repeatable)', collectAnnotation),
    ),
  ).action(
    async (
      url: string,
      artifact: string,
      opts: AuthFlags & { config?: string; allowLatest?: boolean; overwrite: boolean; annotation?: Record<string, string>; output: OutputKind },
    ) => {
      if (url.toLowerCase().startsWith('localhost:') && !opts.insecure) {
        io.err('warning: unless an SSL certificate has been installed, pushing to localhost without the --insecure option will fail');
      }
      const progress = progressReporter(io, 'uploading');
      try {
        const result = await pushArtifact({
          reference: isLayoutReference(url) ? layoutFromCwd(io, url) : url,
          // Relative to the command's working directory, as pull's --destination is.
          file: resolve(io.cwd, artifact),
          configFile: opts.config === undefined ? undefined : resolve(io.cwd, opts.config),
          allowLatest: opts.allowLatest,
          noOverwrite: !opts.overwrite,
          annotations: opts.annotation,
          onProgress: progress.listener,
          ...(await connection(io, opts)),
        });
        progress.stop();
        // A version tag that now names other content is worth a line; stdout stays the result alone.
        const moved = tagMoved(result.previousDigest, result.digest);
        if (moved) io.err(`warning: ${describeTagMove(result.url, result.previousDigest!, result.digest)}`);
        // wash prints the normalised reference (oci-distribution's Reference::whole) as the url.
        printResult(io, opts.output, `🚿 Successfully pushed ${result.url}\n${result.tag}: digest: ${result.digest}`, {
          url: result.url,
          digest: result.digest,
          tag: result.tag,
          ...(moved ? { previousDigest: result.previousDigest } : {}),
        });
      } finally {
        progress.stop();
      }
    },
  );
}

function definePull(parent: Command, io: Io): void {
  addOutputOption(
    addConnectionOptions(
      parent
        .command('pull <url>')
        .description('pull an actor or provider archive from an OCI registry or oci:<dir>:<tag> layout')
        .option('--destination <file>', 'output file (default <repository name>.wasm or .par.gz)')
        .option('-d, --digest <digest>', 'expected manifest digest (sha256: may be omitted)')
        .option('--allow-latest', "allow the tag 'latest' (and tagless references)")
        .option('--host-cache', 'also write it where the wasmCloud hosts cache pulled artifacts ($TMPDIR/wasmcloud_ocicache), and reuse that'),
    ),
  ).action(async (url: string, opts: AuthFlags & { destination?: string; digest?: string; allowLatest?: boolean; hostCache?: boolean; output: OutputKind }) => {
    const progress = progressReporter(io, 'downloading');
    try {
      const result = await pullArtifact({
        reference: isLayoutReference(url) ? layoutFromCwd(io, url) : url,
        destination: opts.destination,
        digest: opts.digest,
        allowLatest: opts.allowLatest,
        hostCache: opts.hostCache,
        cwd: io.cwd,
        onProgress: progress.listener,
        ...(await connection(io, opts)),
      });
      progress.stop();
      printResult(io, opts.output, `🚿 Successfully pulled and validated ${result.file}`, { file: result.file, digest: result.digest });
    } finally {
      progress.stop();
    }
  });
}

function defineDrain(program: Command, io: Io): void {
  addOutputOption(
    program
      .command('drain')
      .description('empty wasmCloud caches, keeping the directories (wash drain)')
      .addArgument(new Argument('<selector>', 'which caches').choices([...DRAIN_SELECTORS])),
  ).action(async (selector: DrainSelector, opts: { output: OutputKind }) => {
    // smithy is loaded only here: push and pull do not need its parser.
    const { smithyCacheDir } = require('@nx-wasmcloud/smithy') as typeof import('@nx-wasmcloud/smithy');
    const paths = await drain(selector, io.env, { smithyDir: smithyCacheDir(io.env) });
    // wash prints the Vec<PathBuf> with Rust's Debug format: ["a", "b"].
    printResult(io, opts.output, `Successfully cleared caches at: [${paths.map((p) => JSON.stringify(p)).join(', ')}]`, { drained: paths });
  });
}
