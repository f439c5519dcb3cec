import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { normalizeProject, tomlStringArray, writeTags } from './normalize';

describe('normalizeProject', () => {
  it('derives the directory and the template names from the project name', () => {
    const tree = createTreeWithEmptyWorkspace();
    const p = normalizeProject(tree, { name: 'HelloWorld', tags: ' a, b ,,' }, 'actor');
    expect(p.root).toBe('hello-world');
    expect(p.tags).toEqual(['a', 'b']);
    expect(p.vars).toMatchObject({ snakeName: 'hello_world', pascalName: 'HelloWorld', kebabName: 'hello-world', vendor: 'Acme' });
    writeTags(tree, p);
    expect(JSON.parse(tree.read('hello-world/project.json', 'utf-8')!)).toEqual({ name: 'HelloWorld', tags: ['a', 'b'] });
  });

  it('writes TOML string arrays with escaping', () => {
    expect(tomlStringArray(['a', 'b"c'])).toBe('["a", "b\\"c"]');
  });
});
