import { OciError } from './errors';

/**
 * One `key=value` manifest annotation, as `wash push -a` takes it: split at the first `=`, so a
 * value may hold more; the key must not be empty.
 */
export function parseAnnotation(text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new OciError(`annotation '${text}' must be key=value (e.g. org.opencontainers.image.version=1.0.0)`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

/** Every `-a key=value` in order (a later key wins), or undefined for none. */
export function parseAnnotations(list: readonly string[] | undefined): Record<string, string> | undefined {
  if (!list?.length) return undefined;
  return Object.fromEntries(list.map(parseAnnotation));
}
