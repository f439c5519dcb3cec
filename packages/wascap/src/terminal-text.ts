/**
 * Characters that change what a terminal shows rather than showing themselves: C0 controls (ESC
 * starts colour, cursor and title sequences; CR and LF fake lines), DEL, C1 controls (0x9B is a
 * one-byte CSI), the Unicode line/paragraph separators, and the bidi controls that reorder text
 * (Trojan Source). The backslash is escaped too, so an escape in the output is never ambiguous.
 */
const UNSAFE_IN_TERMINAL = /[\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

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
