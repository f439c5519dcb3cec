import { decode, encode } from '@msgpack/msgpack';
import {
  actorEntity,
  decodeInvocation,
  decodeInvocationResponse,
  decodeLinkDefinition,
  encodeInvocation,
  encodeInvocationResponse,
  encodeLinkDefinition,
  EnvelopeError,
  Invocation,
  NOT_INVOCATION_ERROR,
  NOT_MSGPACK_ERROR,
  providerEntity,
} from './envelopes';

const inv: Invocation = {
  origin: actorEntity('MORIGIN'),
  target: providerEntity('VTARGET', 'wasmcloud:keyvalue', 'default'),
  operation: 'KeyValue.Get',
  msg: new Uint8Array([1, 2, 3]),
  id: 'abc',
  encoded_claims: 'x.y.z',
  host_id: 'NHOST',
  content_length: 3,
};

describe('lattice envelopes (weld wasmbus_core.rs field names)', () => {
  it('an Invocation is a named map in the Rust field order, msg as bin, entities with all three keys', () => {
    const raw = decode(encodeInvocation(inv)) as Record<string, unknown>;
    expect(Object.keys(raw)).toEqual(['origin', 'target', 'operation', 'msg', 'id', 'encoded_claims', 'host_id', 'content_length']);
    expect(raw.origin).toEqual({ public_key: 'MORIGIN', link_name: '', contract_id: '' });
    expect(Object.keys(raw.target as object)).toEqual(['public_key', 'link_name', 'contract_id']);
    expect(raw.msg).toBeInstanceOf(Uint8Array);
    expect(raw.content_length).toBe(3);
    expect(decodeInvocation(encodeInvocation(inv))).toEqual(inv);
  });
  it('content_length is sent even for an empty body', () => {
    const raw = decode(encodeInvocation({ ...inv, msg: new Uint8Array(0), content_length: 0 })) as Record<string, unknown>;
    expect(raw.content_length).toBe(0);
    const resp = decode(encodeInvocationResponse({ msg: new Uint8Array(0), invocation_id: 'i', content_length: 0 })) as Record<string, unknown>;
    expect(resp).toEqual({ msg: new Uint8Array(0), invocation_id: 'i', content_length: 0 });
  });
  it('an InvocationResponse with an error keeps it; one without has no error key', () => {
    const r = decodeInvocationResponse(encodeInvocationResponse({ msg: new Uint8Array(0), invocation_id: 'i', error: 'boom', content_length: 0 }));
    expect(r.error).toBe('boom');
    expect('error' in (decode(encodeInvocationResponse({ msg: new Uint8Array([1]), invocation_id: 'i', content_length: 1 })) as object)).toBe(false);
  });
  it('decodes what an older weld sends: no content_length (not chunked), a traceContext map', () => {
    const bytes = encode({
      origin: { public_key: 'M', link_name: '', contract_id: '' },
      target: { public_key: 'M2', link_name: '', contract_id: '' },
      operation: 'A.B',
      msg: new Uint8Array([9]),
      id: 'i',
      encoded_claims: 'e',
      host_id: 'N',
      traceContext: { traceparent: 't' },
    });
    const d = decodeInvocation(bytes);
    expect(d.content_length).toBe(1);
    expect(d.traceContext).toEqual({ traceparent: 't' });
  });
  it('not msgpack: otp\'s "Failed to deserialize msgpack invocation"', () => {
    expect(() => decodeInvocation(new TextEncoder().encode('{"json": true}'))).toThrow(NOT_MSGPACK_ERROR);
    let err: unknown;
    try {
      decodeInvocation(new Uint8Array([0xc1]));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EnvelopeError);
    expect((err as Error).message).toBe(NOT_MSGPACK_ERROR);
  });
  it('msgpack of the wrong shape: "Failed to deserialize invocation"', () => {
    expect(() => decodeInvocation(encode([1, 2]))).toThrow(NOT_INVOCATION_ERROR);
    expect(() => decodeInvocation(encode({ origin: 'M' }))).toThrow(NOT_INVOCATION_ERROR);
    expect(() => decodeInvocation(encode({ origin: {}, target: {}, msg: 'text' }))).toThrow(NOT_INVOCATION_ERROR);
    expect(() => decodeInvocation(encode({ origin: {}, target: {}, content_length: -1 }))).toThrow(NOT_INVOCATION_ERROR);
  });
  it('a LinkDefinition round-trips with its values', () => {
    const ld = { actor_id: 'M', provider_id: 'V', link_name: 'default', contract_id: 'wasmcloud:keyvalue', values: { URL: 'redis://x' } };
    expect(Object.keys(decode(encodeLinkDefinition(ld)) as object)).toEqual(['actor_id', 'provider_id', 'link_name', 'contract_id', 'values']);
    expect(decodeLinkDefinition(encodeLinkDefinition(ld))).toEqual(ld);
  });
});
