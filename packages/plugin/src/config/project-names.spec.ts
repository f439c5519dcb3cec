import { projectName, repositoryName } from './project-names';

describe('repositoryName', () => {
  it('lowercases a name that is already a valid OCI component', () => {
    expect(repositoryName('KVCounter')).toBe('kvcounter');
    expect(repositoryName('my_actor.v2')).toBe('my_actor.v2');
    expect(repositoryName('a__b--c')).toBe('a__b--c');
  });

  it("turns the classic examples' names into repositories", () => {
    expect(repositoryName('Hello World')).toBe('hello-world');
    expect(repositoryName('KVCounter (TinyGo)')).toBe('kvcounter-tinygo');
    expect(repositoryName('TODO Backend API (SQL)')).toBe('todo-backend-api-sql');
    expect(repositoryName('wasmCloud Official Enforcer')).toBe('wasmcloud-official-enforcer');
    expect(repositoryName(' dots.-and_-mixes. ')).toBe('dots-and-mixes');
  });

  it('refuses a name with nothing to keep, naming the file', () => {
    expect(() => repositoryName('(!)', 'actors/x/wasmcloud.toml')).toThrow(
      'actors/x/wasmcloud.toml: name "(!)" has no letters or digits to name an OCI repository; set name = "my-actor"',
    );
  });
});

describe('projectName', () => {
  it('keeps a name that can be typed on the command line, else uses the repository name', () => {
    expect(projectName('KVCounter')).toBe('KVCounter');
    expect(projectName('hello_world')).toBe('hello_world');
    expect(projectName('Hello World')).toBe('hello-world');
    expect(projectName('KVCounter (TinyGo)')).toBe('kvcounter-tinygo');
    expect(projectName('a:b')).toBe('a-b');
  });
});
