/**
 * The address of an operations server, read once. The settings check an address with the WHATWG
 * URL parser, while socket.io reads a string with its own (engine.io-client's parseuri), and the
 * two disagree on some texts: `http://127.0.0.1\@evil.example:4000` is loopback to one and
 * evil.example to the other, so a check by one parser let the other send the access token
 * elsewhere. Here an address is parsed once and accepted only when it is written exactly as the
 * parser writes it back (nothing it would drop, decode or repair), and the parts are what the feed
 * hands to socket.io, which then never reads the text itself.
 */

/** The schemes socket.io connects with: http(s) and ws(s) name the same connection. */
export type ServerScheme = 'http' | 'https' | 'ws' | 'wss';

/** An accepted server address, in the parts a connection is made from. */
export interface ServerAddress {
  readonly scheme: ServerScheme;
  /** https or wss: the handshake, token included, is encrypted. */
  readonly secure: boolean;
  /** The server's name or IP address; an IPv6 address without its brackets, as sockets take it. */
  readonly hostname: string;
  /** The port, the scheme's default when the address names none. */
  readonly port: number;
  /**
   * The socket.io request path: always socket.io's own, since an address names no path (one that
   * did was silently ignored by socket.io before, and is refused now rather than half obeyed).
   */
  readonly path: string;
  /**
   * Where a token would go, as `https://host:port` (ws counted as http, wss as https, the default
   * port left out): two addresses with one origin reach the same listener.
   */
  readonly origin: string;
  /** The address as accepted, without a trailing slash. */
  readonly href: string;
}

/** What reading an address found: the address, or why it is refused in words for the officer. */
export type ServerAddressResult =
  { readonly ok: true; readonly address: ServerAddress } | { readonly ok: false; readonly message: string };

/** The longest address read: far longer than any server's, short enough to show in a message. */
export const MAX_SERVER_ADDRESS_LENGTH = 2048;

/** The request path of socket.io's default server (docs/protocol.md §1). */
const SOCKET_IO_PATH = '/socket.io';

const SCHEMES: ReadonlyMap<string, { scheme: ServerScheme; secure: boolean }> = new Map([
  ['http:', { scheme: 'http', secure: false }],
  ['https:', { scheme: 'https', secure: true }],
  ['ws:', { scheme: 'ws', secure: false }],
  ['wss:', { scheme: 'wss', secure: true }],
]);

/** Plain http is accepted to this machine only: the token never crosses a network in clear. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

/**
 * WHATWG URL, which every runtime this code runs in has (Node and Chromium); shared/ is compiled
 * without the DOM and Node libraries, so it is typed here by what is used.
 */
const WhatwgUrl = (
  globalThis as unknown as {
    URL: new (input: string) => {
      href: string;
      protocol: string;
      hostname: string;
      port: string;
      pathname: string;
    };
  }
).URL;

const EXAMPLE = 'https://ops.example.internal:4400';

/**
 * Reads the address of an operations server. Accepted: `scheme://host[:port]` with an optional
 * trailing slash, where the scheme is https or wss (http or ws to this machine only), the host a
 * DNS name (letters, digits, `-`, `_`, `.`) or an IP address, written exactly as the URL standard
 * writes it (lower case, no default port, IPv4 in dotted decimal). Refused, with the reason:
 * spaces and invisible characters, backslashes, a user name or password, a query or fragment,
 * percent-encoding, a path, and any other text the standard would rewrite.
 */
export function parseServerAddress(text: string): ServerAddressResult {
  const refuse = (message: string): ServerAddressResult => ({ ok: false, message });
  if (text.length === 0) return refuse(`give the address of the operations server, e.g. ${EXAMPLE}`);
  if (text.length > MAX_SERVER_ADDRESS_LENGTH)
    return refuse(`the address is longer than ${MAX_SERVER_ADDRESS_LENGTH} characters`);
  // Parsers drop or keep these differently (the URL standard strips tabs and newlines anywhere),
  // and an invisible one makes the address shown differ from the address used.
  if (/[\p{Cc}\p{Cf}\p{Z}\p{Cs}\p{Co}\p{Cn}]/u.test(text))
    return refuse('the address has a space or an invisible character in it: type it again');
  // The URL standard reads a backslash as a slash; socket.io reads it as part of a user name.
  if (text.includes('\\')) return refuse('the address has a backslash (\\) in it: use / or nothing');
  if (text.includes('@'))
    return refuse('put no user name or password in the address: the access token goes in its own field');
  if (/[?#]/.test(text))
    return refuse(`give only the scheme, the server and the port, e.g. ${EXAMPLE}, without ? or #`);
  if (text.includes('%')) return refuse('write the address without %-escapes');
  let url: InstanceType<typeof WhatwgUrl>;
  try {
    url = new WhatwgUrl(text);
  } catch {
    return refuse(`"${text.slice(0, 80)}" is not an address: give one like ${EXAMPLE}`);
  }
  const kind = SCHEMES.get(url.protocol);
  if (!kind) return refuse(`the address must start with https:// (not ${url.protocol}//)`);
  if (url.pathname !== '/')
    return refuse(`give only the scheme, the server and the port, e.g. ${EXAMPLE}, without a path`);
  if (url.port === '0') return refuse('port 0 is no server: give the port the server listens on');
  const canonical = url.href.replace(/\/$/, '');
  // Anything the standard rewrote (case, a default port, 127.1, a Unicode name) is a text another
  // parser may read otherwise: the officer is shown the one form both read alike.
  if (text !== canonical && text !== `${canonical}/`) return refuse(`write the address as ${canonical}`);
  const ipv6 = url.hostname.startsWith('[');
  const hostname = ipv6 ? url.hostname.slice(1, -1) : url.hostname;
  if (ipv6 ? !/^[0-9a-f:.]+$/.test(hostname) : !/^[a-z0-9_.-]+$/.test(hostname))
    return refuse('the server name may hold only letters, digits, "-", "_" and "."');
  if (!kind.secure && !LOOPBACK_HOSTS.has(hostname))
    return refuse(`the access token would cross the network in clear: use https:// for ${url.hostname}`);
  const port = url.port === '' ? (kind.secure ? 443 : 80) : Number(url.port);
  const origin = `${kind.secure ? 'https' : 'http'}://${url.hostname}${url.port === '' ? '' : `:${url.port}`}`;
  return {
    ok: true,
    address: Object.freeze({
      scheme: kind.scheme,
      secure: kind.secure,
      hostname,
      port,
      path: SOCKET_IO_PATH,
      origin,
      href: canonical,
    }),
  };
}
