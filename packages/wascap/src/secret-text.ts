/**
 * Whether a user-given key value might be (part of) a secret and so must never be printed.
 *
 * A mistyped seed is still a secret: one character added, removed or changed, wrapped in quotes,
 * split by a space or lower-cased, it is no longer a valid seed but still reveals almost all of
 * one. So the test is deliberately wide: after dropping quotes and whitespace, any run of 20 or
 * more letters and digits counts (a seed is 58 base32 characters), and so do 40 or more seed
 * characters (upper case and 2-7) in all, which catches a seed cut up by stray separators. Real
 * key file paths are lower-case words shorter than that (`/home/me/.wash/keys/alice_account.nk`),
 * so they are still named in errors.
 */
export function mayHoldSecret(value: string): boolean {
  const text = value.replace(/["'`\s]/g, '');
  return /[A-Za-z0-9]{20,}/.test(text) || (text.match(/[A-Z2-7]/g)?.length ?? 0) >= 40;
}
