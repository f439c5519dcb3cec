import { buildClaims, orderMetadata, parseClaimsJson, serializeClaims } from './claims';

describe('serializeClaims field order (wascap struct order)', () => {
  it('orders top-level claims exp, jti, iat, iss, sub, nbf, wascap, wascap_revision regardless of input order', () => {
    const json = serializeClaims('actor', {
      wascap_revision: 3,
      wascap: { prov: true, hash: 'H', name: 'n', caps: [], tags: ['t'], call_alias: 'a', ver: 'v', rev: 1 },
      nbf: 6,
      sub: 'M',
      iss: 'A',
      iat: 5,
      jti: 'j',
      exp: 9,
    });
    expect(json).toBe(
      '{"exp":9,"jti":"j","iat":5,"iss":"A","sub":"M","nbf":6,"wascap":{"name":"n","hash":"H","tags":["t"],"caps":[],"rev":1,"ver":"v","call_alias":"a","prov":true},"wascap_revision":3}',
    );
  });

  it('omits None fields but always writes hash and prov (prov defaults to false)', () => {
    expect(JSON.stringify(orderMetadata('actor', { hash: 'H' }))).toBe('{"hash":"H","prov":false}');
  });

  it('writes provider name as null when absent and keeps target_hashes in the given order', () => {
    expect(JSON.stringify(orderMetadata('provider', { capid: 'c', vendor: 'v', target_hashes: { b: '1', a: '2' } }))).toBe(
      '{"name":null,"capid":"c","vendor":"v","target_hashes":{"b":"1","a":"2"}}',
    );
  });

  it('sorts config_schema object keys deeply (serde_json Value is a BTreeMap without preserve_order)', () => {
    const md = orderMetadata('provider', {
      name: 'p',
      capid: 'c',
      vendor: 'v',
      rev: 1,
      ver: '1',
      target_hashes: {},
      config_schema: { z: 1, a: { y: [{ d: 1, c: 2 }], b: 2 } },
    });
    expect(JSON.stringify(md)).toBe(
      '{"name":"p","capid":"c","vendor":"v","rev":1,"ver":"1","target_hashes":{},"config_schema":{"a":{"b":2,"y":[{"c":2,"d":1}]},"z":1}}',
    );
  });

  it('writes account metadata with both fields, null when unset', () => {
    expect(JSON.stringify(orderMetadata('account', {}))).toBe('{"name":null,"valid_signers":null}');
  });
});

describe('buildClaims', () => {
  it('computes exp/nbf in days from iat and derives jti from content when reproducible', () => {
    const fields = { iss: 'A', sub: 'M', times: { iat: 100, expiresInDays: 2, notBeforeInDays: 1 }, wascap: { hash: 'H', prov: false } };
    const a = buildClaims('actor', fields, true);
    const b = buildClaims('actor', fields, true);
    expect(a.json).toBe(b.json);
    expect(a.claims).toMatchObject({ exp: 100 + 172800, nbf: 100 + 86400, iat: 100 });
    expect(a.claims.jti).toMatch(/^[0-9A-Za-z]{22}$/);
    expect(buildClaims('actor', { ...fields, sub: 'M2' }, true).claims.jti).not.toBe(a.claims.jti);
    expect(buildClaims('actor', fields, false).claims.jti).not.toBe(buildClaims('actor', fields, false).claims.jti);
  });
});

describe('parseClaimsJson', () => {
  it('accepts null for optional timestamps and rejects negative ones', () => {
    expect(parseClaimsJson('{"jti":"j","iat":1,"iss":"A","sub":"M","exp":null}').iss).toBe('A');
    expect(() => parseClaimsJson('{"jti":"j","iat":-1,"iss":"A","sub":"M"}')).toThrow(/'iat'/);
    expect(() => parseClaimsJson('{"jti":"j","iss":"A","sub":"M"}')).toThrow(/'iat' is missing/);
  });
});
