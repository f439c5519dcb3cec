import * as path from 'node:path';
import { Command, Option } from 'commander';
import {
  ActorToken,
  actorClaimsReport,
  actorClaimsText,
  capabilitiesFromFlags,
  defaultKeyName,
  extractClaims,
  InvalidSignatureError,
  KeyRole,
  MissingClaimsError,
  readModuleFile,
  resolveKeyPair,
  resolveKeyPairDetailed,
  signAccountToken,
  signActorFile,
  signActorToken,
  signOperatorToken,
  signProviderClaims,
  TokenValidation,
  validateToken,
} from '@nx-wasmcloud/wascap';
import { UsageError } from '../errors';
import { addOutputOption, collect, Io, OutputKind, printResult } from '../output';
import { addOciInspectOptions, OciInspectFlags, withInspectSource } from './inspect-source';
import { keyOptions } from './keys-explicit';

interface SignOptions {
  name?: string;
  tag?: string[];
  cap?: string[];
  keyvalue?: boolean;
  msg?: boolean;
  http_client?: boolean;
  http_server?: boolean;
  blob_store?: boolean;
  logging?: boolean;
  extras?: boolean;
  events?: boolean;
  prov?: boolean;
  rev?: string;
  ver?: string;
  callAlias?: string;
  expires?: string;
  nbf?: string;
  issuer?: string;
  subject?: string;
  destination?: string;
  directory?: string;
  disableKeygen?: boolean;
  legacy?: boolean;
  output: OutputKind;
}

function wholeNumber(value: string | undefined, flag: string, allowNegative = false): number | undefined {
  if (value === undefined) return undefined;
  if (!(allowNegative ? /^-?\d+$/ : /^\d+$/).test(value)) throw new UsageError(`${flag} expects a whole number, got '${value}'`);
  return Number(value);
}

/** `<dir>/<stem>_s.wasm`, wash's default destination. */
function defaultSignedPath(src: string): string {
  const p = path.parse(src);
  return path.join(p.dir, `${p.name}_s.wasm`);
}

/** claims sign|inspect|token (owner: wascap). */
export function registerClaims(program: Command, io: Io): void {
  const claims = program.command('claims').description('sign actors and inspect their claims (wash claims)');

  addOutputOption(
    addCapabilityFlags(
      claims
        .command('sign <source>')
        .description('sign a WebAssembly module with actor claims')
        .option('-n, --name <name>', 'a human-readable name for the actor')
        .option('-t, --tag <tag>', 'a tag (repeatable)', collect)
        .option('-c, --cap <capid>', 'a custom capability contract id (repeatable)', collect),
    )
      .option('-p, --prov', 'the module is a capability provider')
      .option('-r, --rev <n>', 'revision number')
      .option('-v, --ver <version>', 'human-readable version string')
      .option('-a, --call-alias <alias>', 'call alias ([a-z0-9_/])')
      .option('-x, --expires <days>', 'days until the token expires')
      .option('-b, --nbf <days>', 'days until the token becomes valid')
      .option('-i, --issuer <path-or-seed>', 'account seed or seed file (env WASH_ISSUER_KEY)')
      .option('-s, --subject <path-or-seed>', 'module seed or seed file (env WASH_SUBJECT_KEY)')
      .option('-d, --destination <file>', 'output file (default <dir>/<stem>_s.wasm)')
      .option('--directory <dir>', 'key directory (env WASH_KEYS, default ~/.wash/keys)')
      .option('--disable-keygen', 'fail instead of generating missing keys')
      .addOption(new Option('--legacy', 'write the pre-0.9 `jwt` section without wascap_revision (hosts before otp v0.60)'))
      .action(async (source: string, opts: SignOptions) => {
        const src = path.resolve(io.cwd, source);
        // Keys are resolved (and perhaps generated) only once the module has been read and found
        // valid: a typo in the path must not leave new key files behind.
        const keys = async () => ({
          issuer: (await resolveKeyPairDetailed({ ...keyOptions(io, opts, 'issuer'), role: 'account' })).key,
          subject: (await resolveKeyPairDetailed({ ...keyOptions(io, opts, 'subject'), role: 'module', name: path.parse(src).name })).key,
        });
        const caps = signFlagCaps(opts);
        const destination = opts.destination ? path.resolve(io.cwd, opts.destination) : defaultSignedPath(src);
        const result = await signActorFile(src, destination, {
          keys,
          name: opts.name,
          tags: opts.tag ?? [],
          caps,
          prov: opts.prov ?? false,
          rev: wholeNumber(opts.rev, '--rev', true),
          ver: opts.ver,
          callAlias: opts.callAlias,
          expiresInDays: wholeNumber(opts.expires, '--expires'),
          notBeforeInDays: wholeNumber(opts.nbf, '--nbf'),
          legacy: opts.legacy,
          env: io.env,
        });
        printResult(io, opts.output, `Successfully signed ${result.destination} with capabilities: ${caps.join(',')}`, {
          destination: result.destination,
          capabilities: caps,
          success: true,
        });
      }),
  );

  addOciInspectOptions(
    addOutputOption(
      claims
        .command('inspect <module>')
        .description('show the claims of a signed module, from a file or an OCI reference (checks hash and signature)')
        .option('--jwt-only', 'print only the raw JWT'),
    ),
  ).action(async (target: string, opts: OciInspectFlags & { jwtOnly?: boolean; output: OutputKind }) => {
    await withInspectSource(io, target, opts, (file, label) => inspectModuleFile(io, file, label, opts));
  });

  registerToken(claims, io);
}

/** claims inspect on a local file (`label` names it in errors): checks hash and signature, prints the claims or the JWT. */
export async function inspectModuleFile(io: Io, file: string, label: string, opts: { jwtOnly?: boolean; output: OutputKind }): Promise<void> {
  const wasm = await readModuleFile(file, { label, env: io.env });
  const token = extractClaims(wasm);
  if (!token) throw new MissingClaimsError(`${label} is not signed: no jwt or wasmcloud_jwt custom section`);
  const validation = validateToken(token.jwt);
  if (!validation.signatureValid) throw new InvalidSignatureError(`${label}: the JWT signature does not verify with the issuer key ${token.claims.iss}`);
  if (opts.jwtOnly) {
    printResult(io, opts.output, token.jwt, { token: token.jwt });
    return;
  }
  printModuleClaims(io, opts.output, token, validation);
}

/** wascap renders both forms, so the plugin's inspect target prints the same. */
function printModuleClaims(io: Io, output: OutputKind, token: ActorToken, validation: TokenValidation): void {
  const report = actorClaimsReport(token, validation);
  printResult(io, output, actorClaimsText(token, report), report);
}

interface TokenCommonFlags {
  name: string;
  issuer?: string;
  subject?: string;
  directory?: string;
  expires?: string;
  nbf?: string;
  disableKeygen?: boolean;
  output: OutputKind;
}

/** wash's GenerateCommon: only `--directory` here (no `-d`), unlike `par create`. */
function addTokenCommon(cmd: Command): Command {
  return addOutputOption(
    cmd
      .option('--directory <dir>', 'key directory (env WASH_KEYS, default ~/.wash/keys)')
      .option('-x, --expires <days>', 'days until the token expires (default: never)')
      .option('-b, --nbf <days>', 'days until the token becomes valid (default: immediately)')
      .option('--disable-keygen', 'fail instead of generating missing keys'),
  );
}

/**
 * claims token operator|account|provider, as wash-lib `generate_*`: keys resolved like
 * `extract_keypair` with `--name` as the file stem (`<name>_operator.nk`, `<name>_service.nk`;
 * account keys are `$USER_account.nk`), the JWT printed as text or `{token}`.
 */
function registerToken(claims: Command, io: Io): void {
  const token = claims.command('token').description('generate a signed JWT for an actor, operator, account or provider');

  const keyOf = async (opts: TokenCommonFlags, role: KeyRole, which: 'issuer' | 'subject') =>
    resolveKeyPair({ ...keyOptions(io, opts, which), role, name: defaultKeyName(role, opts.name, io.env) });
  // wash resolves each -a value as an explicit seed or seed file, never generating one.
  const signers = (opts: TokenCommonFlags & { additionalKey?: string[] }, role: KeyRole) =>
    Promise.all(
      (opts.additionalKey ?? []).map(
        async (k, i) =>
          (await resolveKeyPair({ role, explicit: k, explicitSource: `-a/--additional-key #${i + 1}`, cwd: io.cwd, disableKeygen: true, env: io.env }))
            .publicKey,
      ),
    );
  const days = (opts: TokenCommonFlags) => ({ expiresInDays: wholeNumber(opts.expires, '--expires'), notBeforeInDays: wholeNumber(opts.nbf, '--nbf') });
  const print = (opts: TokenCommonFlags, jwt: string) => printResult(io, opts.output, jwt, { token: jwt });

  addTokenCommon(
    addCapabilityFlags(
      token
        .command('actor')
        .description('actor claims signed by an account, as a bare JWT (no module, so no hash)')
        .requiredOption('-n, --name <name>', 'a human-readable name for the actor'),
    )
      .option('-c, --cap <capid>', 'a custom capability contract id (repeatable)', collect)
      .option('-t, --tag <tag>', 'a tag (repeatable)', collect)
      .option('-p, --prov', 'the claims are for a capability provider')
      .option('-r, --rev <n>', 'revision number')
      .option('-v, --ver <version>', 'human-readable version string')
      .option('-a, --call-alias <alias>', 'call alias ([a-z0-9_/])')
      .option('-i, --issuer <path-or-seed>', 'account seed or seed file (env WASH_ISSUER_KEY)')
      .option('-s, --subject <path-or-seed>', 'module seed or seed file (env WASH_SUBJECT_KEY)'),
  ).action(async (opts: TokenCommonFlags & SignOptions) => {
    const caps = signFlagCaps(opts);
    // wash: a provider's claims name exactly one capability.
    if (opts.prov && caps.length > 1) throw new UsageError('a capability provider (-p/--prov) cannot provide more than one capability');
    const issuer = await keyOf(opts, 'account', 'issuer');
    const subject = await keyOf(opts, 'module', 'subject');
    const jwt = await signActorToken({
      issuer,
      subject,
      name: opts.name,
      caps,
      tags: opts.tag ?? [],
      prov: opts.prov ?? false,
      rev: wholeNumber(opts.rev, '--rev', true),
      ver: opts.ver,
      callAlias: opts.callAlias,
      ...days(opts),
      env: io.env,
    });
    print(opts, jwt);
  });

  addTokenCommon(
    token
      .command('operator')
      .description('a self-signed operator token')
      .requiredOption('-n, --name <name>', 'a descriptive name for the operator')
      .option('-i, --issuer <path-or-seed>', 'operator seed or seed file (env WASH_ISSUER_KEY)')
      .option('-a, --additional-key <path-or-seed>', 'another operator key for valid_signers (repeatable)', collect),
  ).action(async (opts: TokenCommonFlags & { additionalKey?: string[] }) => {
    const operator = await keyOf(opts, 'operator', 'issuer');
    const validSigners = await signers(opts, 'operator');
    print(opts, await signOperatorToken({ issuer: operator, subject: operator, name: opts.name, validSigners, ...days(opts), env: io.env }));
  });

  addTokenCommon(
    token
      .command('account')
      .description('an account token signed by an operator')
      .requiredOption('-n, --name <name>', 'a descriptive name for the account')
      .option('-i, --issuer <path-or-seed>', 'operator seed or seed file (env WASH_ISSUER_KEY)')
      .option('-s, --subject <path-or-seed>', 'account seed or seed file (env WASH_SUBJECT_KEY)')
      .option('-a, --additional-key <path-or-seed>', 'another account key for valid_signers (repeatable)', collect),
  ).action(async (opts: TokenCommonFlags & { additionalKey?: string[] }) => {
    const issuer = await keyOf(opts, 'operator', 'issuer');
    const subject = await keyOf(opts, 'account', 'subject');
    const validSigners = await signers(opts, 'account');
    print(opts, await signAccountToken({ issuer, subject, name: opts.name, validSigners, ...days(opts), env: io.env }));
  });

  addTokenCommon(
    token
      .command('provider')
      .description('a capability provider (service) token signed by an account, without target hashes')
      .requiredOption('-n, --name <name>', 'a descriptive name for the provider')
      .requiredOption('-c, --capid <capid>', 'capability contract id, e.g. wasmcloud:httpserver')
      .requiredOption('-v, --vendor <vendor>', 'vendor name')
      .option('-r, --revision <n>', 'revision number')
      .option('-e, --version <version>', 'human-readable version string')
      .option('-i, --issuer <path-or-seed>', 'account seed or seed file (env WASH_ISSUER_KEY)')
      .option('-s, --subject <path-or-seed>', 'service seed or seed file (env WASH_SUBJECT_KEY)'),
  ).action(async (opts: TokenCommonFlags & { capid: string; vendor: string; revision?: string; version?: string }) => {
    const issuer = await keyOf(opts, 'account', 'issuer');
    const subject = await keyOf(opts, 'service', 'subject');
    const jwt = await signProviderClaims({
      issuer,
      subject,
      name: opts.name,
      capid: opts.capid,
      vendor: opts.vendor,
      rev: wholeNumber(opts.revision, '--revision', true),
      ver: opts.version,
      targetHashes: {},
      ...days(opts),
      env: io.env,
    });
    print(opts, jwt);
  });
}

/** wash's well-known capability flags of `claims sign` and `claims token actor`, in wash's order; signFlagCaps maps them to contract ids. */
function addCapabilityFlags(cmd: Command): Command {
  return cmd
    .option('-k, --keyvalue', 'enable wasmcloud:keyvalue')
    .option('-g, --msg', 'enable wasmcloud:messaging')
    .option('-q, --http_server', 'enable wasmcloud:httpserver')
    .option('--http_client', 'enable wasmcloud:httpclient')
    .option('-f, --blob_store', 'enable wasmcloud:blobstore')
    .option('-z, --extras', 'enable wasmcloud:extras')
    .option('-l, --logging', 'enable wasmcloud:builtin:logging')
    .option('-e, --events', 'enable wasmcloud:eventstreams');
}

/** The capability flags `claims sign` and `claims token actor` share, as contract ids. */
function signFlagCaps(opts: SignOptions): string[] {
  return capabilitiesFromFlags({
    keyvalue: opts.keyvalue,
    msg: opts.msg,
    httpClient: opts.http_client,
    httpServer: opts.http_server,
    blobStore: opts.blob_store,
    logging: opts.logging,
    extras: opts.extras,
    events: opts.events,
    custom: opts.cap,
  });
}
