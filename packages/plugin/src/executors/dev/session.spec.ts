import type { ExecutorContext } from '@nx/devkit';
import { createTree } from '@nx/devkit/testing';
import { actorGenerator } from '../../generators/actor/generator';
import { interfaceGenerator } from '../../generators/interface/generator';
import { providerGenerator } from '../../generators/provider/generator';
import { tempTree } from '../../test-support/files';
import { devSession, mergeRounds, planRound, sessionActors, startRound } from './session';
import { workspaceContext } from './test-support/workspace-graph';

const CONTRACT = 'wasmcloud:example:factorial';

// A workspace as the generators make it: the interface factorial, two actors that claim its
// contract (hello, world), one that does not (lone), and a provider of it. The graph is the
// plugin's own (createNodes + createDependencies), as `nx graph` would show it.
describe('dev session (the Nx graph of a generated workspace)', () => {
  const ws = tempTree({ 'package.json': '{"name":"ws"}', 'nx.json': '{}' });
  let context: ExecutorContext;

  beforeAll(async () => {
    process.env.NX_WORKSPACE_DATA_DIRECTORY = `${ws.root}/.nx/workspace-data`;
    const tree = createTree();
    await interfaceGenerator(tree, { name: 'factorial', template: 'minimal', contractId: CONTRACT, directory: 'interfaces/factorial', skipFormat: true });
    for (const name of ['hello', 'world'])
      await actorGenerator(tree, { name, template: 'minimal', directory: `actors/${name}`, capabilities: CONTRACT, skipFormat: true });
    await actorGenerator(tree, { name: 'lone', template: 'minimal', directory: 'actors/lone', skipFormat: true });
    await providerGenerator(tree, { name: 'fact', template: 'minimal', directory: 'providers/fact', contractId: CONTRACT, skipFormat: true });
    context = await workspaceContext(tree, ws.root, 'hello', 'dev');
  });
  afterAll(() => {
    delete process.env.NX_WORKSPACE_DATA_DIRECTORY;
    ws.cleanup();
  });

  it('the fixture graph has the contract-id edges dev follows', () => {
    const deps = context.projectGraph!.dependencies;
    expect(deps.hello.map((d) => d.target)).toEqual(['factorial']);
    expect(deps.world.map((d) => d.target)).toEqual(['factorial']);
    expect(deps.fact.map((d) => d.target)).toEqual(['factorial']);
    expect(deps.lone).toEqual([]);
  });

  it('dev on an actor keeps that actor; projects adds actors, or an interface for every actor that depends on it', () => {
    expect(sessionActors(context, 'hello', [])).toEqual(['hello']);
    expect(sessionActors(context, 'hello', ['lone'])).toEqual(['hello', 'lone']);
    expect(sessionActors(context, 'lone', ['factorial'])).toEqual(['lone', 'hello', 'world']);
  });

  it('dev on an interface keeps every actor that depends on it (never the provider)', () => {
    expect(sessionActors(context, 'factorial', [])).toEqual(['hello', 'world']);
  });

  it('refuses a name that is no project, and a project no actor depends on, naming the option', () => {
    expect(() => sessionActors(context, 'hello', ['nope'])).toThrow('dev option projects: no project named "nope" in this workspace (see nx show projects)');
    expect(() => sessionActors(context, 'fact', [])).toThrow(/^providers\/fact: dev: "fact" is not an actor and no actor depends on it in the Nx graph/);
  });

  it('watches each actor and what it depends on, once', () => {
    const session = devSession(context, ['hello', 'world', 'lone']);
    expect(session.watched.map((w) => w.root)).toEqual(['actors/hello', 'interfaces/factorial', 'actors/world', 'actors/lone']);
    expect(session.dependents).toEqual({ hello: ['hello'], factorial: ['hello', 'world'], world: ['world'], lone: ['lone'] });
  });

  it('a .smithy change runs its codegen once and rebuilds every session actor that depends on it', () => {
    const session = devSession(context, ['hello', 'world', 'lone']);
    expect(planRound(session, ['interfaces/factorial/factorial.smithy'])).toEqual({
      actors: [
        { name: 'hello', changes: ['interfaces/factorial/factorial.smithy'] },
        { name: 'world', changes: ['interfaces/factorial/factorial.smithy'] },
      ],
      changedDependencies: ['factorial'],
    });
    // Only the session's dependents: with dev on hello alone, world is not rebuilt.
    expect(planRound(devSession(context, ['hello']), ['interfaces/factorial/factorial.smithy'])!.actors.map((a) => a.name)).toEqual(['hello']);
  });

  it("an actor's own change rebuilds only it; outputs and other projects' files make no round", () => {
    const session = devSession(context, ['hello', 'world']);
    expect(planRound(session, ['actors/world/src/lib.rs', 'actors/world/build/world.wasm'])).toEqual({
      actors: [{ name: 'world', changes: ['actors/world/src/lib.rs'] }],
      changedDependencies: [],
    });
    expect(planRound(session, ['providers/fact/src/main.rs', 'actors/hello/target/x'])).toBeUndefined();
  });

  it('changes during a round merge into the next one, in session order', () => {
    const session = devSession(context, ['hello', 'world']);
    const a = planRound(session, ['actors/world/src/lib.rs'])!;
    const b = planRound(session, ['interfaces/factorial/factorial.smithy', 'actors/world/src/lib.rs'])!;
    expect(mergeRounds(session, a, b)).toEqual({
      actors: [
        { name: 'hello', changes: ['interfaces/factorial/factorial.smithy'] },
        { name: 'world', changes: ['actors/world/src/lib.rs', 'interfaces/factorial/factorial.smithy'] },
      ],
      changedDependencies: ['factorial'],
    });
    expect(mergeRounds(session, undefined, a)).toBe(a);
    expect(startRound(session)).toEqual({
      actors: [
        { name: 'hello', changes: [] },
        { name: 'world', changes: [] },
      ],
      changedDependencies: [],
    });
  });
});
