import { KeyedLock } from './keyed-lock';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('KeyedLock', () => {
  it('runs tasks of one key in order, never overlapping, and tasks of other keys alongside', async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    const task = (name: string, ms: number) => async () => {
      events.push(`${name}+`);
      await tick(ms);
      events.push(`${name}-`);
      return name;
    };
    const results = await Promise.all([lock.run('a', task('a1', 30)), lock.run('a', task('a2', 1)), lock.run('b', task('b1', 5))]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(events.indexOf('a2+')).toBeGreaterThan(events.indexOf('a1-'));
    expect(events.indexOf('b1-')).toBeLessThan(events.indexOf('a1-'));
    await tick(0);
    expect(lock.size).toBe(0);
  });

  it('a failing task does not block the next one for the key', async () => {
    const lock = new KeyedLock();
    await expect(lock.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.run('k', async () => 'next')).resolves.toBe('next');
  });
});
