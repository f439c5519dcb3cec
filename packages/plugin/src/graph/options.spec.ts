import { normalizeOptions } from './options';

describe('normalizeOptions', () => {
  it('defaults every target name and the registry to the local registry port', () => {
    expect(normalizeOptions(undefined)).toMatchObject({ buildTargetName: 'build', signTargetName: 'sign', parTargetName: 'par', registry: 'localhost:5000', registryPort: 5000, publish: false, providerTargets: [] });
  });
  it('follows registryPort for the default registry unless one is given', () => {
    expect(normalizeOptions({ registryPort: 5917 }).registry).toBe('localhost:5917');
    expect(normalizeOptions({ registryPort: 5917, registry: 'ghcr.io/acme' }).registry).toBe('ghcr.io/acme');
  });
});
