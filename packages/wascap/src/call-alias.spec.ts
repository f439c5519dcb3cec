import { normalizeCallAlias, sanitizeCallAlias } from './call-alias';

describe('call alias', () => {
  it('accepts wash-valid aliases unchanged', () => {
    expect(normalizeCallAlias(sanitizeCallAlias('wasmcloud/examples/echo'))).toBe('wasmcloud/examples/echo');
    expect(normalizeCallAlias(sanitizeCallAlias('wasmcloud/ponger'))).toBe('wasmcloud/ponger');
  });

  it('rejects what wash sanitize_alias rejects', () => {
    expect(() => sanitizeCallAlias('')).toThrow(/must not be empty/);
    expect(() => sanitizeCallAlias('Has-Dash')).toThrow(/may only contain/);
    expect(() => sanitizeCallAlias('MCLFG44AN6RKNORIDSN5JACURXNEIP5Q6CH2BOG5FCTDF7HE6ES3MCQB')).toThrow(/looks like a public key/);
  });

  it('normalizes like wascap normalize_call_alias', () => {
    expect(normalizeCallAlias('  My-Actor.v2 ünï ')).toBe('my_actor_v2_n');
  });
});
