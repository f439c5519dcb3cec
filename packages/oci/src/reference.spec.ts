import fc from 'fast-check';
import { normaliseDigest, parseLayoutReference, parseReference } from './reference';

const HEX = 'a'.repeat(64);

describe('parseReference', () => {
  it.each([
    // [input, registry, repository, tag, digest, whole]
    ['localhost:5000/x:1.0', 'localhost:5000', 'x', '1.0', undefined, 'localhost:5000/x:1.0'],
    ['ghcr.io/o/x@sha256:' + HEX, 'ghcr.io', 'o/x', undefined, 'sha256:' + HEX, 'ghcr.io/o/x@sha256:' + HEX],
    ['alpine', 'docker.io', 'library/alpine', undefined, undefined, 'docker.io/library/alpine'],
    ['alpine:3.19', 'docker.io', 'library/alpine', '3.19', undefined, 'docker.io/library/alpine:3.19'],
    ['wasmcloud/echo:0.3.4', 'docker.io', 'wasmcloud/echo', '0.3.4', undefined, 'docker.io/wasmcloud/echo:0.3.4'],
    ['index.docker.io/foo:1', 'docker.io', 'library/foo', '1', undefined, 'docker.io/library/foo:1'],
    ['localhost/a/b/c:v1', 'localhost', 'a/b/c', 'v1', undefined, 'localhost/a/b/c:v1'],
    ['wasmcloud.azurecr.io/echo:0.2.1', 'wasmcloud.azurecr.io', 'echo', '0.2.1', undefined, 'wasmcloud.azurecr.io/echo:0.2.1'],
    ['127.0.0.1:5000/my_app-x.y:tag@sha256:' + HEX, '127.0.0.1:5000', 'my_app-x.y', 'tag', 'sha256:' + HEX, '127.0.0.1:5000/my_app-x.y:tag@sha256:' + HEX],
    // wash lowercases the whole URL before parsing, tag included.
    ['LocalHost:5000/Org/Echo:V1', 'localhost:5000', 'org/echo', 'v1', undefined, 'localhost:5000/org/echo:v1'],
    // No '.', ':' or localhost in the first component: it is a Docker Hub namespace.
    ['myhost/echo:1', 'docker.io', 'myhost/echo', '1', undefined, 'docker.io/myhost/echo:1'],
  ])('parses %s', (input, registry, repository, tag, digest, whole) => {
    const r = parseReference(input);
    expect(r.registry).toBe(registry);
    expect(r.repository).toBe(repository);
    expect(r.tag).toBe(tag);
    expect(r.digest).toBe(digest);
    expect(r.whole).toBe(whole);
  });

  it.each([
    ['', /empty reference/],
    ['   ', /empty reference/],
    ['localhost:5000/', /no repository name after 'localhost:5000\/'/],
    ['localhost:5000/x:', /invalid tag ''/],
    ['localhost:5000/x:-bad', /invalid tag '-bad'/],
    ['localhost:5000/x:' + 'a'.repeat(129), /invalid tag/],
    ['localhost:5000/x@sha256:abc', /has 3 hex characters; sha256 needs 64/],
    ['localhost:5000/x@md5:' + 'a'.repeat(32), /unsupported digest algorithm 'md5'/],
    ['localhost:5000/x@nothex', /invalid digest 'nothex'/],
    ['localhost:5000/x@sha256:' + HEX + '@sha256:' + HEX, /more than one '@'/],
    ['localhost:5000//x:1', /empty path component/],
    ['localhost:5000/x/:1', /empty path component/],
    ['localhost:5000/-x:1', /invalid repository path component '-x'/],
    ['localhost:5000/x!y:1', /invalid repository path component 'x!y'/],
    ['bad_host.io:5000/x:1', /invalid registry host 'bad_host.io:5000'/],
    ['reg.io:port/x:1', /invalid registry host 'reg.io:port'/],
    ['https://localhost:5000/x:1', /must not have a URL scheme/],
    ['local host/x', /whitespace/],
    ['reg.io/' + 'a'.repeat(260) + ':1', /longer than 255/],
  ])('rejects %j', (input, message) => {
    expect(() => parseReference(input)).toThrow(message);
  });

  it('marks its errors as user errors', () => {
    try {
      parseReference('');
      throw new Error('not thrown');
    } catch (err) {
      expect((err as { isUserError?: boolean }).isUserError).toBe(true);
    }
  });

  it('round-trips: parsing the normal form gives the same reference', () => {
    const component = fc.stringMatching(/^[a-z0-9]{1,8}(?:[._-][a-z0-9]{1,8})?$/);
    fc.assert(
      fc.property(
        fc.constantFrom('localhost:5000', 'ghcr.io', 'docker.io', '10.0.0.1:443', 'my.reg.example'),
        fc.array(component, { minLength: 1, maxLength: 3 }),
        fc.option(fc.stringMatching(/^[a-z0-9_][a-z0-9_.-]{0,20}$/), { nil: undefined }),
        (registry, parts, tag) => {
          const r = parseReference(`${registry}/${parts.join('/')}${tag ? ':' + tag : ''}`);
          expect(parseReference(r.whole)).toEqual(r);
          expect(r.tag).toBe(tag);
        },
      ),
    );
  });
});

describe('normaliseDigest', () => {
  it('adds sha256: to bare hex, as wash pull --digest does', () => {
    expect(normaliseDigest(HEX.toUpperCase())).toBe('sha256:' + HEX);
    expect(normaliseDigest('sha256:' + HEX)).toBe('sha256:' + HEX);
    expect(() => normaliseDigest('abc')).toThrow("digest 'sha256:abc' has 3 hex characters; sha256 needs 64");
  });
});

describe('parseLayoutReference', () => {
  it('splits oci:<dir>:<tag> at the first colon, like skopeo', () => {
    expect(parseLayoutReference('oci:./out/layout:v1')).toEqual({ dir: './out/layout', tag: 'v1' });
    expect(parseLayoutReference('oci:/abs/dir')).toEqual({ dir: '/abs/dir' });
    expect(() => parseLayoutReference('oci::v1')).toThrow(/no directory/);
    expect(() => parseLayoutReference('oci:dir:.bad')).toThrow(/invalid tag/);
  });
});
