import { resolve } from 'node:path';
import { Io } from '../output';

/**
 * The explicit key of `-i/--issuer` or `-s/--subject`, else of WASH_ISSUER_KEY / WASH_SUBJECT_KEY,
 * with the name errors use for it (never the value: it may be a mistyped seed). A relative key
 * path is relative to the command's cwd.
 */
export function explicitKey(io: Io, flagValue: string | undefined, which: 'issuer' | 'subject'): { explicit?: string; explicitSource?: string; cwd: string } {
  const flag = which === 'issuer' ? '-i/--issuer' : '-s/--subject';
  const envName = which === 'issuer' ? 'WASH_ISSUER_KEY' : 'WASH_SUBJECT_KEY';
  if (flagValue !== undefined) return { explicit: flagValue, explicitSource: flag, cwd: io.cwd };
  const fromEnv = io.env[envName];
  return fromEnv ? { explicit: fromEnv, explicitSource: envName, cwd: io.cwd } : { cwd: io.cwd };
}

/** The key flags of the signing commands (`claims sign`, `claims token *`, `par create|insert`). */
export interface KeyFlags {
  directory?: string;
  disableKeygen?: boolean;
  issuer?: string;
  subject?: string;
}

/**
 * resolveKeyPair's options for a command's issuer or subject key, the same for every signing
 * command: the explicit key (flag, else env var), `--directory` relative to the command's cwd,
 * `--disable-keygen`, the command's env, and key-generation notices on stderr. The caller adds
 * the role and, where wash has one, the key name.
 */
export function keyOptions(io: Io, flags: KeyFlags, which: 'issuer' | 'subject') {
  return {
    ...explicitKey(io, flags[which], which),
    directory: flags.directory === undefined ? undefined : resolve(io.cwd, flags.directory),
    disableKeygen: flags.disableKeygen,
    env: io.env,
    notice: (m: string) => io.err(m),
  };
}
