import { LogTap, TappedLog } from './log-tap';

describe('LogTap', () => {
  it('forwards each line, emits it with a time, and keeps only the last ones', () => {
    const forwarded: string[] = [];
    const tap = new LogTap({ forward: (e) => forwarded.push(e.text), keep: 2 });
    const seen: TappedLog[] = [];
    tap.on('line', (l: TappedLog) => seen.push(l));
    for (const text of ['a', 'b', 'c']) tap.sink({ actor: 'echo', level: 'info', text });
    expect(forwarded).toEqual(['a', 'b', 'c']);
    expect(seen.map((l) => l.text)).toEqual(['a', 'b', 'c']);
    expect(Number.isNaN(Date.parse(seen[0].at))).toBe(false);
    expect(tap.recent.map((l) => l.text)).toEqual(['b', 'c']);
  });
});
