import fc from 'fast-check';

/**
 * The typos a seed suffers on its way into an env var or flag: a character added, dropped, changed
 * or doubled, quotes around it, a space inside it, lower case, a cut-off tail, surrounding
 * whitespace, and combinations of these.
 */
const CHARS = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abcxyz0189 "\'-_=/.'.split(''));

type Mutation = (s: string) => fc.Arbitrary<string>;

const at = (s: string) => fc.integer({ min: 0, max: Math.max(0, s.length) });

const mutations: Mutation[] = [
  (s) => CHARS.map((c) => s + c),
  (s) => CHARS.map((c) => c + s),
  (s) => fc.tuple(at(s), CHARS).map(([i, c]) => s.slice(0, i) + c + s.slice(i)),
  (s) => at(s).map((i) => s.slice(0, i) + s.slice(i + 1)),
  (s) => fc.tuple(at(s), CHARS).map(([i, c]) => s.slice(0, i) + c + s.slice(i + 1)),
  (s) => at(s).map((i) => s.slice(0, i) + ' ' + s.slice(i)),
  (s) => fc.constantFrom('"', "'").map((q) => q + s + q),
  (s) => fc.constant(s.toLowerCase()),
  (s) => fc.integer({ min: 50, max: 58 }).map((n) => s.slice(0, n)),
  (s) => fc.constantFrom(' ', '\t', '\n', '  ').map((w) => w + s + w),
  (s) => at(s).map((i) => s.slice(0, i) + s.slice(i, i + 1) + s.slice(i)),
];

function mutateOnce(s: string): fc.Arbitrary<string> {
  return fc.integer({ min: 0, max: mutations.length - 1 }).chain((k) => mutations[k](s));
}

/** A seed run through 1 to 3 random mutations. */
export function mutatedSeed(seed: string): fc.Arbitrary<string> {
  return fc.integer({ min: 1, max: 3 }).chain((n) => {
    let arb: fc.Arbitrary<string> = fc.constant(seed);
    for (let i = 0; i < n; i++) arb = arb.chain(mutateOnce);
    return arb;
  });
}

/**
 * Whether `text` reveals the seed: the seed itself or any 20-character piece of it, or of the
 * mutated value with its quotes and whitespace dropped, in any letter case.
 */
export function revealsSeed(text: string, seed: string, mutated = seed): boolean {
  const hay = text.toUpperCase().replace(/["'\s]/g, '');
  for (const secret of [seed, mutated.replace(/["'\s]/g, '')]) {
    const s = secret.toUpperCase();
    for (let i = 0; i + 20 <= s.length; i++) if (hay.includes(s.slice(i, i + 20))) return true;
  }
  return false;
}
