import { signingKeyDirectory } from './keys';

describe('signingKeyDirectory', () => {
  const base = { projectDir: '/ws/hello' };
  it('prefers an explicit directory', () => {
    expect(signingKeyDirectory({ ...base, explicit: '/k', tomlDirectory: './keys', env: { WASH_KEYS: '/w' } })).toBe('/k');
  });
  it('leaves WASH_KEYS to the library over [actor] key_directory', () => {
    expect(signingKeyDirectory({ ...base, tomlDirectory: './keys', env: { WASH_KEYS: '/w' } })).toBeUndefined();
  });
  it('resolves key_directory against the project', () => {
    expect(signingKeyDirectory({ ...base, tomlDirectory: './keys', env: {} })).toBe('/ws/hello/keys');
  });
  it('falls back to the library default', () => {
    expect(signingKeyDirectory({ ...base, env: {} })).toBeUndefined();
  });
});
