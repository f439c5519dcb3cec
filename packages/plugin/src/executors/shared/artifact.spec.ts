import { parseWasmcloudToml } from '../../config/wasmcloud-toml';
import { PROVIDER_TOML } from '../../test-support/files';
import { defaultReference, publishedArtifact } from './artifact';

describe('artifact', () => {
  const provider = { dir: '/ws/p', root: 'p', config: parseWasmcloudToml(PROVIDER_TOML, 'p/wasmcloud.toml') };
  it('names the provider archive after the binary, the reference after the project', () => {
    expect(publishedArtifact(provider)).toBe('/ws/p/build/fact.par.gz');
    expect(defaultReference('127.0.0.1:5000', provider)).toBe('127.0.0.1:5000/fact:0.2.0');
  });
});
