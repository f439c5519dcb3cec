/**
 * Characters that change what a terminal shows rather than showing themselves: C0 controls (ESC
 * starts colour, cursor and title sequences; CR and LF fake lines), DEL, C1 controls (0x9B is a
 * one-byte CSI), the Unicode line/paragraph separators, and the bidi controls that reorder text
 * (Trojan Source). The backslash is escaped too, so an escape in the output is never ambiguous.
 * BEYOND_C0 is the part JSON.stringify leaves alone (it escapes C0, quotes and backslashes itself).
 */
const BEYOND_C0 = '\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const UNSAFE_IN_TERMINAL = new RegExp(`[\\\\\\u0000-\\u001f${BEYOND_C0}]`, 'g');
const UNSAFE_IN_JSON = new RegExp(`[${BEYOND_C0}]`, 'g');
const CONTROL = new RegExp(`[\\u0000-\\u001f${BEYOND_C0}]`);

/**
 * Makes an untrusted string (a claim, a tag, a target name) safe to print in human output: every
 * character above becomes a visible escape (`\x1b`, `\n`, `\u202e`, `\\`). JSON output needs
 * none of this: JSON.stringify already escapes controls. Error lines pass `backslash: false`: they
 * are read, not parsed back, and messages quote literal backslashes (`the \0asm magic`).
 */
export function escapeControl(text: string, options: { backslash?: boolean } = {}): string {
  return text.replace(UNSAFE_IN_TERMINAL, (c) => {
    if (c === '\\') return options.backslash === false ? c : '\\\\';
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Whether text holds a character escapeControl escapes, the backslash aside: for names that are refused rather than shown. */
export function hasControl(text: string): boolean {
  return CONTROL.test(text);
}

/**
 * An untrusted value (a claim, a model or config value) as it may appear in an error line: escaped
 * as above, backslashes kept (error lines are read, not parsed back), and long values cut, so a
 * hostile value can neither add lines or terminal escapes to the message nor fill the screen.
 */
export function shown(value: string, max = 120): string {
  const safe = escapeControl(value, { backslash: false });
  return safe.length > max ? `${safe.slice(0, max)}...` : safe;
}

/**
 * JSON for a terminal: JSON.stringify escapes C0 controls, quotes and backslashes; the other
 * characters above (DEL, C1, line separators, bidi controls) become \u escapes, which keeps the
 * text valid JSON with the same value.
 */
export function terminalJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
