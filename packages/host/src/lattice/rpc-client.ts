import { connect, NatsConnection } from '@nats-io/transport-node';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { CallTimeoutError, GuestError, HostUserError, RPC_TIMEOUT_ERROR } from '../errors';
import { signInvocation } from './anti-forgery';
import { CHUNK_RPC_EXTRA_MS, ChunkStore, needsChunking, responseObjectName } from './chunking';
import { actorEntity, decodeInvocationResponse, encodeInvocation, Invocation, WasmCloudEntity } from './envelopes';
import { muxRequest, RequestFailure } from './request-mux';
import { rpcSubject } from './urls';

/** wash 0.24 `call.rs`: the host id wash signs with ("a wash val"). */
export const WASH_HOST_ID = 'NAWASHVALZUZPZNXPIF6HGQ4OMJYLXQ4B2WZZ5AMBCXKWEQPYXDOIWMA';
export const DEFAULT_RPC_TIMEOUT_MS = 2000;
/** Largest reply body accepted from the object store by default. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** The remote side answered with an error string; the message is that string, verbatim. */
export class LatticeRpcError extends GuestError {}

export interface SendInvocationOptions {
  nc: NatsConnection;
  lattice: string;
  /** A signed invocation carrying its whole body. */
  invocation: Invocation;
  timeoutMs: number;
  chunks?: ChunkStore;
  maxResponseBytes?: number;
}

function isTimeout(e: unknown): boolean {
  // No reply in time and nobody listening (503) are both "request timeout" to a wasmCloud caller
  // (otp imports.ex).
  return e instanceof RequestFailure && e.reason !== 'connection';
}

/**
 * weld `RpcClient::inner_rpc`: chunk a large body first, request on the target's subject, then
 * read the reply (from the object store when its content_length exceeds its msg).
 */
export async function sendInvocation(o: SendInvocationOptions): Promise<Uint8Array> {
  const inv = { ...o.invocation };
  const chunks = o.chunks ?? new ChunkStore(o.nc, o.lattice);
  let timeout = o.timeoutMs;
  if (needsChunking(inv.msg.length)) {
    await chunks.put(inv.id, inv.msg);
    inv.msg = new Uint8Array(0);
    timeout += CHUNK_RPC_EXTRA_MS;
  }
  let reply;
  try {
    reply = await muxRequest(o.nc, rpcSubject(o.lattice, inv.target), encodeInvocation(inv), timeout);
  } catch (e) {
    if (isTimeout(e)) throw new CallTimeoutError(RPC_TIMEOUT_ERROR);
    throw new LatticeRpcError(e instanceof RequestFailure ? e.message : `Failed to perform RPC call: ${(e as Error).message}`);
  }
  const response = decodeInvocationResponse(reply.data);
  if (response.error !== undefined) throw new LatticeRpcError(response.error);
  if (response.content_length > response.msg.length) {
    return chunks.take(responseObjectName(response.invocation_id || inv.id), o.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
  }
  return response.msg;
}

export interface LatticeCallOptions {
  /** A connection, or a server URL (`nats://host:port` or `host:port`) to connect to for this call. */
  nats: NatsConnection | string;
  lattice?: string;
  /** SC… seed of a cluster whose issuer the hosts accept. Never printed. */
  clusterSeed: string;
  actorKey: string;
  operation: string;
  payload: Uint8Array;
  timeoutMs?: number;
}

let lastKey: { seed: string; key: KeyPair } | undefined;
function clusterKey(seed: string): KeyPair {
  if (lastKey?.seed !== seed) {
    let key: KeyPair;
    try {
      key = KeyPair.fromSeed(seed, 'cluster');
    } catch (e) {
      // The wascap message names the problem, never the seed.
      throw new HostUserError(`cluster seed: ${(e as Error).message} (give an SC… seed with --cluster-seed or WASMCLOUD_CLUSTER_SEED)`);
    }
    lastKey = { seed, key };
  }
  return lastKey.key;
}

/**
 * What `wash call` 0.24 sends: the target actor as its own origin (so the receiving host has the
 * key in both URLs), host id WASH_HOST_ID, signed with the cluster seed, 2000 ms by default.
 */
export async function latticeCall(o: LatticeCallOptions): Promise<Uint8Array> {
  const key = clusterKey(o.clusterSeed);
  if (!/^M[A-Z2-7]{55}$/.test(o.actorKey)) throw new HostUserError(`actor ${o.actorKey}: give the actor's public key (M…, 56 characters)`);
  const own = typeof o.nats === 'string';
  const nc = typeof o.nats === 'string' ? await connectNats(o.nats) : o.nats;
  try {
    const entity: WasmCloudEntity = actorEntity(o.actorKey);
    const invocation = signInvocation({ clusterKey: key, hostId: WASH_HOST_ID, origin: entity, target: entity, operation: o.operation, msg: o.payload });
    return await sendInvocation({ nc, lattice: o.lattice ?? 'default', invocation, timeoutMs: o.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS });
  } finally {
    if (own) await nc.close();
  }
}

/** Connects to `nats://host:port` or `host:port`; a refused connection is one line naming the URL. */
export async function connectNats(url: string, options: { name?: string } = {}): Promise<NatsConnection> {
  try {
    return await connect({ servers: url, name: options.name, timeout: 5000 });
  } catch (e) {
    throw new HostUserError(`cannot connect to NATS at ${url}: ${(e as Error).message} (start one with \`nx-wasmcloud up\` or give --nats-url)`);
  }
}
