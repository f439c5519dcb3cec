import type { ExecutorContext } from '@nx/devkit';
import { owner, watchedProjects } from './watched-projects';

const context = {
  projectsConfigurations: {
    version: 2,
    projects: { hello: { root: 'actors/hello' }, fact: { root: 'interfaces/fact' }, core: { root: 'interfaces/core' }, other: { root: 'other' } },
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
    expect(watchedProjects(context, 'hello')).toEqual([
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
});
