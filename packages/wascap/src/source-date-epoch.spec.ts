import { issueTime, sourceDateEpoch } from './source-date-epoch';

describe('SOURCE_DATE_EPOCH', () => {
  it('is undefined when unset or empty and a number when set', () => {
    expect(sourceDateEpoch({})).toBeUndefined();
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: '' })).toBeUndefined();
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: '1700000000' })).toBe(1700000000);
    expect(issueTime({ SOURCE_DATE_EPOCH: '42' })).toBe(42);
  });

  it('rejects values that are not whole seconds, naming the value', () => {
    expect(() => sourceDateEpoch({ SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(/SOURCE_DATE_EPOCH='yesterday'/);
    expect(() => sourceDateEpoch({ SOURCE_DATE_EPOCH: '-5' })).toThrow(/not a unix timestamp/);
  });

  it('falls back to the clock', () => {
    const before = Math.floor(Date.now() / 1000);
    const t = issueTime({});
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });
});
