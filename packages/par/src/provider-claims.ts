import { decodeJwt, validateToken } from '@nx-wasmcloud/wascap';
import { InvalidClaimsError } from './errors';

/** The provider metadata a PAR's claims carry (wascap `CapabilityProvider`). */
export interface ProviderClaimsView {
  jwt: string;
  /** The decoded claims object, as signed. */
  claims: Record<string, unknown>;
  issuer: string;
  subject: string;
  name: string | null;
  capid: string;
  vendor: string;
  rev?: number;
  ver?: string;
  targetHashes: Record<string, string>;
  configSchema?: unknown;
  signatureValid: boolean;
}

/**
 * Decodes a PAR's claims.jwt and checks its signature. wash and the hosts only check hashes; the
 * signature is checked here too so a re-signed or edited claims file is reported, not trusted.
 */
export function readProviderClaims(jwt: string, file: string): ProviderClaimsView {
  let decoded: ReturnType<typeof decodeJwt>;
  let signatureValid: boolean;
  try {
    decoded = decodeJwt(jwt);
    signatureValid = validateToken(jwt).signatureValid;
  } catch (err) {
    throw new InvalidClaimsError(`${file}: claims.jwt: ${(err as Error).message}`);
  }
  const claims = decoded.claims as Record<string, unknown>;
  const md = claims.wascap as Record<string, unknown> | undefined;
  if (!md || typeof md !== 'object' || Array.isArray(md)) {
    throw new InvalidClaimsError(`${file}: claims.jwt has no 'wascap' provider metadata`);
  }
  for (const key of ['capid', 'vendor'] as const) {
    if (typeof md[key] !== 'string') throw new InvalidClaimsError(`${file}: claims.jwt: provider metadata lacks '${key}'`);
  }
  const hashes = md.target_hashes;
  if (!hashes || typeof hashes !== 'object' || Array.isArray(hashes) || Object.values(hashes).some((v) => typeof v !== 'string')) {
    throw new InvalidClaimsError(`${file}: claims.jwt: 'target_hashes' is missing or not a map of target to hash`);
  }
  if (md.name !== undefined && md.name !== null && typeof md.name !== 'string') {
    throw new InvalidClaimsError(`${file}: claims.jwt: 'name' is not a string`);
  }
  if (md.rev !== undefined && md.rev !== null && !Number.isInteger(md.rev)) {
    throw new InvalidClaimsError(`${file}: claims.jwt: 'rev' is not an integer`);
  }
  if (md.ver !== undefined && md.ver !== null && typeof md.ver !== 'string') {
    throw new InvalidClaimsError(`${file}: claims.jwt: 'ver' is not a string`);
  }
  return {
    jwt,
    claims,
    issuer: String(claims.iss),
    subject: String(claims.sub),
    name: (md.name as string | null | undefined) ?? null,
    capid: md.capid as string,
    vendor: md.vendor as string,
    rev: (md.rev as number | null | undefined) ?? undefined,
    ver: (md.ver as string | null | undefined) ?? undefined,
    targetHashes: { ...(hashes as Record<string, string>) },
    configSchema: md.config_schema ?? undefined,
    signatureValid,
  };
}
