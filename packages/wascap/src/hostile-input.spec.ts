import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { extractClaims, signActor, verifyActor } from './actor';
import { InvalidTokenError, InvalidWasmError, WascapError } from './errors';
import { assertValidToken, decodeJwt, formatUnixTime, relativeTime, signClaimsJson, validateToken } from './jwt';
import { encodePublicKey, KeyPair } from './nkeys';
import { decodeProviderClaims } from './provider';
import { stripClaimsStream } from './stream-strip';
import { customSection, MAX_NESTING_DEPTH, parseWasm, stripClaims } from './wasm-sections';
import { concatBytes, ECHO_WAT, wat2wasm } from './test-support/wat';
import { encodeUleb } from './leb128';

// Whatever bytes or token an attacker hands over, the parse and inspect entry points fail
// only with the package's typed user error (one line in the CLI), never a RangeError, a TypeError,
// a stack overflow or `Invalid time value`.

const issuer = KeyPair.create('account');
const subject = KeyPair.create('module');
const COMPONENT_HEADER = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]);

function section(id: number, body: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(id), encodeUleb(body.length), body);
}

/** A component holding a core module and a nested component that holds the module again. */
function component(core: Uint8Array): Uint8Array {
  const inner = concatBytes(COMPONENT_HEADER, section(1, core), customSection('jwt', new TextEncoder().encode('x.y.z')));
  return concatBytes(COMPONENT_HEADER, section(1, core), section(4, inner), customSection('name', Uint8Array.of(1, 2, 3)));
}

async function drain(bytes: Uint8Array): Promise<void> {
  for await (const _ of stripClaimsStream(Readable.from([Buffer.from(bytes)]))) {
    // consume
  }
}

/** Runs every entry point that reads a module; each may fail only with a WascapError. */
async function readModuleEverywhere(bytes: Uint8Array): Promise<void> {
  const attempts: (() => unknown)[] = [
    () => parseWasm(bytes),
    () => stripClaims(bytes),
    () => {
      const token = extractClaims(bytes);
      if (token) {
        const v = validateToken(token.jwt);
        formatUnixTime(token.claims.iat);
        relativeTime(token.claims.exp ?? 0, 1_700_000_000);
        return v;
      }
      return undefined;
    },
    () => verifyActor(bytes),
  ];
  for (const attempt of attempts) {
    try {
      attempt();
    } catch (e) {
      if (!(e instanceof WascapError)) throw e;
    }
  }
  await drain(bytes).catch((e) => {
    if (!(e instanceof WascapError)) throw e;
  });
}

function readTokenEverywhere(jwt: string): void {
  for (const attempt of [() => decodeJwt(jwt), () => validateToken(jwt), () => assertValidToken(jwt), () => decodeProviderClaims(jwt)]) {
    try {
      const r = attempt();
      if (r && 'claims' in r && r.claims && typeof r.claims === 'object') formatUnixTime((r.claims as { iat: number }).iat);
    } catch (e) {
      if (!(e instanceof WascapError)) throw e;
    }
  }
}

const mutation = (len: number) =>
  fc.oneof(
    fc.record({ op: fc.constant('flip' as const), at: fc.nat(len), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ op: fc.constant('set' as const), at: fc.nat(len), value: fc.constantFrom(0, 1, 4, 0x7f, 0x80, 0xff, 0x0d) }),
    fc.record({ op: fc.constant('insert' as const), at: fc.nat(len), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
    fc.record({ op: fc.constant('delete' as const), at: fc.nat(len), count: fc.integer({ min: 1, max: 16 }) }),
    fc.record({ op: fc.constant('truncate' as const), at: fc.nat(len) }),
    fc.record({ op: fc.constant('leb' as const), at: fc.nat(len), value: fc.constantFrom(0xffffffff, 0x7fffffff, 2 ** 28, 1 << 20) }),
    fc.record({ op: fc.constant('dup' as const), at: fc.nat(len), count: fc.integer({ min: 1, max: 64 }) }),
  );
type Mutation = ReturnType<typeof mutation> extends fc.Arbitrary<infer T> ? T : never;

function mutate(input: Uint8Array, ops: Mutation[]): Uint8Array {
  let b = Buffer.from(input);
  for (const m of ops) {
    const at = Math.min(m.at, b.length);
    switch (m.op) {
      case 'flip':
        if (at < b.length) b[at] ^= 1 << m.bit;
        break;
      case 'set':
        if (at < b.length) b[at] = m.value;
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
        break;
      case 'delete':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.count)]);
        break;
      case 'truncate':
        b = b.subarray(0, at);
        break;
      case 'leb':
        b = Buffer.concat([b.subarray(0, at), Buffer.from(encodeUleb(m.value)), b.subarray(at)]);
        break;
      case 'dup':
        b = Buffer.concat([b.subarray(0, at + m.count), b.subarray(at)]);
        break;
    }
  }
  return new Uint8Array(b);
}

let core: Uint8Array;
let signedModule: Uint8Array;
let signedComponent: Uint8Array;
beforeAll(async () => {
  core = wat2wasm(ECHO_WAT);
  signedModule = await signActor(core, { issuer, subject, name: 'echo', tags: ['t'], caps: ['wasmcloud:keyvalue'], rev: 1, ver: '1.0', expiresInDays: 3 });
  signedComponent = await signActor(component(core), { issuer, subject, name: 'comp' });
  expect(verifyActor(signedModule).claims.wascap.name).toBe('echo');
  expect(verifyActor(signedComponent).claims.wascap.name).toBe('comp');
});

describe('hostile modules', () => {
  it('property: random mutations of a signed module and of a signed component fail only with WascapError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean().chain((useComponent) => {
          const base = useComponent ? signedComponent : signedModule;
          return fc.tuple(fc.constant(base), fc.array(mutation(base.length), { minLength: 1, maxLength: 4 }));
        }),
        async ([base, ops]) => readModuleEverywhere(mutate(base, ops)),
      ),
      { numRuns: 1500 },
    );
  });

  it(`components nested 5,000 deep (58 KB) are refused as invalid wasm, not a stack overflow; ${MAX_NESTING_DEPTH} levels still parse`, async () => {
    const nest = (levels: number) => {
      let c: Uint8Array = COMPONENT_HEADER;
      for (let i = 0; i < levels; i++) c = concatBytes(COMPONENT_HEADER, section(4, c));
      return c;
    };
    const deep = nest(5000);
    expect(deep.length).toBeGreaterThan(50_000);
    expect(() => parseWasm(deep)).toThrow(/^invalid wasm: modules and components nested more than 100 deep \(at offset \d+\); no toolchain nests this deep$/);
    expect(() => extractClaims(deep)).toThrow(InvalidWasmError);
    await expect(drain(deep)).rejects.toThrow(InvalidWasmError);
    const ok = nest(MAX_NESTING_DEPTH);
    expect(stripClaims(ok)).toEqual(ok);
    await expect(drain(ok)).resolves.toBeUndefined();
    await expect(drain(nest(MAX_NESTING_DEPTH + 1))).rejects.toThrow(InvalidWasmError);
  });
});

describe('hostile tokens', () => {
  const baseClaims = () => ({
    jti: 'j',
    iat: 1_700_000_000,
    iss: issuer.publicKey,
    sub: subject.publicKey,
    wascap: { name: 'n', hash: 'H', tags: [], caps: [], prov: false },
    wascap_revision: 1,
  });

  it('claims times that wascap cannot read (1e20, negative, fractional, strings) are one InvalidTokenError, signed or not', async () => {
    for (const [key, value] of [
      ['iat', 1e20],
      ['exp', 1e20],
      ['nbf', 2 ** 64],
      ['iat', -1],
      ['exp', 1.5],
      ['nbf', '1'],
      ['iat', 1e308],
    ] as const) {
      const jwt = await signClaimsJson(JSON.stringify({ ...baseClaims(), [key]: value }), issuer);
      expect(() => validateToken(jwt)).toThrow(InvalidTokenError);
      expect(() => validateToken(jwt)).toThrow(`invalid JWT: claim '${key}' is`);
      const module = concatBytes(core, customSection('wasmcloud_jwt', new TextEncoder().encode(jwt)));
      expect(() => verifyActor(module)).toThrow(InvalidTokenError);
    }
  });

  it('u64 times past the Date range still validate and format, as a number', async () => {
    const jwt = await signClaimsJson(JSON.stringify({ ...baseClaims(), iat: 2 ** 60, exp: 2 ** 63, nbf: 2 ** 62 }), issuer);
    const v = validateToken(jwt, { now: 1_700_000_000 });
    expect(v).toMatchObject({ signatureValid: true, expired: false, cannotUseYet: true });
    expect(v.expiresHuman).toMatch(/^in \d+days$/);
    expect(formatUnixTime(2 ** 60)).toBe(`${2 ** 60} seconds after 1970 (beyond year 275760)`);
    expect(formatUnixTime(1_700_000_000)).toBe('2023-11-14T22:13:20.000Z');
    expect(formatUnixTime(8.64e12)).toBe('+275760-09-13T00:00:00.000Z');
  });

  it('property: random mutations of a real JWT fail only with WascapError', async () => {
    const token = decodeJwt(extractClaims(signedModule)!.jwt);
    const jwt = token.segments.join('.');
    const chars = fc.constantFrom(...'ABCabc019-_.=+/ \n\u00e9'.split(''));
    await fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(jwt.length), fc.oneof(chars, fc.constant('')), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 5 }),
        (edits) => {
          let t = jwt;
          for (const [at, c, del] of edits) t = t.slice(0, at) + c + t.slice(at + del);
          readTokenEverywhere(t);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('property: validly signed tokens with arbitrary JSON in every claim fail only with WascapError', async () => {
    const keys = ['exp', 'jti', 'iat', 'iss', 'sub', 'nbf', 'wascap', 'wascap_revision', 'hash', 'tags', 'caps'] as const;
    const odd = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom(1e20, -1, 1.5, 2 ** 64, 2 ** 53 + 1, 8.64e12 + 1, null, '', 'A'.repeat(56)),
      fc.uint8Array({ minLength: 32, maxLength: 32 }).map((raw) => encodePublicKey('account', raw)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...keys), odd, { maxKeys: 4 }),
        fc.dictionary(fc.constantFrom('name', 'hash', 'tags', 'caps', 'rev', 'ver', 'call_alias', 'prov', 'capid', 'target_hashes'), odd, { maxKeys: 3 }),
        async (top, md) => {
          const claims = { ...baseClaims(), wascap: { ...baseClaims().wascap, ...md }, ...top };
          const jwt = await signClaimsJson(JSON.stringify(claims), issuer);
          readTokenEverywhere(jwt);
          await readModuleEverywhere(concatBytes(core, customSection('wasmcloud_jwt', new TextEncoder().encode(jwt))));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('random issuer keys with a valid checksum verify to false or a WascapError', () => {
    for (let i = 0; i < 200; i++) {
      const iss = encodePublicKey('account', randomBytes(32));
      const claims = Buffer.from(JSON.stringify({ ...baseClaims(), iss })).toString('base64url');
      readTokenEverywhere(`eyJ0eXAiOiJqd3QiLCJhbGciOiJFZDI1NTE5In0.${claims}.${randomBytes(64).toString('base64url')}`);
    }
  });
});
