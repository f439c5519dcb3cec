import { mayCarryCredentials } from './credential-scope';

describe('mayCarryCredentials', () => {
  const registry = 'https://reg.example:5000';

  it('allows the registry origin, any path and query', () => {
    expect(mayCarryCredentials(new URL('https://reg.example:5000/v2/a/blobs/uploads/x?state=1'), registry)).toBe(true);
  });

  it.each([
    ['another host', 'https://storage.example/upload'],
    ['another port', 'https://reg.example:5001/v2/'],
    ['https to http on the same host', 'http://reg.example:5000/v2/'],
    ['a default port not written the same', 'https://reg.example/v2/'],
    ['another scheme', 'ftp://reg.example:5000/v2/'],
  ])('refuses %s', (_what, url) => {
    expect(mayCarryCredentials(new URL(url), registry)).toBe(false);
  });
});
