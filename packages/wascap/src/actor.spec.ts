import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { signActor, extractClaims, verifyActor } from './actor';
import { assertValidToken, decodeJwt, ENCODED_HEADER } from './jwt';
import {
  InvalidClaimsOptionError,
  InvalidKeyError,
  InvalidModuleHashError,
  InvalidWasmError,
  MissingClaimsError,
  TokenExpiredError,
  TokenNotYetValidError,
  InvalidSignatureError,
  WascapError,
} from './errors';
import { KeyPair } from './nkeys';
import { customSection, parseWasm, stripClaims } from './wasm-sections';
import { SEED_VECTORS } from './test-support/vectors';
import { concatBytes, ECHO_WAT, wat2wasm } from './test-support/wat';

const account = KeyPair.fromSeed(SEED_VECTORS[2][0]); // AALSO6…
const moduleKey = KeyPair.fromSeed(SEED_VECTORS[3][0]); // MCLFG44…
const sha256Upper = (b: Uint8Array) => createHash('sha256').update(b).digest('hex').toUpperCase();
const claimsSections = (wasm: Uint8Array) => parseWasm(wasm).sections.filter((s) => s.name === 'jwt' || s.name === 'wasmcloud_jwt');

describe('signActor / extractClaims / verifyActor round trip', () => {
  const unsigned = wat2wasm(ECHO_WAT);

  it('appends one wasmcloud_jwt section to the unchanged module, with hash = sha256(module) and revision 3', async () => {
    const signed = await signActor(unsigned, { issuer: account, subject: moduleKey, name: 'echo', caps: ['wasmcloud:httpserver'], rev: 2, ver: '0.1.0' });
    expect(Buffer.from(signed.subarray(0, unsigned.length))).toEqual(Buffer.from(unsigned));
    const sections = claimsSections(signed);
    expect(sections.map((s) => s.name)).toEqual(['wasmcloud_jwt']);
    const token = verifyActor(signed);
    expect(token.jwt.startsWith(ENCODED_HEADER + '.')).toBe(true);
    expect(token.claims.iss).toBe(account.publicKey);
    expect(token.claims.sub).toBe(moduleKey.publicKey);
    expect(token.claims.wascap.hash).toBe(sha256Upper(unsigned));
    expect(token.claims.wascap_revision).toBe(3);
    expect(token.claims.jti).toMatch(/^[0-9A-Za-z]{22}$/);
    expect(token.validation.signatureValid).toBe(true);
    expect(token.hashChecked).toBe(true);
    // wascap field order: jti, iat, iss, sub, wascap{name,hash,tags,caps,rev,ver,prov}, wascap_revision.
    expect(decodeJwt(token.jwt).claimsJson).toBe(
      `{"jti":"${token.claims.jti}","iat":${token.claims.iat},"iss":"${account.publicKey}","sub":"${moduleKey.publicKey}",` +
        `"wascap":{"name":"echo","hash":"${sha256Upper(unsigned)}","tags":[],"caps":["wasmcloud:httpserver"],"rev":2,"ver":"0.1.0","prov":false},"wascap_revision":3}`,
    );
  });

  it('legacy mode writes a `jwt` section without wascap_revision, and its hash is still enforced', async () => {
    const signed = await signActor(unsigned, { issuer: account, subject: moduleKey, name: 'echo', legacy: true });
    expect(claimsSections(signed).map((s) => s.name)).toEqual(['jwt']);
    const token = verifyActor(signed);
    expect(token.claims.wascap_revision).toBeUndefined();
    expect(token.hashChecked).toBe(true);
    const tampered = Uint8Array.from(signed);
    tampered[unsigned.length - 1] ^= 0xff;
    expect(() => extractClaims(tampered)).toThrow(InvalidModuleHashError);
  });

  it('signing twice (including across modes) leaves exactly one claims section and replaces the claims', async () => {
    const once = await signActor(unsigned, { issuer: account, subject: moduleKey, name: 'first', legacy: true });
    const twice = await signActor(once, { issuer: account, subject: moduleKey, name: 'second' });
    expect(claimsSections(twice).map((s) => s.name)).toEqual(['wasmcloud_jwt']);
    expect(verifyActor(twice).claims.wascap.name).toBe('second');
    expect(Buffer.from(stripClaims(twice))).toEqual(Buffer.from(unsigned));
  });

  it('a tampered code byte gives a hash error', async () => {
    const signed = await signActor(unsigned, { issuer: account, subject: moduleKey, name: 'echo' });
    const code = parseWasm(signed).sections.find((s) => s.id === 10)!;
    const tampered = Uint8Array.from(signed);
    tampered[code.end - 2] ^= 0x01;
    expect(() => verifyActor(tampered)).toThrow(InvalidModuleHashError);
    expect(() => verifyActor(tampered)).toThrow(/module hash mismatch/);
  });

  it('tampered claims give a signature error', async () => {
    const signed = await signActor(unsigned, { issuer: account, subject: moduleKey, name: 'echo' });
    const { jwt } = extractClaims(signed)!;
    const [h, c, s] = jwt.split('.');
    const forged = JSON.parse(Buffer.from(c, 'base64url').toString());
    forged.wascap.caps = ['wasmcloud:keyvalue'];
    const forgedJwt = [h, Buffer.from(JSON.stringify(forged)).toString('base64url'), s].join('.');
    const forgedWasm = concatBytes(stripClaims(signed), customSection('wasmcloud_jwt', Buffer.from(forgedJwt)));
    expect(extractClaims(forgedWasm)?.claims.wascap.caps).toEqual(['wasmcloud:keyvalue']);
    expect(() => verifyActor(forgedWasm)).toThrow(InvalidSignatureError);
  });

  it("decodes the token once for extracting and validating (a host's check), whatever the caller does to the claims in between", async () => {
    const signed = await signActor(unsigned, { issuer: account, subject: moduleKey, expiresInDays: 1, env: { SOURCE_DATE_EPOCH: '1700000000' } });
    const parse = jest.spyOn(JSON, 'parse');
    try {
      expect(verifyActor(signed, { now: 1700000000 }).validation.expired).toBe(false);
      expect(parse).toHaveBeenCalledTimes(2); // the header and the claims, once
      const token = extractClaims(signed)!;
      token.claims.exp = 1; // the caller's copy, not what the validation reads
      expect(assertValidToken(token.jwt, { now: 1700000000 }).expired).toBe(false);
      expect(parse).toHaveBeenCalledTimes(4);
      expect(() => assertValidToken(token.jwt, { now: 1700000000 + 2 * 86400 })).toThrow(TokenExpiredError);
    } finally {
      parse.mockRestore();
    }
  });

  it('rejects expired and not-yet-valid tokens relative to `now`', async () => {
    const env = { SOURCE_DATE_EPOCH: '1700000000' };
    const signed = await signActor(unsigned, { issuer: account, subject: moduleKey, expiresInDays: 2, notBeforeInDays: 1, env });
    const { claims } = extractClaims(signed)!;
    expect(claims.exp).toBe(1700000000 + 2 * 86400);
    expect(claims.nbf).toBe(1700000000 + 86400);
    expect(() => verifyActor(signed, { now: 1700000000 })).toThrow(TokenNotYetValidError);
    expect(verifyActor(signed, { now: 1700000000 + 86400 }).validation.expired).toBe(false);
    expect(verifyActor(signed, { now: claims.exp! }).validation.expired).toBe(false);
    expect(() => verifyActor(signed, { now: claims.exp! + 1 })).toThrow(TokenExpiredError);
  });

  it('is byte-reproducible with SOURCE_DATE_EPOCH and differs when claims differ', async () => {
    const env = { SOURCE_DATE_EPOCH: '1650000000' };
    const a = await signActor(unsigned, { issuer: account, subject: moduleKey, name: 'echo', env });
    const b = await signActor(unsigned, { issuer: account, subject: moduleKey, name: 'echo', env });
    const c = await signActor(unsigned, { issuer: account, subject: moduleKey, name: 'echo2', env });
    expect(Buffer.from(a)).toEqual(Buffer.from(b));
    expect(extractClaims(a)!.claims.iat).toBe(1650000000);
    expect(extractClaims(a)!.claims.jti).not.toBe(extractClaims(c)!.claims.jti);
    const random1 = await signActor(unsigned, { issuer: account, subject: moduleKey, env: {} });
    const random2 = await signActor(unsigned, { issuer: account, subject: moduleKey, env: {} });
    expect(extractClaims(random1)!.claims.jti).not.toBe(extractClaims(random2)!.claims.jti);
  });

  it('normalizes call aliases and rejects ones wash rejects', async () => {
    const signed = await signActor(unsigned, { issuer: account, subject: moduleKey, callAlias: 'wasmcloud/examples/echo' });
    expect(extractClaims(signed)!.claims.wascap.call_alias).toBe('wasmcloud/examples/echo');
    await expect(signActor(unsigned, { issuer: account, subject: moduleKey, callAlias: 'Bad Alias' })).rejects.toThrow(InvalidClaimsOptionError);
    await expect(signActor(unsigned, { issuer: account, subject: moduleKey, callAlias: moduleKey.publicKey })).rejects.toThrow(/looks like a public key/);
  });

  it('rejects a subject that is not a module key and an issuer without a seed', async () => {
    await expect(signActor(unsigned, { issuer: account, subject: account })).rejects.toThrow(InvalidKeyError);
    await expect(signActor(unsigned, { issuer: KeyPair.fromPublicKey(account.publicKey), subject: moduleKey })).rejects.toThrow(/no seed/);
    await expect(signActor(unsigned, { issuer: account, subject: moduleKey, expiresInDays: -1 })).rejects.toThrow(/whole number of days/);
  });

  it('reports unsigned modules, non-wasm and truncated input as typed errors', async () => {
    expect(extractClaims(unsigned)).toBeUndefined();
    expect(() => verifyActor(unsigned)).toThrow(MissingClaimsError);
    expect(() => verifyActor(new TextEncoder().encode('hello world, not wasm'))).toThrow(InvalidWasmError);
    const signed = await signActor(unsigned, { issuer: account, subject: moduleKey });
    expect(() => verifyActor(signed.subarray(0, signed.length - 5))).toThrow(InvalidWasmError);
    await expect(signActor(unsigned.subarray(0, 20), { issuer: account, subject: moduleKey })).rejects.toThrow(InvalidWasmError);
  });

  it('rejects a claims section that is not a token, or a token without actor metadata', () => {
    const garbage = concatBytes(unsigned, customSection('jwt', Buffer.from('not-a-token')));
    expect(() => extractClaims(garbage)).toThrow(/expected 3 segments, found 1/);
    const noMeta = `${ENCODED_HEADER}.${Buffer.from(JSON.stringify({ jti: 'x', iat: 1, iss: account.publicKey, sub: moduleKey.publicKey })).toString('base64url')}.sig`;
    expect(() => extractClaims(concatBytes(unsigned, customSection('jwt', Buffer.from(noMeta))))).toThrow(/without actor metadata/);
  });

  it('reads the 2019 flat form (hash/tags/caps at the top level) and enforces its hash', () => {
    const hash = sha256Upper(unsigned);
    const claims = {
      jti: 'CSKqkiuHL98nP0cEjxTsCn',
      iat: 1575561010,
      iss: account.publicKey,
      sub: moduleKey.publicKey,
      hash,
      tags: [],
      caps: ['wascc:keyvalue'],
    };
    const seg = `${ENCODED_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const jwt = `${seg}.${Buffer.from(account.sign(Buffer.from(seg))).toString('base64url')}`;
    const wasm = concatBytes(unsigned, customSection('jwt', Buffer.from(jwt)));
    const token = verifyActor(wasm);
    expect(token.flat).toBe(true);
    expect(token.claims.wascap).toEqual({ hash, tags: [], caps: ['wascc:keyvalue'], prov: false });
    const wrong = concatBytes(wat2wasm('(module)'), customSection('jwt', Buffer.from(jwt)));
    expect(() => verifyActor(wrong)).toThrow(InvalidModuleHashError);
  });

  it('does not enforce the hash for wasmcloud_jwt revisions below 3 (they hashed differently), as wascap >= 0.10.1', () => {
    const claims = {
      jti: 'x'.repeat(22),
      iat: 1,
      iss: account.publicKey,
      sub: moduleKey.publicKey,
      wascap: { hash: '00'.repeat(32), prov: false },
      wascap_revision: 2,
    };
    const seg = `${ENCODED_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const jwt = `${seg}.${Buffer.from(account.sign(Buffer.from(seg))).toString('base64url')}`;
    const token = verifyActor(concatBytes(unsigned, customSection('wasmcloud_jwt', Buffer.from(jwt))));
    expect(token.hashChecked).toBe(false);
    const rev3 = { ...claims, wascap_revision: 3 };
    const seg3 = `${ENCODED_HEADER}.${Buffer.from(JSON.stringify(rev3)).toString('base64url')}`;
    const jwt3 = `${seg3}.${Buffer.from(account.sign(Buffer.from(seg3))).toString('base64url')}`;
    expect(() => verifyActor(concatBytes(unsigned, customSection('wasmcloud_jwt', Buffer.from(jwt3))))).toThrow(InvalidModuleHashError);
  });
});

describe('properties', () => {
  const unsigned = wat2wasm(ECHO_WAT);
  const section = fc
    .record({ name: fc.constantFrom('jwt', 'wasmcloud_jwt', 'name2', 'producers', 'x'), data: fc.uint8Array({ maxLength: 50 }) })
    .map(({ name, data }) => customSection(name, data));

  it('sign -> verify holds for modules with custom sections (old claims included) spliced anywhere', async () => {
    const boundaries = [8, ...parseWasm(unsigned).sections.map((s) => s.end)];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...boundaries), section), { maxLength: 5 }), fc.boolean(), async (inserts, legacy) => {
        const sorted = [...inserts].sort((a, b) => a[0] - b[0]);
        const parts: Uint8Array[] = [];
        let pos = 0;
        for (const [at, sec] of sorted) {
          parts.push(unsigned.subarray(pos, at), sec);
          pos = at;
        }
        parts.push(unsigned.subarray(pos));
        const input = concatBytes(...parts);
        const signed = await signActor(input, { issuer: account, subject: moduleKey, legacy });
        const token = verifyActor(signed);
        expect(claimsSections(signed)).toHaveLength(1);
        expect(token.claims.wascap.hash).toBe(sha256Upper(stripClaims(input)));
        expect(Buffer.from(stripClaims(signed))).toEqual(Buffer.from(stripClaims(input)));
      }),
      { numRuns: 60 },
    );
  });

  it('arbitrary bytes in a claims section give a WascapError, never a crash', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('jwt', 'wasmcloud_jwt'),
        fc.oneof(
          fc.uint8Array({ maxLength: 120 }),
          fc.string().map((s) => Buffer.from(s)),
          fc.constant(Buffer.from('a.b.c')),
        ),
        (name, data) => {
          try {
            verifyActor(concatBytes(unsigned, customSection(name, data)));
          } catch (e) {
            expect(e).toBeInstanceOf(WascapError);
            return;
          }
          throw new Error('a random token verified');
        },
      ),
      { numRuns: 300 },
    );
  });
});
