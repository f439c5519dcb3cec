import * as plugin from './index';

describe('the plugin entry point', () => {
  it('exports createNodes (v2 tuple), createNodesV2 as the same tuple, and createDependencies', () => {
    expect(plugin.createNodes[0]).toBe('{**/wasmcloud.toml,**/codegen.toml,nx.json}');
    expect(typeof plugin.createNodes[1]).toBe('function');
    expect(plugin.createNodesV2).toBe(plugin.createNodes);
    expect(typeof plugin.createDependencies).toBe('function');
  });
});
