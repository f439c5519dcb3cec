import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { decodePayload, encodeMsgpack, toJsonValue, BinaryRendering } from './codec';
import { doubleFor } from './doubles';
import { HostUserError } from './errors';
import { Host } from './host';
import { ActorInfo, HostOptions, Payload, Provider } from './types';

/**
 * One actor (and its companions) in a fresh host with links, for a single call or a test run:
 * what `nx-wasmcloud call` and the Nx `call`/`test` targets share, so the logic exists once.
 */

/** `'double'` (the library's in-memory double for the contract) or the path of a JS module exporting a Provider. */
export type LinkSpec = string;

export interface ActorSessionOptions {
  /** The actor to call: a signed module's path, its bytes, or an OCI reference. */
  actor: string | Uint8Array;
  /** More actors in the same host (actor-to-actor calls by key or call alias). */
  actors?: Array<string | Uint8Array>;
  /** contract id -> LinkSpec; every started actor is linked. */
  links?: Record<string, LinkSpec>;
  /** Link name of every link (default 'default'). */
  linkName?: string;
  /** Links the in-memory double for each contract an actor claims that `links` does not name (test runs). */
  doublesForClaims?: boolean;
  /** Directory relative module paths are resolved from (default process.cwd()). */
  cwd?: string;
  host?: HostOptions;
}

export interface ActorSession {
  host: Host;
  /** The actor that `call` targets. */
  actor: ActorInfo;
  actors: ActorInfo[];
  /** contract id -> what was linked ('double' or the module's absolute path), per actor name. */
  linked: Record<string, Record<string, string>>;
  close(): Promise<void>;
}

/** The Provider a JS module exports: module.exports itself, `default` or `provider`. */
export function loadProviderModule(path: string, contractId: string, cwd: string = process.cwd()): Provider {
  const file = isAbsolute(path) ? path : resolve(cwd, path);
  if (!existsSync(file) || !statSync(file).isFile())
    throw new HostUserError(`link ${contractId}: provider module ${path} does not exist: give the path of a JS module exporting a provider function`);
  let mod: unknown;
  try {
    mod = require(file);
  } catch (e) {
    throw new HostUserError(`link ${contractId}: provider module ${path} failed to load: ${String((e as Error).message ?? e).split('\n')[0]}`);
  }
  const m = mod as { default?: unknown; provider?: unknown };
  const provider = typeof mod === 'function' ? mod : typeof m?.default === 'function' ? m.default : typeof m?.provider === 'function' ? m.provider : undefined;
  if (!provider)
    throw new HostUserError(
      `link ${contractId}: provider module ${path} exports no provider function (module.exports, default or provider: (operation, payload, context) => bytes)`,
    );
  return provider as Provider;
}

/** The provider a LinkSpec names. */
export function resolveLink(contractId: string, spec: LinkSpec, cwd?: string): { provider: Provider; source: string } {
  if (spec === 'double' || spec === '') {
    const provider = doubleFor(contractId);
    if (!provider)
      throw new HostUserError(
        `link ${contractId}: there is no in-memory double for this contract (doubles: wasmcloud:keyvalue, wasmcloud:messaging); name a JS module exporting a provider`,
      );
    return { provider, source: 'double' };
  }
  const file = isAbsolute(spec) ? spec : resolve(cwd ?? process.cwd(), spec);
  return { provider: loadProviderModule(spec, contractId, cwd), source: file };
}

/** Starts the actors in a new host and links them; the host is closed again if anything fails. */
export async function openActorSession(options: ActorSessionOptions): Promise<ActorSession> {
  const host = new Host(options.host);
  try {
    const actor = await host.startActor(options.actor);
    const actors = [actor];
    for (const other of options.actors ?? []) actors.push(await host.startActor(other));
    const linked: Record<string, Record<string, string>> = {};
    // Resolved once per contract: every actor shares the provider (and a double's state), as in a lattice.
    const explicit = new Map(Object.entries(options.links ?? {}).map(([contract, spec]) => [contract, resolveLink(contract, spec, options.cwd)]));
    const claimed = new Map<string, { provider: Provider; source: string }>();
    for (const a of actors) {
      const mine: Record<string, string> = {};
      for (const [contract, link] of explicit) {
        host.link(a.publicKey, contract, link.provider, { linkName: options.linkName });
        mine[contract] = link.source;
      }
      if (options.doublesForClaims) {
        for (const cap of a.caps) {
          if (explicit.has(cap)) continue;
          let link = claimed.get(cap);
          if (!link) {
            const provider = doubleFor(cap);
            if (!provider) continue;
            link = { provider, source: 'double' };
            claimed.set(cap, link);
          }
          host.link(a.publicKey, cap, link.provider, { linkName: options.linkName });
          mine[cap] = link.source;
        }
      }
      linked[a.name] = mine;
    }
    return { host, actor, actors, linked, close: () => host.close() };
  } catch (e) {
    await host.close();
    throw e;
  }
}

/** Parses JSON call data (`--data`, `--data-file`) in one line on failure. */
export function parseJsonData(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HostUserError(`${label} is not valid JSON: ${(e as Error).message.split('\n')[0]}`);
  }
}

export type ReplyFormat = 'empty' | 'msgpack' | 'cbor' | 'raw';

export interface DecodedReply {
  format: ReplyFormat;
  /** The reply as JSON: `bin` values as UTF-8 strings when valid, else base64 (see `binaries`). */
  json: unknown;
  binaries: BinaryRendering;
}

/**
 * A reply as JSON. Bytes that are neither msgpack nor CBOR (an actor answering plain text) are
 * shown as one binary value rather than refused: the call itself succeeded.
 */
export function decodeReply(reply: Payload): DecodedReply {
  if (reply.length === 0) return { format: 'empty', json: null, binaries: 'none' };
  let value: unknown;
  try {
    value = decodePayload(reply);
  } catch {
    const { json, binaries } = toJsonValue(reply);
    return { format: 'raw', json, binaries };
  }
  const { json, binaries } = toJsonValue(value);
  return { format: reply[0] === 0x7f ? 'cbor' : 'msgpack', json, binaries };
}

/** JSON call data as wash sends it (msgpack with named fields); none means an empty payload. */
export function encodeCallData(data: unknown): Payload {
  return data === undefined ? new Uint8Array(0) : encodeMsgpack(data);
}

export interface CallActorOptions extends ActorSessionOptions {
  operation: string;
  /** A JSON value, sent as msgpack. */
  data?: unknown;
  timeoutMs?: number;
}

export interface CallActorResult extends DecodedReply {
  actor: ActorInfo;
  reply: Payload;
  /** contract id -> 'double' or a module path, per actor name. */
  linked: Record<string, Record<string, string>>;
}

/** `wash call` without a lattice: one call in a fresh host, the reply decoded to JSON. */
export async function callActor(options: CallActorOptions): Promise<CallActorResult> {
  const payload = encodeCallData(options.data);
  const session = await openActorSession(options);
  try {
    const reply = await session.host.call(session.actor.publicKey, options.operation, payload, { timeoutMs: options.timeoutMs });
    return { actor: session.actor, reply, linked: session.linked, ...decodeReply(reply) };
  } finally {
    await session.close();
  }
}
