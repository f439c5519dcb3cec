import { normalizeOptions } from './options';
import { actorTargets, enclosingCargoInputs, interfaceTargets, workspaceTargets } from './targets';

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

  it('makes the host target continuous (nx-wasmcloud up), ready on its ready line, never cached', () => {
    const t = workspaceTargets(normalizeOptions({ hostNatsPort: 4333 }));
    expect(t.host).toMatchObject({
      executor: '@nx-wasmcloud/plugin:host',
      continuous: true,
      cache: false,
      readyWhen: { logMatches: 'wasmCloud host ready' },
      options: { natsPort: 4333, lattice: 'default' },
    });
  });

  it('gives an actor a deploy target after sign that finds the host target on its NATS port', () => {
    const project = {
      name: 'hello',
      version: '0.1.0',
      language: 'rust',
      type: 'actor',
      binName: 'hello',
      actor: { claims: [], wasmTarget: 'wasm32-unknown-unknown' },
    } as never;
    const t = actorTargets(project, {
      workspaceRoot: '/ws',
      projectRoot: 'hello',
      options: normalizeOptions({ hostNatsPort: 4333, registry: 'localhost:5001' }),
    });
    expect(t.deploy).toMatchObject({
      executor: '@nx-wasmcloud/plugin:deploy',
      dependsOn: ['sign'],
      cache: false,
      options: { registry: 'localhost:5001', natsUrl: '127.0.0.1:4333', lattice: 'default' },
    });
  });

  it('gives an actor a continuous, uncached dev target that runs its own build/sign/push/deploy targets', () => {
    const project = {
      name: 'hello',
      version: '0.1.0',
      language: 'rust',
      type: 'actor',
      binName: 'hello',
      actor: { claims: [], wasmTarget: 'wasm32-unknown-unknown' },
    } as never;
    const t = actorTargets(project, {
      workspaceRoot: '/ws',
      projectRoot: 'hello',
      options: normalizeOptions({ hostNatsPort: 4333, buildTargetName: 'wasm-build' }),
    });
    expect(t.dev).toMatchObject({
      executor: '@nx-wasmcloud/plugin:dev',
      continuous: true,
      cache: false,
      options: {
        natsUrl: '127.0.0.1:4333',
        lattice: 'default',
        buildTarget: 'wasm-build',
        signTarget: 'sign',
        pushTarget: 'push',
        deployTarget: 'deploy',
        codegenTarget: 'codegen',
      },
    });
  });

  it("lists every ancestor directory's cargo files, nearest first, none for a root crate", () => {
    expect(enclosingCargoInputs('a/b')).toEqual([
      '{workspaceRoot}/a/Cargo.toml',
      '{workspaceRoot}/a/Cargo.lock',
      '{workspaceRoot}/a/.cargo/config.toml',
      '{workspaceRoot}/a/.cargo/config',
      '{workspaceRoot}/Cargo.toml',
      '{workspaceRoot}/Cargo.lock',
      '{workspaceRoot}/.cargo/config.toml',
      '{workspaceRoot}/.cargo/config',
    ]);
    expect(enclosingCargoInputs('.')).toEqual([]);
  });

  it('gives a generated interface crate its enclosing cargo files too', () => {
    const t = interfaceTargets(
      { ...ctx, projectRoot: 'ifc/fact' },
      'codegen.toml',
      { modelPaths: [], languages: { rust: { outputDir: 'rust', files: [] } } },
      { rust: 'rust' },
    );
    expect(t.build.inputs).toEqual(
      expect.arrayContaining(['{workspaceRoot}/ifc/fact/Cargo.toml', '{workspaceRoot}/ifc/Cargo.lock', '{workspaceRoot}/.cargo/config.toml']),
    );
  });

  it('keys Rust codegen on rustfmt (presence and version), HTML-only codegen not', () => {
    const rust = interfaceTargets(ctx, 'codegen.toml', { modelPaths: [], languages: { rust: { outputDir: 'rust', files: ['src/x.rs'] } } }, {});
    expect(rust.codegen.inputs).toContainEqual({ runtime: expect.stringMatching(/hash-input\.js" toolchain rustfmt$/) });
    const html = interfaceTargets(ctx, 'codegen.toml', { modelPaths: [], languages: { html: { outputDir: 'html', files: [] } } }, {});
    expect(JSON.stringify(html.codegen.inputs)).not.toContain('rustfmt');
  });
});
