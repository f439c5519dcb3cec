import { executorContext } from '../../test-support/executor-context';
import { HELLO_TOML, tempTree } from '../../test-support/files';
import { defaultReference, publishedArtifact } from './artifact';
import { loadProject } from './project';

describe('loadProject and the published artifact', () => {
  const ws = tempTree({
    'a/wasmcloud.toml': HELLO_TOML.replace('"hello"', '"Hello-World"'),
    'a/Cargo.toml': '[package]\nname = "x"\nversion = "9.9.9"\n[lib]\nname = "hello_world"\n',
    'p/wasmcloud.toml': 'name = "p"\nlanguage = "rust"\ntype = "provider"\nversion = "1.0.0"\n[provider]\ncapability_id = "c:d"\n',
  });
  afterAll(() => ws.cleanup());

  it("reads the task's project now, with the Cargo.toml lib name", () => {
    const p = loadProject(executorContext(ws.root, 'a', 'a'));
    expect(p.config).toMatchObject({ name: 'Hello-World', binName: 'hello_world', version: '0.1.0' });
    expect(publishedArtifact(p)).toBe(`${ws.root}/a/build/hello_world_s.wasm`);
    expect(defaultReference('localhost:5000/', p)).toBe('localhost:5000/hello-world:0.1.0');
  });

  it('publishes a provider archive', () => {
    expect(publishedArtifact(loadProject(executorContext(ws.root, 'p', 'p')))).toBe(`${ws.root}/p/build/p.par.gz`);
  });

  it('fails in one line without a wasmcloud.toml', () => {
    expect(() => loadProject(executorContext(ws.root, 'none', 'none'))).toThrow(
      'none/wasmcloud.toml not found: this target needs a wasmcloud.toml in the project root',
    );
  });
});
