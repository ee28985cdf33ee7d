import { describe, expect, it } from 'vitest';
import { parseServerAddress } from './serverAddress';

function refusal(text: string): string {
  const result = parseServerAddress(text);
  if (result.ok) throw new Error(`${JSON.stringify(text)} was accepted as ${result.address.href}`);
  return result.message;
}

describe('parseServerAddress', () => {
  it.each([
    // A backslash is a slash to the URL standard and part of a user name to socket.io: loopback to
    // the check, another listener to the connection.
    ['http://127.0.0.1\\@evil.example:4000', /backslash/],
    ['http://127.0.0.1:4000\\@127.0.0.1:5000', /backslash/],
    ['http://evil\\@127.0.0.1', /backslash/],
    ['https://ops.example\\', /backslash/],
    // The URL standard drops tabs and newlines anywhere; socket.io keeps them.
    ['http://127.0.0.1\t@evil.example', /space or an invisible character/],
    ['https://ops.exa\nmple', /space or an invisible character/],
    ['https://ops.example\r', /space or an invisible character/],
    [' https://ops.example', /space or an invisible character/],
    ['https://ops.example\u0000', /space or an invisible character/],
    ['https://ops.example\u007f', /space or an invisible character/],
    ['https://ops\u202e.example', /space or an invisible character/],
    ['https://ops\u200b.example', /space or an invisible character/],
    ['https://ops\u00a0.example', /space or an invisible character/],
    ['https://joc:secret@ops.example.internal', /no user name or password/],
    ['https://@ops.example', /no user name or password/],
    ['http://localhost@evil.example', /no user name or password/],
    ['https://ops.example:4400/?token=x', /without \? or #/],
    ['https://ops.example#x', /without \? or #/],
    ['https://op%73.example', /without %-escapes/],
    ['https://ops.example/%2e', /without %-escapes/],
    ['ops.example', /"ops.example" is not an address/],
    ['https://', /is not an address/],
    ['https://ops.example:99999', /is not an address/],
    ['ftp://ops.example.internal', /must start with https:\/\/ \(not ftp:\/\/\)/],
    ['file:///etc/passwd', /must start with https:\/\//],
    ['javascript:alert(1)', /must start with https:\/\//],
    ['https://ops.example/socket.io/', /without a path/],
    ['https://ops.example//', /without a path/],
    ['https://ops.example:0', /port 0/],
    // Rewritten by the standard: refused, with the form to type instead.
    ['HTTPS://OPS.example', /write the address as https:\/\/ops.example$/],
    ['https://ops.example:443', /write the address as https:\/\/ops.example$/],
    ['http://localhost:80/', /write the address as http:\/\/localhost$/],
    ['https://ops.example:04400', /write the address as https:\/\/ops.example:4400$/],
    ['https:ops.example', /write the address as https:\/\/ops.example$/],
    ['https:/ops.example', /write the address as https:\/\/ops.example$/],
    ['https:///ops.example', /write the address as https:\/\/ops.example$/],
    ['https://ops.example:', /write the address as https:\/\/ops.example$/],
    ['http://127.1', /write the address as http:\/\/127.0.0.1$/],
    ['http://2130706433:4000', /write the address as http:\/\/127.0.0.1:4000$/],
    ['http://0x7f.0.0.1', /write the address as http:\/\/127.0.0.1$/],
    ['https://[::FFFF:127.0.0.1]', /write the address as https:\/\/\[::ffff:7f00:1\]$/],
    ['https://пример.рф', /write the address as https:\/\/xn--e1afmkfd.xn--p1ai$/],
    ['https://ops.example/.', /write the address as https:\/\/ops.example$/],
    ['https://ops{x}.example', /only letters, digits/],
    ["https://ops'.example", /only letters, digits/],
    // Plain http only to this machine: the token would cross the network in clear.
    ['http://ops.example.internal:4400', /in clear: use https:\/\/ for ops.example.internal/],
    ['ws://10.0.0.7:4400', /in clear: use https:\/\/ for 10.0.0.7/],
    ['http://127.0.0.2:4400', /in clear/],
    ['http://localhost.:4400', /in clear/],
    ['http://[::ffff:7f00:1]:4400', /in clear/],
    ['', /give the address of the operations server/],
    [`https://${'a'.repeat(2100)}.example`, /longer than 2048/],
  ])('refuses %j', (text, message) => {
    expect(refusal(text)).toMatch(message);
  });

  it.each([
    [
      'https://ops.example.internal:4400',
      { scheme: 'https', secure: true, hostname: 'ops.example.internal', port: 4400 },
      'https://ops.example.internal:4400',
    ],
    [
      'https://ops.example.internal/',
      { scheme: 'https', secure: true, hostname: 'ops.example.internal', port: 443 },
      'https://ops.example.internal',
    ],
    [
      'wss://10.20.0.4:8443',
      { scheme: 'wss', secure: true, hostname: '10.20.0.4', port: 8443 },
      'https://10.20.0.4:8443',
    ],
    [
      'http://127.0.0.1:4000',
      { scheme: 'http', secure: false, hostname: '127.0.0.1', port: 4000 },
      'http://127.0.0.1:4000',
    ],
    [
      'http://localhost',
      { scheme: 'http', secure: false, hostname: 'localhost', port: 80 },
      'http://localhost',
    ],
    ['ws://[::1]:4000/', { scheme: 'ws', secure: false, hostname: '::1', port: 4000 }, 'http://[::1]:4000'],
    [
      'https://[fd00::7]',
      { scheme: 'https', secure: true, hostname: 'fd00::7', port: 443 },
      'https://[fd00::7]',
    ],
    [
      'https://ops_1.example.',
      { scheme: 'https', secure: true, hostname: 'ops_1.example.', port: 443 },
      'https://ops_1.example.',
    ],
  ])('accepts %j', (text, parts, origin) => {
    const result = parseServerAddress(text);
    expect(result).toEqual({
      ok: true,
      address: { ...parts, path: '/socket.io', origin, href: text.replace(/\/$/, '') },
    });
    if (result.ok) expect(Object.isFrozen(result.address)).toBe(true);
  });

  it('gives http and ws, https and wss, with and without the trailing slash, one origin', () => {
    const origin = (text: string): string | null => {
      const result = parseServerAddress(text);
      return result.ok ? result.address.origin : null;
    };
    expect(origin('wss://ops.example:4400/')).toBe(origin('https://ops.example:4400'));
    expect(origin('ws://127.0.0.1:4000')).toBe(origin('http://127.0.0.1:4000/'));
    expect(origin('https://ops.example:4400')).not.toBe(origin('http://ops.example:4400'));
    expect(origin('https://ops.example:4400')).not.toBe(origin('https://ops.example:4401'));
  });
});
