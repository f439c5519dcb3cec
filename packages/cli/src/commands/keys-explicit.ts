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
