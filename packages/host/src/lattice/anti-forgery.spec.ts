import { createHash } from 'node:crypto';
import { decodeJwt, KeyPair } from '@nx-wasmcloud/wascap';
import { actorEntity, providerEntity } from './envelopes';
import { encodeInvocationClaims, INVOCATION_ERRORS, invocationHash, signInvocation, validateInvocation, validateInvocationAsync } from './anti-forgery';

const cluster = KeyPair.create('cluster');
const host = KeyPair.create('server');
const actor = KeyPair.create('module').publicKey;
const msg = new TextEncoder().encode('hello');
const signed = () =>
  signInvocation({ clusterKey: cluster, hostId: host.publicKey, origin: actorEntity(actor), target: actorEntity(actor), operation: 'Echo.Echo', msg });

describe('invocation anti-forgery (otp inv.rs)', () => {
  it('hash = HEXUPPER(sha256(origin ‖ target ‖ operation ‖ msg))', () => {
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from('wasmbus://O'), Buffer.from('wasmbus://T/Op'), Buffer.from('Op'), Buffer.from([1, 2])]))
      .digest('hex')
      .toUpperCase();
    expect(invocationHash('wasmbus://T/Op', 'wasmbus://O', 'Op', new Uint8Array([1, 2]))).toBe(expected);
  });
  it('claims: issuer C…, sub = invocation id, wascap {target_url, origin_url, hash}, revision 3', () => {
    const inv = signed();
    const { claims, header } = decodeJwt(inv.encoded_claims);
    expect(header).toEqual({ typ: 'jwt', alg: 'Ed25519' });
    expect(claims.iss).toBe(cluster.publicKey);
    expect(claims.iss.startsWith('C')).toBe(true);
    expect(claims.sub).toBe(inv.id);
    expect(inv.id).toMatch(/^[0-9a-f]{32}$/);
    expect(claims.wascap).toEqual({
      target_url: `wasmbus://${actor}/Echo.Echo`,
      origin_url: `wasmbus://${actor}`,
      hash: invocationHash(`wasmbus://${actor}/Echo.Echo`, `wasmbus://${actor}`, 'Echo.Echo', msg),
    });
    expect(claims.wascap_revision).toBe(3);
    expect(inv.content_length).toBe(5);
  });
  it('a genuine invocation passes', () => {
    expect(validateInvocation(signed(), [cluster.publicKey])).toBeUndefined();
  });
  it('a changed body fails the hash; an empty body (chunked) skips it', () => {
    const inv = { ...signed(), msg: new TextEncoder().encode('hellO') };
    expect(validateInvocation(inv, [cluster.publicKey])).toMatch(/^Invocation hash does not match signed claims hash \([0-9A-F]{64} \/ [0-9A-F]{64}\)$/);
    expect(validateInvocation({ ...signed(), msg: new Uint8Array(0) }, [cluster.publicKey])).toBeUndefined();
  });
  it('an issuer outside the cluster', () => {
    expect(validateInvocation(signed(), [KeyPair.create('cluster').publicKey])).toBe(INVOCATION_ERRORS.issuer);
  });
  it('a changed target (with the body empty, so only the URL check can see it)', () => {
    const inv = { ...signed(), msg: new Uint8Array(0), target: actorEntity(KeyPair.create('module').publicKey) };
    expect(validateInvocation(inv, [cluster.publicKey])).toBe(INVOCATION_ERRORS.targetUrl);
    const inv2 = { ...signed(), msg: new Uint8Array(0), origin: providerEntity('VX', 'wasmcloud:x', 'default') };
    expect(validateInvocation(inv2, [cluster.publicKey])).toBe(INVOCATION_ERRORS.originUrl);
  });
  it('expired, not yet valid, bad signature, no metadata', () => {
    const base = signed();
    const now = Math.floor(Date.now() / 1000);
    const target = `wasmbus://${actor}/Echo.Echo`;
    const origin = `wasmbus://${actor}`;
    const hash = invocationHash(target, origin, 'Echo.Echo', msg);
    const expired = encodeInvocationClaims({ clusterKey: cluster, id: base.id, target, origin, hash, expires: now - 10 });
    expect(validateInvocation({ ...base, encoded_claims: expired }, [cluster.publicKey])).toBe(INVOCATION_ERRORS.expired);
    const early = encodeInvocationClaims({ clusterKey: cluster, id: base.id, target, origin, hash, notBefore: now + 3600 });
    expect(validateInvocation({ ...base, encoded_claims: early }, [cluster.publicKey])).toBe(INVOCATION_ERRORS.notYet);
    const [h, c] = base.encoded_claims.split('.');
    const other = encodeInvocationClaims({ clusterKey: cluster, id: 'other', target, origin, hash }).split('.')[2];
    expect(validateInvocation({ ...base, encoded_claims: `${h}.${c}.${other}` }, [cluster.publicKey])).toBe(INVOCATION_ERRORS.signature);
    const bare = Buffer.from(JSON.stringify({ jti: 'j', iat: now, iss: cluster.publicKey, sub: base.id })).toString('base64url');
    const sig = Buffer.from(cluster.sign(Buffer.from(`${h}.${bare}`))).toString('base64url');
    expect(validateInvocation({ ...base, encoded_claims: `${h}.${bare}.${sig}` }, [cluster.publicKey])).toBe(INVOCATION_ERRORS.noMetadata);
  });
  it('a host id that is not a server key; garbage claims', () => {
    expect(validateInvocation({ ...signed(), host_id: 'NOTAKEY' }, [cluster.publicKey])).toBe("Invalid host ID on invocation: 'NOTAKEY'");
    expect(validateInvocation({ ...signed(), encoded_claims: 'garbage' }, [cluster.publicKey])).toMatch(/invalid JWT/);
  });
  it('the wash host id is a valid server key', () => {
    expect(validateInvocation({ ...signed(), host_id: 'NAWASHVALZUZPZNXPIF6HGQ4OMJYLXQ4B2WZZ5AMBCXKWEQPYXDOIWMA' }, [cluster.publicKey])).toBeUndefined();
  });
  it('only cluster seeds sign invocations', () => {
    expect(() =>
      signInvocation({
        clusterKey: KeyPair.create('account'),
        hostId: host.publicKey,
        origin: actorEntity(actor),
        target: actorEntity(actor),
        operation: 'A.B',
        msg,
      }),
    ).toThrow(/cluster seed/);
  });
  it('validateInvocationAsync (signature checked in the thread pool) gives the same answer as validateInvocation on every case', async () => {
    const base = signed();
    const now = Math.floor(Date.now() / 1000);
    const target = `wasmbus://${actor}/Echo.Echo`;
    const origin = `wasmbus://${actor}`;
    const hash = invocationHash(target, origin, 'Echo.Echo', msg);
    const [h, c, sig] = base.encoded_claims.split('.');
    const other = encodeInvocationClaims({ clusterKey: cluster, id: 'other', target, origin, hash }).split('.')[2];
    // A token signed by a key that is not the claimed issuer, and one whose signature is cut short.
    const impostor = KeyPair.create('cluster');
    const forgedSig = Buffer.from(impostor.sign(Buffer.from(`${h}.${c}`))).toString('base64url');
    const cases = [
      base,
      { ...base, msg: new TextEncoder().encode('hellO') },
      { ...base, msg: new Uint8Array(0) },
      { ...base, encoded_claims: encodeInvocationClaims({ clusterKey: cluster, id: base.id, target, origin, hash, expires: now - 10 }) },
      { ...base, encoded_claims: encodeInvocationClaims({ clusterKey: cluster, id: base.id, target, origin, hash, notBefore: now + 3600 }) },
      { ...base, encoded_claims: `${h}.${c}.${other}` },
      { ...base, encoded_claims: `${h}.${c}.${forgedSig}` },
      { ...base, encoded_claims: `${h}.${c}.${sig.slice(0, 40)}` },
      { ...base, host_id: 'NOTAKEY' },
      { ...base, encoded_claims: 'garbage' },
      { ...base, msg: new Uint8Array(0), target: actorEntity(KeyPair.create('module').publicKey) },
    ];
    const sync = cases.map((inv) => validateInvocation(inv, [cluster.publicKey]));
    const async = await Promise.all(cases.map((inv) => validateInvocationAsync(inv, [cluster.publicKey])));
    expect(async).toEqual(sync);
    expect(sync[0]).toBeUndefined();
    expect(sync[2]).toBeUndefined();
    expect(sync[5]).toBe(INVOCATION_ERRORS.signature);
    expect(sync[6]).toBe(INVOCATION_ERRORS.signature);
    expect(sync[7]).toBe(INVOCATION_ERRORS.signature);
    expect(await validateInvocationAsync(base, [KeyPair.create('cluster').publicKey])).toBe(INVOCATION_ERRORS.issuer);
  });
});
