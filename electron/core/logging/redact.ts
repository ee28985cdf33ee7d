/**
 * Redaction of secrets from text that leaves the process: log lines and the diagnostics an
 * officer pastes into a support ticket. Two nets: the secrets the caller knows (the feed token,
 * a client key's passphrase), in every spelling they take when written into JSON or a URL; and
 * shapes that look like a secret whoever it belongs to (token=..., Bearer ..., a PEM private key).
 */

/** What a secret is replaced with. */
export const REDACTED = '[redacted]';

/** Shorter known secrets are ignored: replacing "abc" everywhere would shred the text, not protect it. */
export const MIN_SECRET_LENGTH = 8;

// Names whose value is a secret, in a query string, a form, or a JSON object.
const SECRET_KEY = String.raw`[A-Za-z0-9_.-]*(?:token|secret|password|passwd|passphrase|api[_-]?key)|authorization|cookie`;

/** `token=...` in a query string or a key=value log line; the value stops at &, a space, a quote, "," or ";". */
const KEY_VALUE = new RegExp(String.raw`(\b(?:${SECRET_KEY})=)([^&\s"'<>,;\\]+)`, 'gi');

/** `"token":"..."` in JSON; the value may hold escaped quotes. */
const JSON_VALUE = new RegExp(String.raw`("(?:${SECRET_KEY})"\s*:\s*")((?:[^"\\]|\\.)*)(")`, 'gi');

/**
 * The same in JSON that was itself written into a JSON string (a payload logged as a string):
 * quotes come as \" and the value's own escapes are doubled (\\\" for a quote, \\\\ for a
 * backslash), so the value ends at the first \" that is not part of such a doubled escape.
 */
const ESCAPED_JSON_VALUE = new RegExp(
  String.raw`(\\"(?:${SECRET_KEY})\\"\s*:\s*\\")((?:\\\\\\\\|\\\\\\"|\\\\[^"\\]|[^"\\])*)(\\")`,
  'gi',
);

/** The credentials of an `Authorization:` header, after its scheme (Bearer, Basic, ...) if any. */
const AUTHORIZATION_HEADER = /(\b(?:proxy-)?authorization\s*:\s*(?:[A-Za-z]+\s+(?=\S))?)([^\s"',;]+)/gi;

/**
 * A bearer token (RFC 6750's b64token) outside a header, as in "sent Bearer eyJ...". Eight
 * characters at least, so that prose such as "no Bearer token" is left alone.
 */
const BEARER = /(\bBearer\s+)([A-Za-z0-9\-._~+/]{8,}=*)/gi;

/** A PEM private key, whatever its kind; an unterminated block is redacted to the end of the text. */
const PEM_PRIVATE_KEY =
  /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g;

/** The password in `scheme://user:password@host`. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)([^\s/@]+)(@)/gi;

/**
 * The spellings a secret takes when written into text: as is, inside a JSON string (once, and
 * again when that JSON is itself a string), with "/" escaped as some serialisers do, with
 * non-ASCII as \u escapes, and percent-encoded in a URL or a form.
 */
function spellings(secret: string): string[] {
  const json = (s: string): string => JSON.stringify(s).slice(1, -1);
  const asciiJson = (s: string): string =>
    json(s).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const variants = new Set<string>([
    secret,
    json(secret),
    json(json(secret)),
    json(secret).replaceAll('/', '\\/'),
    asciiJson(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
  ]);
  try {
    variants.add(encodeURIComponent(secret));
  } catch {
    // A lone surrogate cannot be percent-encoded, so it cannot be in a URL either.
  }
  // Hex digits in percent-encoding may come in either case.
  for (const v of [...variants])
    if (v.includes('%')) variants.add(v.replace(/%[0-9A-F]{2}/g, (p) => p.toLowerCase()));
  return [...variants];
}

/**
 * Replaces with {@link REDACTED} every known secret (in any of its JSON or URL spellings; only
 * secrets of at least {@link MIN_SECRET_LENGTH} characters) and anything shaped like a secret:
 * `token=` and `"token":` values (and password, secret, api key, authorization, cookie),
 * `Authorization:` credentials, `Bearer` tokens, passwords in URLs and PEM private key blocks.
 */
export function redactSecrets(text: string, knownSecrets: readonly string[]): string {
  let out = text;
  const known = knownSecrets
    .filter((s) => s.length >= MIN_SECRET_LENGTH)
    .flatMap(spellings)
    .filter((s) => s.length >= MIN_SECRET_LENGTH)
    // Longest first, so a secret that contains another is replaced whole.
    .sort((a, b) => b.length - a.length);
  for (const secret of known) out = out.replaceAll(secret, REDACTED);
  out = out.replace(PEM_PRIVATE_KEY, `-----BEGIN $1PRIVATE KEY----- ${REDACTED} -----END $1PRIVATE KEY-----`);
  out = out.replace(ESCAPED_JSON_VALUE, `$1${REDACTED}$3`);
  out = out.replace(JSON_VALUE, `$1${REDACTED}$3`);
  out = out.replace(AUTHORIZATION_HEADER, `$1${REDACTED}`);
  out = out.replace(BEARER, `$1${REDACTED}`);
  out = out.replace(KEY_VALUE, `$1${REDACTED}`);
  out = out.replace(URL_PASSWORD, `$1${REDACTED}$3`);
  return out;
}
