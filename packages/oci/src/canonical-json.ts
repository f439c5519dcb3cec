/**
 * Canonical JSON as olpc-cjson writes it (oci-distribution ≥0.9 PUTs manifests this way): object
 * keys sorted by code point, no whitespace. Manifests hold only strings, integers, arrays and
 * objects, so number and string escaping match JSON.stringify.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new TypeError(`canonical JSON holds integers only, got ${value}`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort(compareCodePoints);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

// Rust's BTreeMap orders String keys bytewise (UTF-8), which is code point order, not UTF-16 order.
function compareCodePoints(a: string, b: string): number {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return Buffer.compare(ab, bb);
}
