import { normalizeOptions } from './options';
import { interfaceTargets, workspaceTargets } from './targets';

const ctx = { workspaceRoot: '/ws', projectRoot: 'i', options: normalizeOptions({ validateTargetName: 'lint-model' }) };

describe('targets', () => {
  it('gives an interface without generated projects only codegen and validate', () => {
    const t = interfaceTargets(ctx, 'codegen.toml', { modelPaths: ['.'], languages: { html: { outputDir: 'docs', files: [] } } }, {});
    expect(Object.keys(t).sort()).toEqual(['codegen', 'lint-model']);
    expect(t.codegen.outputs).toEqual(['{projectRoot}/docs/*.html']);
  });

  it('resolves output paths relative to a codegen.toml in a subdirectory', () => {
    const t = interfaceTargets(ctx, 'model/codegen.toml', { modelPaths: [], languages: { rust: { outputDir: '../rust', files: ['src/x.rs'] } } }, {});
    expect(t.codegen.outputs).toEqual(['{projectRoot}/rust/src/x.rs']);
  });

  it('makes the registry target continuous and ready on /v2/, never cached', () => {
    const t = workspaceTargets(normalizeOptions({ registryPort: 6000, registryTargetName: 'oci' }));
    expect(t.oci).toMatchObject({ continuous: true, cache: false, readyWhen: { url: 'http://127.0.0.1:6000/v2/' }, options: { port: 6000 } });
    expect(t.drain.cache).toBe(false);
  });
});
