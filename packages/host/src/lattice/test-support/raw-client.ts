import { createHash, randomUUID } from 'node:crypto';
import { decode, encode } from '@msgpack/msgpack';
import { KeyPair, signClaimsJson } from '@nx-wasmcloud/wascap';

/**
 * A raw lattice client for the tests, independent of the host's lattice code: the envelope is
 * built with @msgpack/msgpack and the claims signed with wascap's JWT signer, from weld's rules.
 */
export interface RawInvocationOptions {
  cluster: KeyPair;
  actor: string;
  operation: string;
  msg: Uint8Array;
  hostId?: string;
  /** Overrides of the signed claims. */
  claimTarget?: string;
  hashOverride?: string;
  exp?: number;
  contentLength?: number | bigint;
  origin?: { public_key: string; link_name: string; contract_id: string };
}

export const WASH_HOST = 'NAWASHVALZUZPZNXPIF6HGQ4OMJYLXQ4B2WZZ5AMBCXKWEQPYXDOIWMA';

export async function rawInvocation(o: RawInvocationOptions): Promise<{ bytes: Uint8Array; id: string }> {
  const id = randomUUID().replaceAll('-', '');
  const origin = o.origin ?? { public_key: o.actor, link_name: '', contract_id: '' };
  const originUrl = origin.public_key.startsWith('M')
    ? `wasmbus://${origin.public_key}`
    : `wasmbus://${origin.contract_id.replace(':', '/')}/${origin.link_name}/${origin.public_key}`;
  const targetUrl = `wasmbus://${o.actor}/${o.operation}`;
  const hash = createHash('sha256')
    .update(originUrl + targetUrl + o.operation)
    .update(o.msg)
    .digest('hex')
    .toUpperCase();
  const claims: Record<string, unknown> = {};
  if (o.exp !== undefined) claims.exp = o.exp;
  Object.assign(claims, {
    jti: 'rawjti' + id.slice(0, 16),
    iat: Math.floor(Date.now() / 1000) - (o.exp !== undefined ? 100 : 0),
    iss: o.cluster.publicKey,
    sub: id,
    wascap: { target_url: o.claimTarget ?? targetUrl, origin_url: originUrl, hash: o.hashOverride ?? hash },
    wascap_revision: 3,
  });
  const encoded_claims = await signClaimsJson(JSON.stringify(claims), o.cluster);
  const bytes = encode(
    {
      origin,
      target: { public_key: o.actor, link_name: '', contract_id: '' },
      operation: o.operation,
      msg: o.msg,
      id,
      encoded_claims,
      host_id: o.hostId ?? WASH_HOST,
      content_length: o.contentLength ?? o.msg.length,
    },
    { useBigInt64: true },
  );
  return { bytes, id };
}

export function rawResponse(bytes: Uint8Array): { msg: Uint8Array; invocation_id: string; error?: string; content_length: number } {
  return decode(bytes) as never;
}
