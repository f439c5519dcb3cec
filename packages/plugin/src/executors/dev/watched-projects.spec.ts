import type { ExecutorContext } from '@nx/devkit';
import { outputMatchers, owner, watchedProjects } from './watched-projects';

const context = {
  projectsConfigurations: {
    version: 2,
    projects: {
      hello: { root: 'actors/hello' },
      fact: { root: 'interfaces/fact', targets: { codegen: { outputs: ['{projectRoot}/html/*.html', '{projectRoot}/rust/src/fact.rs', '{options.out}'] } } },
      core: { root: 'interfaces/core' },
      other: { root: 'other' },
    },
  },
  projectGraph: {
    nodes: {},
    dependencies: {
      hello: [
        { source: 'hello', target: 'fact', type: 'static' },
        { source: 'hello', target: 'npm:left-pad', type: 'static' },
      ],
      fact: [{ source: 'fact', target: 'core', type: 'static' }],
      core: [{ source: 'core', target: 'fact', type: 'static' }],
    },
  },
} as unknown as ExecutorContext;

describe('dev watched projects', () => {
  it('follows the graph transitively to workspace projects only, cycles included', () => {
    expect(watchedProjects(context, 'hello').map(({ name, root }) => ({ name, root }))).toEqual([
      { name: 'hello', root: 'actors/hello' },
      { name: 'fact', root: 'interfaces/fact' },
      { name: 'core', root: 'interfaces/core' },
    ]);
  });
  it('maps a changed file to its project; build outputs and target dirs are not inputs', () => {
    const w = watchedProjects(context, 'hello');
    expect(owner(w, 'actors/hello/src/lib.rs')?.name).toBe('hello');
    expect(owner(w, 'interfaces/fact/fact.smithy')?.name).toBe('fact');
    expect(owner(w, 'actors/hello/build/hello.wasm')).toBeUndefined();
    expect(owner(w, 'actors/hello/target/release/x')).toBeUndefined();
    expect(owner(w, 'actors/hello/target0Eioo0')).toBeUndefined();
    expect(owner(w, 'actors/hello/targets.rs')?.name).toBe('hello');
    expect(owner(w, 'other/x.rs')).toBeUndefined();
  });
  it("a watched project's target outputs (codegen's files, their temporary siblings) are not inputs: codegen would loop", () => {
    const w = watchedProjects(context, 'hello');
    for (const f of [
      'interfaces/fact/html',
      'interfaces/fact/rust',
      'interfaces/fact/rust/src',
      'interfaces/fact/html/fact.html',
      'interfaces/fact/html/.org_fact.html.2944.1796453566465.tmp.html',
      'interfaces/fact/rust/src/fact.rs',
      'interfaces/fact/rust/src/.fact.rs.12.34.tmp.rs',
      'interfaces/fact/rust/src/fact.rs.12.tmp',
    ])
      expect([f, owner(w, f)]).toEqual([f, undefined]);
    expect(owner(w, 'interfaces/fact/fact.smithy')?.name).toBe('fact');
    expect(owner(w, 'interfaces/fact/rust/src/lib.rs')?.name).toBe('fact');
    expect(owner(w, 'interfaces/fact/html2/x.html')?.name).toBe('fact');
    expect(owner(w, 'interfaces')).toBeUndefined();
  });
  it('reads Nx output patterns: directories, globs, workspace-root paths; interpolated options are skipped', () => {
    const m = (p: string, root: string, f: string) => outputMatchers(p, root).some((r) => r.test(f));
    expect(m('{projectRoot}/ts/dist', 'i', 'i/ts/dist/index.js')).toBe(true);
    expect(m('{projectRoot}/ts/dist', 'i', 'i/ts/distx')).toBe(false);
    expect(m('{workspaceRoot}/dist/i/**/*.js', 'i', 'dist/i/a/b.js')).toBe(true);
    expect(m('{projectRoot}/html/*.html', 'i', 'i/html/sub/x.html')).toBe(false);
    expect(outputMatchers('{options.outputPath}', 'i')).toEqual([]);
  });
});
