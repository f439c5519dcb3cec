import { InvalidClaimsOptionError } from './errors';

/**
 * SOURCE_DATE_EPOCH (reproducible-builds.org): when set, it replaces "now" as the issue time so
 * the same inputs sign to the same bytes. An unparsable value is an error rather than silently
 * falling back to the clock, which would break reproducibility unnoticed.
 */
export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw.trim())) {
    throw new InvalidClaimsOptionError(`SOURCE_DATE_EPOCH='${raw}' is not a unix timestamp in seconds; unset it or set a non-negative integer`);
  }
  const value = Number(raw.trim());
  if (!Number.isSafeInteger(value)) throw new InvalidClaimsOptionError(`SOURCE_DATE_EPOCH='${raw}' is too large`);
  return value;
}

/** Issue time in unix seconds: SOURCE_DATE_EPOCH if set, else the clock. */
export function issueTime(env?: NodeJS.ProcessEnv): number {
  return sourceDateEpoch(env) ?? Math.floor(Date.now() / 1000);
}
