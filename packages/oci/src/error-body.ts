import { escapeControl } from '@nx-wasmcloud/wascap/terminal-text';

/**
 * What of a registry's error body is shown to the user: the distribution-spec error codes and
 * messages from its JSON, on one line, control characters escaped, credentials removed. A body
 * that is not distribution JSON (a proxy's HTML page, an echo of our request) shows nothing: the
 * status says enough, and such bodies are where echoed credentials and terminal escapes live.
 */
export function describeErrorBody(body: Buffer | string, secrets: Iterable<string> = []): string {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  let errors: unknown;
  try {
    errors = (JSON.parse(text) as { errors?: unknown }).errors;
  } catch {
    return '';
  }
  if (!Array.isArray(errors)) return '';
  const parts = errors.slice(0, 4).map((e: { code?: unknown; message?: unknown; detail?: unknown }) => {
    const code = typeof e?.code === 'string' ? e.code : '';
    const message = typeof e?.message === 'string' ? e.message : '';
    // A string detail names what the code is about (MANIFEST_BLOB_UNKNOWN's is the blob's digest).
    const detail = typeof e?.detail === 'string' ? e.detail : '';
    return `${code}${message ? `${code ? ': ' : ''}${message}` : ''}${detail ? ` (${detail})` : ''}`;
  });
  return clip(escapeControl(redactSecrets(parts.filter(Boolean).join('; '), secrets), { backslash: false }), MAX_DETAIL);
}

const MAX_DETAIL = 200;

/** The distribution error codes in a body (letters, digits and '_' only), for callers that act on them. */
export function errorCodes(body: Buffer | string): string[] {
  try {
    const errors = (JSON.parse(typeof body === 'string' ? body : body.toString('utf8')) as { errors?: unknown }).errors;
    if (!Array.isArray(errors)) return [];
    return errors.map((e: { code?: unknown }) => e?.code).filter((c): c is string => typeof c === 'string' && /^[A-Z0-9_]{1,64}$/.test(c));
  } catch {
    return [];
  }
}

const REDACTED = '[redacted]';

/**
 * Removes anything shaped like a credential: the secrets we hold (password, tokens, the
 * Authorization values built from them), `Basic …`/`Bearer …` values, and JWT-looking strings.
 */
export function redactSecrets(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  // Longest first, so a secret containing another is removed whole.
  for (const s of [...secrets].filter((x) => x.length >= 4).sort((a, b) => b.length - a.length)) out = out.split(s).join(REDACTED);
  return out
    .replace(/\b(basic|bearer)\s+[A-Za-z0-9._~+/=-]+/gi, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(/\beyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g, REDACTED)
    .replace(
      /\b(password|passwd|token|access_token|refresh_token|secret)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi,
      (_m, key: string, sep: string) => `${key}${sep}${REDACTED}`,
    );
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
