import fc from 'fast-check';
import { escapeControl } from '@nx-wasmcloud/wascap/terminal-text';
import { describeErrorBody, redactSecrets } from './error-body';

describe('describeErrorBody', () => {
  it('shows the distribution error codes, messages and string details', () => {
    const body = JSON.stringify({ errors: [{ code: 'MANIFEST_BLOB_UNKNOWN', message: 'blob unknown to registry', detail: 'sha256:ab' }, { code: 'DENIED' }] });
    expect(describeErrorBody(body)).toBe('MANIFEST_BLOB_UNKNOWN: blob unknown to registry (sha256:ab); DENIED');
  });

  it('shows nothing of a body that is not distribution JSON', () => {
    expect(describeErrorBody('<html>\n<h1>502 Bad Gateway</h1>\u001b[2J')).toBe('');
    expect(describeErrorBody('{"message":"x"}')).toBe('');
  });

  it('escapes newlines and terminal sequences, and removes credentials', () => {
    const password = 'hunter2-secret';
    const basic = `Basic ${Buffer.from(`u:${password}`).toString('base64')}`;
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const message = `bad\nrequest\u001b[31m fake line\r\nyour header was ${basic}, token ${jwt}, Bearer abc.def password=${password} "token": "tkn-1"`;
    const out = describeErrorBody(JSON.stringify({ errors: [{ code: 'DENIED', message }] }), [password, basic]);
    expect(out).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(out).not.toContain(password);
    expect(out).not.toContain(basic.slice(6));
    expect(out).not.toContain('eyJ');
    expect(out).not.toContain('abc.def');
    expect(out).not.toContain('tkn-1');
    expect(out.startsWith('DENIED: bad\\nrequest\\x1b[31m fake line\\r\\n')).toBe(true);
  });

  it('escapes the bidi controls that reorder text (Trojan Source), the marks included', () => {
    const message = 'tag \u202elatest\u202c \u061c\u200e\u200f\u2066x\u2069';
    expect(describeErrorBody(JSON.stringify({ errors: [{ code: 'DENIED', message }] }))).toBe(
      'DENIED: tag \\u202elatest\\u202c \\u061c\\u200e\\u200f\\u2066x\\u2069',
    );
  });

  it('never returns a control character or a known secret, whatever the body (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 4, maxLength: 12 }).filter((s) => s.trim().length >= 4),
        fc.array(fc.string()),
        (secret, words) => {
          const message = [...words, secret, ...words].join(' ');
          const out = describeErrorBody(JSON.stringify({ errors: [{ code: 'X', message }] }), [secret]);
          expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
          expect(out.length).toBeLessThanOrEqual(200);
          // The secret may be cut by the 200-character clip, never shown whole.
          expect(escapeControl(out, { backslash: false })).toBe(out);
          if (!/[\u0000-\u001f\u007f-\u009f\\]/.test(secret)) expect(out).not.toContain(escapeControl(secret, { backslash: false }));
        },
      ),
    );
  });
});

describe('redactSecrets', () => {
  it('redacts the longest secret first', () => {
    expect(redactSecrets('a pass123456 b', ['pass', 'pass123456'])).toBe('a [redacted] b');
  });
});
