import { parseRequest, SHAPES } from './request';

const enc = (s: string) => new TextEncoder().encode(s);

describe('parseRequest', () => {
  it('accepts the fields wash sends (annotations absent or null, values a string map)', () => {
    expect(parseRequest('launch actor', enc('{"actor_ref":"r:1","host_id":"N","count":2,"annotations":null}'), SHAPES.startActor)).toEqual({
      actor_ref: 'r:1',
      host_id: 'N',
      count: 2,
    });
    expect(parseRequest('link', enc('{"actor_id":"M","provider_id":"","link_name":"default","contract_id":"c","values":{}}'), SHAPES.linkDel)).toMatchObject({
      contract_id: 'c',
    });
  });
  it('refuses invalid UTF-8, wrong types and empty required strings', () => {
    expect(() => parseRequest('x', new Uint8Array([0x7b, 0xff, 0x7d]), SHAPES.startActor)).toThrow('Invalid x request: the body is not JSON');
    expect(() => parseRequest('x', enc('{"actor_ref":7}'), SHAPES.startActor)).toThrow('Invalid x request: actor_ref must be a string');
    expect(() => parseRequest('x', enc('{"actor_ref":" "}'), SHAPES.startActor)).toThrow('Invalid x request: actor_ref is empty');
    expect(() => parseRequest('x', enc('{"actor_id":"M","provider_id":"V","contract_id":"c","values":{"a":1}}'), SHAPES.linkPut)).toThrow(
      'Invalid x request: values must be a map of strings',
    );
  });
});
