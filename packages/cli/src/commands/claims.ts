import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { Command, Option } from 'commander';
import { capabilitiesFromFlags, extractClaims, InvalidSignatureError, MissingClaimsError, resolveKeyPairDetailed, signActorFile, validateToken } from '@nx-wasmcloud/wascap';
import { UsageError } from '../errors';
import { addOutputOption, collect, Io, OutputKind, printResult } from '../output';

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
export function defaultSignedPath(src: string): string {
  const p = path.parse(src);
  return path.join(p.dir, `${p.name}_s.wasm`);
}

/** claims sign|inspect (owner: wascap). */
export function registerClaims(program: Command, io: Io): void {
  const claims = program.command('claims').description('sign actors and inspect their claims (wash claims)');

  addOutputOption(
    claims
      .command('sign <source>')
      .description('sign a WebAssembly module with actor claims')
      .option('-n, --name <name>', 'a human-readable name for the actor')
      .option('-t, --tag <tag>', 'a tag (repeatable)', collect)
      .option('-c, --cap <capid>', 'a custom capability contract id (repeatable)', collect)
      .option('-k, --keyvalue', 'enable wasmcloud:keyvalue')
      .option('-g, --msg', 'enable wasmcloud:messaging')
      .option('--http_client', 'enable wasmcloud:httpclient')
      .option('-q, --http_server', 'enable wasmcloud:httpserver')
      .option('-f, --blob_store', 'enable wasmcloud:blobstore')
      .option('-l, --logging', 'enable wasmcloud:builtin:logging')
      .option('-e, --events', 'enable wasmcloud:eventstreams')
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
        const notice = (m: string) => io.err(m);
        const directory = opts.directory === undefined ? undefined : path.resolve(io.cwd, opts.directory);
        const common = { directory, env: io.env, disableKeygen: opts.disableKeygen, notice };
        const issuerValue = opts.issuer ?? io.env.WASH_ISSUER_KEY;
        const subjectValue = opts.subject ?? io.env.WASH_SUBJECT_KEY;
        const issuer = await resolveKeyPairDetailed({ ...common, role: 'account', explicit: resolveExplicit(io, issuerValue) });
        const subject = await resolveKeyPairDetailed({ ...common, role: 'module', name: path.parse(src).name, explicit: resolveExplicit(io, subjectValue) });
        const caps = capabilitiesFromFlags({
          keyvalue: opts.keyvalue,
          msg: opts.msg,
          httpClient: opts.http_client,
          httpServer: opts.http_server,
          blobStore: opts.blob_store,
          logging: opts.logging,
          events: opts.events,
          custom: opts.cap,
        });
        const destination = opts.destination ? path.resolve(io.cwd, opts.destination) : defaultSignedPath(src);
        const result = await signActorFile(src, destination, {
          issuer: issuer.key,
          subject: subject.key,
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

  addOutputOption(
    claims
      .command('inspect <file>')
      .description('show the claims of a signed module (checks hash and signature)')
      .option('--jwt-only', 'print only the raw JWT')
      .action(async (file: string, opts: { jwtOnly?: boolean; output: OutputKind }) => {
        const wasm = await fs.readFile(path.resolve(io.cwd, file));
        const token = extractClaims(wasm);
        if (!token) throw new MissingClaimsError(`${file} is not signed: no jwt or wasmcloud_jwt custom section`);
        const validation = validateToken(token.jwt);
        if (!validation.signatureValid) throw new InvalidSignatureError(`${file}: the JWT signature does not verify with the issuer key ${token.claims.iss}`);
        if (opts.jwtOnly) {
          printResult(io, opts.output, token.jwt, { jwt: token.jwt });
          return;
        }
        const md = token.claims.wascap;
        const json = {
          account: token.claims.iss,
          module: token.claims.sub,
          expires: validation.expiresHuman,
          can_be_used: validation.notBeforeHuman,
          version: md.ver ?? 'None',
          revision: md.rev ?? 0,
          capabilities: md.caps ?? [],
          tags: md.tags ?? [],
          call_alias: md.call_alias ?? '(Not set)',
          name: md.name ?? null,
          hash: md.hash,
          issued: new Date(token.claims.iat * 1000).toISOString(),
          wascap_revision: token.claims.wascap_revision ?? null,
        };
        const rows: [string, string][] = [
          ['Account', json.account],
          ['Module', json.module],
          ['Expires', json.expires],
          ['Can Be Used', json.can_be_used],
          ['Version', `${json.version} (${json.revision})`],
          ['Call Alias', json.call_alias],
          ['Hash', json.hash],
          ['Issued', json.issued],
          ['Wascap Revision', json.wascap_revision === null ? `none (${token.section})` : String(json.wascap_revision)],
        ];
        const width = Math.max(...rows.map(([k]) => k.length));
        const text = [
          `${json.name ?? 'Anonymous'} - Module`,
          ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
          'Capabilities',
          ...(json.capabilities.length ? json.capabilities.map((c) => `  ${c}`) : ['  None']),
          'Tags',
          ...(json.tags.length ? json.tags.map((t) => `  ${t}`) : ['  None']),
        ].join('\n');
        printResult(io, opts.output, text, json);
      }),
  );
}

/** A relative key path is relative to the command's cwd; anything that is not an existing path stays a literal seed. */
function resolveExplicit(io: Io, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  return /^S[A-Z2-7]{57}$/.test(value.trim()) ? value : path.resolve(io.cwd, value);
}
