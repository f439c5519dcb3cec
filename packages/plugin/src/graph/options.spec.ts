import { normalizeOptions } from './options';

describe('normalizeOptions', () => {
  it('defaults every target name and the registry to the local registry port', () => {
    expect(normalizeOptions(undefined)).toMatchObject({
      buildTargetName: 'build',
      signTargetName: 'sign',
      parTargetName: 'par',
      registry: 'localhost:5000',
      registryPort: 5000,
      publish: false,
      providerTargets: [],
    });
  });
  it('follows registryPort for the default registry unless one is given', () => {
    expect(normalizeOptions({ registryPort: 5917 }).registry).toBe('localhost:5917');
    expect(normalizeOptions({ registryPort: 5917, registry: 'ghcr.io/acme' }).registry).toBe('ghcr.io/acme');
  });
  it('renames or disables targets through targetNames, which wins over <target>TargetName', () => {
    const o = normalizeOptions({ buildTargetName: 'b', targetNames: { build: 'wasm-build', push: false } });
    expect(o.buildTargetName).toBe('wasm-build');
    expect(o.pushTargetName).toBe('\0disabled:push');
  });
  it('refuses an unknown target or a bad name in one line', () => {
    expect(() => normalizeOptions({ targetNames: { biuld: 'x' } })).toThrow(
      /^nx\.json: @nx-wasmcloud\/plugin option targetNames\.biuld names no inferred target; use one of build, sign, par, push, /,
    );
    expect(() => normalizeOptions({ targetNames: { build: 'a:b' } })).toThrow('targetNames.build must be a target name (no spaces or ":") or false, got "a:b"');
  });
});
