/**
 * Runs `fn` with what it prints (process.stdout/stderr, console) held back, so a cycle that works
 * prints one line; the held text is returned for a step that fails, whose output is the message.
 */
export async function quietly<T>(fn: () => Promise<T>): Promise<{ value: T; text: string }> {
  const chunks: string[] = [];
  const out = process.stdout.write;
  const err = process.stderr.write;
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  const hold = (chunk: string | Uint8Array, ...rest: unknown[]) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    cb?.();
    return true;
  };
  const line = (...a: unknown[]) => void chunks.push(a.map(String).join(' ') + '\n');
  process.stdout.write = hold as typeof process.stdout.write;
  process.stderr.write = hold as typeof process.stderr.write;
  Object.assign(console, { log: line, info: line, warn: line, error: line });
  try {
    const value = await fn();
    return { value, text: chunks.join('') };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    Object.assign(console, saved);
  }
}
