import { InvalidReferenceError } from './errors';

/** A parsed registry reference, normalised as wash (oci-distribution's docker-style parser) does. */
export interface Reference {
  /** Host and optional port, e.g. `localhost:5000`, `ghcr.io`, `docker.io`. */
  registry: string;
  /** Path inside the registry, e.g. `library/alpine`, `org/echo`. */
  repository: string;
  tag?: string;
  /** `algorithm:hex`. */
  digest?: string;
  /** The reference in full normal form: `registry/repository[:tag][@digest]`. */
  whole: string;
}

export const DOCKER_HUB = 'docker.io';
const NAME_TOTAL_MAX = 255;
const SYNTAX = 'expected [registry[:port]/]repository[:tag][@sha256:<64 hex>]';

// distribution/reference's grammar (regexp.go), which oci-distribution ports.
const NAME_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/**
 * Parses `ref` as wash does: lowercased first (wash lowercases the whole URL, tag included), then
 * split into registry, repository, tag and digest, with Docker Hub defaults (`alpine` →
 * `docker.io/library/alpine`). Each malformed form gets its own message naming the bad part.
 */
export function parseReference(ref: string): Reference {
  const input = ref.trim().toLowerCase();
  if (!input) throw new InvalidReferenceError(`empty reference: ${SYNTAX}`);
  if (/\s/.test(input)) throw new InvalidReferenceError(`reference '${ref}' contains whitespace: ${SYNTAX}`);
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(input)) {
    throw new InvalidReferenceError(`reference '${ref}' must not have a URL scheme: write it as host/repository:tag (use --insecure for plain HTTP)`);
  }

  const at = input.split('@');
  if (at.length > 2) throw new InvalidReferenceError(`reference '${ref}' has more than one '@': ${SYNTAX}`);
  const digest = at.length === 2 ? parseDigest(at[1], ref) : undefined;
  let name = at[0];

  let tag: string | undefined;
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
    if (!TAG.test(tag)) {
      throw new InvalidReferenceError(`invalid tag '${tag}' in '${ref}': a tag is 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'`);
    }
  }
  if (!name) throw new InvalidReferenceError(`reference '${ref}' has no repository name: ${SYNTAX}`);

  let registry = DOCKER_HUB;
  let path = name;
  const slash = name.indexOf('/');
  if (slash >= 0) {
    const first = name.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      path = name.slice(slash + 1);
      if (!DOMAIN.test(registry)) throw new InvalidReferenceError(`invalid registry host '${registry}' in '${ref}'`);
      const port = /:(\d+)$/.exec(registry)?.[1];
      if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535)) {
        throw new InvalidReferenceError(`invalid port '${port}' in '${ref}': a port is 1 to 65535`);
      }
      // What the transport will build from it must be a URL (an IPv6 literal like [:::] is not).
      if (!URL.canParse(`https://${registry}/`)) throw new InvalidReferenceError(`invalid registry host '${registry}' in '${ref}'`);
    }
  }
  if (!path) throw new InvalidReferenceError(`reference '${ref}' has no repository name after '${registry}/': ${SYNTAX}`);
  if (registry === 'index.docker.io') registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;

  for (const component of path.split('/')) {
    if (!component) throw new InvalidReferenceError(`repository '${path}' in '${ref}' has an empty path component ('//' or a trailing '/')`);
    if (!NAME_COMPONENT.test(component)) {
      throw new InvalidReferenceError(
        `invalid repository path component '${component}' in '${ref}': use lowercase letters and digits, separated by '.', '_', '__' or '-'`,
      );
    }
  }
  if (registry.length + 1 + path.length > NAME_TOTAL_MAX) {
    throw new InvalidReferenceError(`repository name in '${ref}' is longer than ${NAME_TOTAL_MAX} characters`);
  }
  const whole = `${registry}/${path}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  return { registry, repository: path, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}), whole };
}

/** Validates `algorithm:hex`; a bare hex string is not accepted here (see normaliseDigest). */
export function parseDigest(value: string, context = value): string {
  const where = context === value ? '' : ` in '${context}'`;
  const m = /^([a-z0-9]+(?:[-_+.][a-z0-9]+)*):([0-9a-f]+)$/.exec(value.toLowerCase());
  if (!m) throw new InvalidReferenceError(`invalid digest '${value}'${where}: expected sha256:<64 hex characters>`);
  const expected = DIGEST_LENGTH[m[1]];
  if (!expected) throw new InvalidReferenceError(`unsupported digest algorithm '${m[1]}'${where}: use sha256`);
  if (m[2].length !== expected) {
    throw new InvalidReferenceError(`digest '${value}'${where} has ${m[2].length} hex characters; ${m[1]} needs ${expected}`);
  }
  return `${m[1]}:${m[2]}`;
}

/** wash's `--digest`: `sha256:` is added when the user gave only the hex. */
export function normaliseDigest(value: string): string {
  const v = value.trim().toLowerCase();
  const full = v.includes(':') ? v : `sha256:${v}`;
  return parseDigest(full, full);
}

/** Is `ref` an OCI image layout reference (`oci:<dir>[:<tag>]`, the form skopeo uses)? */
export function isLayoutReference(ref: string): boolean {
  return ref.startsWith('oci:');
}

export interface LayoutReference {
  dir: string;
  tag?: string;
}

/** Splits `oci:<dir>[:<tag>]` at the first ':' after the prefix, as containers/image does on Unix. */
export function parseLayoutReference(ref: string): LayoutReference {
  if (!isLayoutReference(ref)) throw new InvalidReferenceError(`'${ref}' is not an OCI layout reference: expected oci:<directory>[:<tag>]`);
  const rest = ref.slice(4);
  const colon = rest.indexOf(':');
  const dir = colon >= 0 ? rest.slice(0, colon) : rest;
  const tag = colon >= 0 ? rest.slice(colon + 1) : undefined;
  if (!dir) throw new InvalidReferenceError(`OCI layout reference '${ref}' has no directory: expected oci:<directory>[:<tag>]`);
  if (tag !== undefined && !TAG.test(tag)) {
    throw new InvalidReferenceError(`invalid tag '${tag}' in '${ref}': a tag is 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'`);
  }
  return { dir, ...(tag ? { tag } : {}) };
}
