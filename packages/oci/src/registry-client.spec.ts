import { PassThrough, Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { schemeFor, verifyStream } from './registry-client';

describe('schemeFor', () => {
  it('uses HTTPS unless --insecure or listed in WASMCLOUD_OCI_ALLOWED_INSECURE', () => {
    expect(schemeFor('localhost:5000', false, {})).toBe('https');
    expect(schemeFor('localhost:5000', true, {})).toBe('http');
    expect(schemeFor('localhost:5000', false, { WASMCLOUD_OCI_ALLOWED_INSECURE: 'a:1, LOCALHOST:5000' })).toBe('http');
    expect(schemeFor('localhost:5001', false, { WASMCLOUD_OCI_ALLOWED_INSECURE: 'localhost:5000' })).toBe('https');
  });
});

describe('verifyStream', () => {
  const data = Buffer.from('hello world');
  const digest = 'sha256:' + createHash('sha256').update(data).digest('hex');
  const sink = () => {
    const out = new PassThrough();
    out.resume();
    return out;
  };

  it('passes bytes that match digest and size', async () => {
    await expect(verifyStream(Readable.from([data]), sink(), digest, data.length)).resolves.toBeUndefined();
  });

  it('fails on a wrong digest, a short body and an overlong body', async () => {
    await expect(verifyStream(Readable.from([Buffer.from('hello worle')]), sink(), digest, 11)).rejects.toThrow(/does not match its digest: expected sha256:/);
    await expect(verifyStream(Readable.from([data.subarray(0, 5)]), sink(), digest, 11)).rejects.toThrow(/has 5 bytes, its descriptor declares 11/);
    await expect(verifyStream(Readable.from([data, data]), sink(), digest, 11)).rejects.toThrow(/larger than the 11 bytes/);
  });
});
