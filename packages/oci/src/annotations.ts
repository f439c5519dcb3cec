import { OciError } from './errors';

/**
 * wash's `key=value` argument, split at the first `=` (so a value may hold more), or undefined
 * when there is no `=` or the key is empty. The one rule for every such argument: `push -a`,
 * `ctl link put` values.
 */
export function splitKeyValue(text: string): [string, string] | undefined {
  const eq = text.indexOf('=');
  return eq <= 0 ? undefined : [text.slice(0, eq), text.slice(eq + 1)];
}

/** Every `key=value` of `list` in order (a later key wins); `invalid` makes the caller's user error for a malformed one. */
export function parseKeyValues(list: readonly string[], invalid: (text: string) => Error): Record<string, string> {
  const out: Record<string, string> = {};
  for (const text of list) {
    const kv = splitKeyValue(text);
    if (!kv) throw invalid(text);
    out[kv[0]] = kv[1];
  }
  return out;
}

const annotationError = (text: string) => new OciError(`annotation '${text}' must be key=value (e.g. org.opencontainers.image.version=1.0.0)`);

/** One `key=value` manifest annotation, as `wash push -a` takes it. */
export function parseAnnotation(text: string): [string, string] {
  const kv = splitKeyValue(text);
  if (!kv) throw annotationError(text);
  return kv;
}

/** Every `-a key=value` in order (a later key wins), or undefined for none. */
export function parseAnnotations(list: readonly string[] | undefined): Record<string, string> | undefined {
  if (!list?.length) return undefined;
  return parseKeyValues(list, annotationError);
}
