import { pushReference } from './push-reference';

describe('pushReference', () => {
  it('joins registry, lowercased name and version, without doubling a trailing slash', () => {
    expect(pushReference('localhost:5000', 'Hello', '0.1.0')).toBe('localhost:5000/hello:0.1.0');
    expect(pushReference('ghcr.io/acme/', 'echo', '1.2.3-rc.1')).toBe('ghcr.io/acme/echo:1.2.3-rc.1');
  });

  it('derives the repository from a name with spaces', () => {
    expect(pushReference('localhost:5000', 'Hello World', '0.1.0')).toBe('localhost:5000/hello-world:0.1.0');
  });
});
