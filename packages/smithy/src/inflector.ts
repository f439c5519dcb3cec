/**
 * snake_case and PascalCase exactly as the Rust Inflector crate 0.11 (used by weld) computes them, so
 * generated names match weld's: digits count as upper case for snake_case (`Random32` -> `random_32`),
 * and a digit starts a new word for PascalCase (`F32data` -> `F32Data`).
 */
const isAlnum = (c: string): boolean => /^[\p{L}\p{N}]$/u.test(c);
const isLower = (c: string | undefined): boolean => c !== undefined && c !== c.toUpperCase() && c === c.toLowerCase();
const isUpper = (c: string): boolean => c !== c.toLowerCase() && c === c.toUpperCase();
const asciiUpper = (c: string): string => (c >= 'a' && c <= 'z' ? c.toUpperCase() : c);
const asciiLower = (c: string): string => (c >= 'A' && c <= 'Z' ? c.toLowerCase() : c);

function trimRight(s: string): string[] {
  const chars = [...s];
  while (chars.length && !isAlnum(chars[chars.length - 1])) chars.pop();
  return chars;
}

export function toSnakeCase(s: string): string {
  const all = [...s];
  const chars = trimRight(s);
  let first = true;
  let out = '';
  chars.forEach((c, i) => {
    if (!isAlnum(c)) {
      if (!first) {
        first = true;
        out += '_';
      }
    } else if (!first && c === asciiUpper(c) && (isLower(all[i + 1] ?? 'A') || isLower(i > 0 ? all[i - 1] : 'A'))) {
      first = false;
      out += '_' + asciiLower(c);
    } else {
      first = false;
      out += asciiLower(c);
    }
  });
  return out;
}

export function toPascalCase(s: string): string {
  let newWord = true;
  let lastChar = ' ';
  let found = false;
  let out = '';
  for (const c of trimRight(s)) {
    if (!isAlnum(c) && found) newWord = true;
    else if (!found && !isAlnum(c)) continue;
    else if (/^\p{N}$/u.test(c)) {
      found = true;
      newWord = true;
      out += c;
    } else if (newWord || (isLower(lastChar) && isUpper(c) && lastChar !== ' ')) {
      found = true;
      newWord = false;
      out += asciiUpper(c);
    } else {
      found = true;
      lastChar = c;
      out += asciiLower(c);
    }
  }
  return out;
}
