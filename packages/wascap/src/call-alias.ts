import { InvalidClaimsOptionError } from './errors';

/**
 * wash's `sanitize_alias`: an alias must be non-empty `[a-z0-9_/]` and must not look like a
 * public key (56 uppercase characters), since hosts resolve either in the same place.
 */
export function sanitizeCallAlias(alias: string): string {
  if (alias.length === 0) throw new InvalidClaimsOptionError('call alias must not be empty');
  if (alias.length === 56 && alias === alias.toUpperCase()) {
    throw new InvalidClaimsOptionError(`call alias '${alias}' looks like a public key; choose another alias`);
  }
  if (!/^[a-z0-9_/]+$/.test(alias)) {
    throw new InvalidClaimsOptionError(`call alias '${alias}' may only contain lowercase letters, digits, '_' and '/'`);
  }
  return alias;
}

/** wascap `normalize_call_alias`: lowercase, trim, drop non-ASCII, and ' ', '-', '.' become '_'. */
export function normalizeCallAlias(alias: string): string {
  return alias
    .toLowerCase()
    .trim()
    .replace(/[^\x00-\x7f]/g, '')
    .replace(/[ .-]/g, '_');
}
