import { signActor, extractClaims, signActorToken } from './actor';
import { actorClaimsReport, actorClaimsText } from './actor-report';
import { decodeJwt, validateToken } from './jwt';
import { KeyPair } from './nkeys';
import { ECHO_WAT, wat2wasm } from './test-support/wat';

const account = KeyPair.create('account');
const moduleKey = KeyPair.create('module');

describe('actorClaimsReport', () => {
  it("has wash's keys and shapes: friendly capability names, tags joined by commas, actor and module", async () => {
    const signed = await signActor(wat2wasm(ECHO_WAT), {
      issuer: account,
      subject: moduleKey,
      name: 'echo',
      caps: ['wasmcloud:httpserver', 'wasmcloud:keyvalue', 'example:thing'],
      tags: ['a', 'b'],
      rev: 2,
      ver: '0.1.0',
      env: { SOURCE_DATE_EPOCH: '1700000000' },
    });
    const token = extractClaims(signed)!;
    const report = actorClaimsReport(token, validateToken(token.jwt));
    expect(report).toEqual({
      account: account.publicKey,
      actor: moduleKey.publicKey,
      module: moduleKey.publicKey,
      expires: 'never',
      can_be_used: 'immediately',
      version: '0.1.0',
      revision: 2,
      capabilities: ['HTTP Server', 'K/V Store', 'example:thing'],
      tags: 'a,b',
      call_alias: '(Not set)',
      name: 'echo',
      hash: token.claims.wascap.hash,
      issued: '2023-11-14T22:13:20.000Z',
      wascap_revision: 3,
    });
  });

  it('says None for no tags and no version, Anonymous for no name, capability_provider for a provider', async () => {
    const signed = await signActor(wat2wasm(ECHO_WAT), { issuer: account, subject: moduleKey, prov: true, caps: ['wasmcloud:messaging'] });
    const token = extractClaims(signed)!;
    const report = actorClaimsReport(token, validateToken(token.jwt));
    expect(report).toMatchObject({ tags: 'None', version: 'None', revision: 0, name: 'Anonymous', capability_provider: ['Messaging'] });
    expect(report).not.toHaveProperty('capabilities');
  });
});

describe('signActorToken', () => {
  it('signs actor claims with an empty hash, verifiable with the issuer key', async () => {
    const jwt = await signActorToken({ issuer: account, subject: moduleKey, name: 'tok', caps: ['wasmcloud:keyvalue'], tags: ['t'] });
    const { claims } = decodeJwt(jwt);
    expect(claims).toMatchObject({
      iss: account.publicKey,
      sub: moduleKey.publicKey,
      wascap: { name: 'tok', hash: '', caps: ['wasmcloud:keyvalue'], tags: ['t'] },
    });
    expect(validateToken(jwt).signatureValid).toBe(true);
  });
});

describe('actorClaimsText', () => {
  it('lays out title, rows, capabilities and tags, escaping every value from the token', async () => {
    const signed = await signActor(wat2wasm(ECHO_WAT), {
      issuer: account,
      subject: moduleKey,
      name: 'evil\x1b[2J',
      caps: ['wasmcloud:keyvalue'],
      tags: ['t\n  Account  AFAKE'],
    });
    const token = extractClaims(signed)!;
    const lines = actorClaimsText(token, actorClaimsReport(token, validateToken(token.jwt))).split('\n');
    expect(lines[0]).toBe('evil\\x1b[2J - Module');
    expect(lines[1]).toBe(`  Account          ${account.publicKey}`);
    expect(lines.slice(-4)).toEqual(['Capabilities', '  K/V Store', 'Tags', '  t\\n  Account  AFAKE']);
  });
});
