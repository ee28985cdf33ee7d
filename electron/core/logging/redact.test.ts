import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from './redact';

const TOKEN = 'wf_live_7Qm2vX9pLr4sTz8nBc3d';
// A passphrase with everything JSON and URLs escape: a quote, a backslash, a slash, a space, non-ASCII.
const PASSPHRASE = 'Kl"juč\\Beograd/2026 Ω+&=';

describe('redactSecrets: known secrets', () => {
  it('replaces the feed token wherever it appears in a log line', () => {
    const line = `feed: connecting to wss://ops.example.org:8443/feed as watchfloor-1a2b with ${TOKEN} (attempt 3)`;
    expect(redactSecrets(line, [TOKEN])).toBe(
      `feed: connecting to wss://ops.example.org:8443/feed as watchfloor-1a2b with ${REDACTED} (attempt 3)`,
    );
  });

  it('replaces every occurrence, not only the first', () => {
    expect(redactSecrets(`${TOKEN} ${TOKEN}x${TOKEN}`, [TOKEN])).toBe(`${REDACTED} ${REDACTED}x${REDACTED}`);
  });

  it('ignores known secrets shorter than 8 characters, which would shred ordinary words', () => {
    expect(redactSecrets('operation OP-1 started by admin', ['admin', 'OP-1', ''])).toBe(
      'operation OP-1 started by admin',
    );
  });

  it('finds a secret that JSON escaping split into escape sequences', () => {
    const profile = { name: 'JOC Horgoš', server: 'wss://ops.example.org', clientKey: PASSPHRASE };
    const json = JSON.stringify(profile);
    // Raw, the passphrase is not in the JSON text at all: the quote, backslash became \" and \\.
    expect(json).not.toContain(PASSPHRASE);
    const redacted = redactSecrets(`settings: saved profile ${json}`, [PASSPHRASE]);
    expect(redacted).toBe(
      `settings: saved profile {"name":"JOC Horgoš","server":"wss://ops.example.org","clientKey":"${REDACTED}"}`,
    );
  });

  it('finds it in JSON written into a JSON string, with "/" escaped, and with \\u escapes', () => {
    const nested = JSON.stringify({ message: JSON.stringify({ clientKey: PASSPHRASE }) });
    expect(redactSecrets(nested, [PASSPHRASE])).toBe(
      JSON.stringify({ message: JSON.stringify({ clientKey: REDACTED }) }),
    );
    const slashes = JSON.stringify({ clientKey: PASSPHRASE }).replaceAll('/', '\\/');
    expect(redactSecrets(slashes, [PASSPHRASE])).toBe(`{"clientKey":"${REDACTED}"}`);
    const ascii = JSON.stringify({ clientKey: PASSPHRASE }).replace(
      /[\u0080-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    expect(ascii).toContain('\\u010d');
    expect(redactSecrets(ascii, [PASSPHRASE])).toBe(`{"clientKey":"${REDACTED}"}`);
  });

  it('finds it percent-encoded in a URL query string, in either hex case, and form-encoded', () => {
    const url = `https://ops.example.org/feed?operation=OP-2026-07&key=${encodeURIComponent(PASSPHRASE)}&lang=sr`;
    expect(redactSecrets(url, [PASSPHRASE])).toBe(
      `https://ops.example.org/feed?operation=OP-2026-07&key=${REDACTED}&lang=sr`,
    );
    const lower = url.replace(/%[0-9A-F]{2}/g, (p) => p.toLowerCase());
    expect(redactSecrets(lower, [PASSPHRASE])).not.toContain('Beograd');
    const form = `key=${new URLSearchParams({ k: PASSPHRASE }).toString().slice(2)}&next=1`;
    expect(redactSecrets(form, [PASSPHRASE])).toBe(`key=${REDACTED}&next=1`);
  });

  it('never lets a known secret through JSON or a query string (any string of 8 or more)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 8, maxLength: 40 }), (secret) => {
        expect(redactSecrets(JSON.stringify({ note: secret }), [secret])).toBe(`{"note":"${REDACTED}"}`);
        expect(redactSecrets(`/feed?op=1&k=${encodeURIComponent(secret)}`, [secret])).toBe(
          `/feed?op=1&k=${REDACTED}`,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('does not throw on a secret with a lone surrogate (it cannot be percent-encoded)', () => {
    const odd = 'abc\ud800defghij';
    expect(redactSecrets(JSON.stringify({ v: odd }), [odd])).toBe(`{"v":"${REDACTED}"}`);
  });
});

describe('redactSecrets: what looks like a secret', () => {
  it('replaces token= values in a URL, keeping the rest of the query', () => {
    expect(redactSecrets('GET http://127.0.0.1:5173/?token=9c1f0e7a2b&replay=1 404', [])).toBe(
      `GET http://127.0.0.1:5173/?token=${REDACTED}&replay=1 404`,
    );
    expect(redactSecrets('oauth: access_token=ya29.a0AfB_x; refresh_token=1//0gLq', [])).toBe(
      `oauth: access_token=${REDACTED}; refresh_token=${REDACTED}`,
    );
    expect(redactSecrets('login password=hunter2 ok', [])).toBe(`login password=${REDACTED} ok`);
  });

  it('replaces "token": values in JSON, including escaped quotes inside the value', () => {
    expect(redactSecrets('handshake {"clientId":"wf-1","token":"ab\\"cd\\\\ef","protocol":3}', [])).toBe(
      `handshake {"clientId":"wf-1","token":"${REDACTED}","protocol":3}`,
    );
    expect(redactSecrets('{"apiKey" : "k-123456", "refresh_token":"r-99"}', [])).toBe(
      `{"apiKey" : "${REDACTED}", "refresh_token":"${REDACTED}"}`,
    );
  });

  it('replaces "token": values in JSON that was logged as a string', () => {
    const inner = JSON.stringify({ auth: { token: 'tok"en\\value' }, op: 'OP-1' });
    const line = JSON.stringify({ level: 'info', raw: inner });
    const out = redactSecrets(line, []);
    expect(out).toBe(
      JSON.stringify({ level: 'info', raw: JSON.stringify({ auth: { token: REDACTED }, op: 'OP-1' }) }),
    );
  });

  it('replaces Authorization header credentials and bearer tokens', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqb2MifQ.5mhBHqs5_DTLdINd9p5m7ZJ6XD0Xc55kIaCRY5r6HRA';
    expect(redactSecrets(`> GET /feed HTTP/1.1\r\n> Authorization: Bearer ${jwt}\r\n> Host: ops`, [])).toBe(
      `> GET /feed HTTP/1.1\r\n> Authorization: Bearer ${REDACTED}\r\n> Host: ops`,
    );
    expect(redactSecrets('authorization: Basic d2F0Y2g6Zmxvb3I=', [])).toBe(
      `authorization: Basic ${REDACTED}`,
    );
    expect(redactSecrets(`retrying with bearer ${jwt}`, [])).toBe(`retrying with bearer ${REDACTED}`);
    expect(redactSecrets('{"headers":{"Authorization":"Bearer abc.def"}}', [])).toBe(
      `{"headers":{"Authorization":"${REDACTED}"}}`,
    );
  });

  it('replaces PEM private key blocks, multi-line, escaped onto one line, or cut off', () => {
    const pem = [
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
      'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK',
      '-----END RSA PRIVATE KEY-----',
    ].join('\n');
    const out = redactSecrets(`tls: loaded client key\n${pem}\ncertificate ok`, []);
    expect(out).toBe(
      `tls: loaded client key\n-----BEGIN RSA PRIVATE KEY----- ${REDACTED} -----END RSA PRIVATE KEY-----\ncertificate ok`,
    );
    const oneLine = JSON.stringify({ key: pem.replace('RSA ', '').replace('RSA ', '') });
    expect(redactSecrets(oneLine, [])).not.toContain('MIIEowIBAAKCAQEA');
    const cut = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ';
    expect(redactSecrets(`read ${cut}`, [])).toBe(
      `read -----BEGIN OPENSSH PRIVATE KEY----- ${REDACTED} -----END OPENSSH PRIVATE KEY-----`,
    );
    // A certificate is public: it stays, so support can read it.
    const cert = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----';
    expect(redactSecrets(cert, [])).toBe(cert);
  });

  it('replaces the password in a URL, not the user or the host', () => {
    expect(redactSecrets('proxy http://watch:s3cr3t-pw@proxy.mup.rs:3128 refused', [])).toBe(
      `proxy http://watch:${REDACTED}@proxy.mup.rs:3128 refused`,
    );
  });

  it('leaves ordinary operational text alone', () => {
    const text =
      'incident INC-2031 P1 at sector HR-RS-04: basic checks done, no Bearer token needed; tokens=3 authorization pending';
    expect(redactSecrets(text, [TOKEN])).toBe(text);
  });

  it('is idempotent', () => {
    const text = `Authorization: Bearer ${TOKEN} {"token":"x\\"y"} ?token=abc ${PASSPHRASE}`;
    const once = redactSecrets(text, [TOKEN, PASSPHRASE]);
    expect(redactSecrets(once, [TOKEN, PASSPHRASE])).toBe(once);
    expect(once).not.toContain(TOKEN);
  });
});
