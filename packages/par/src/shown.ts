/**
 * A value from the claims (issuer, a target_hashes key or hash) as it may appear in a message:
 * control and bidi characters shown as `\u{..}` and long values cut, so signed-but-hostile claims
 * cannot add lines or terminal escapes to an error or a problem.
 */
export function shown(value: string, max = 120): string {
  const safe = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
  return safe.length > max ? `${safe.slice(0, max)}...` : safe;
}
