import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { coreMessage, CoreMessageError } from '../shared/coreMessage';

/** What the browser host's command line asks for, checked; paths are absolute. */
export interface BrowserHostArgs {
  port: number;
  operator?: string;
  demoSpeed: number;
  /** Offline, on this store: no link at all. */
  offline: boolean;
  store?: string;
  /** Where settings, stores, logs and exports live; absent: `.data/` of the checkout. */
  dataDir?: string;
  /** A connection fixed on the command line, and where its access token is to be read from. */
  server?: { url: string; token: TokenSource; ca?: string; clientCert?: string; clientKey?: string };
}

/**
 * Where the access token of a fixed connection comes from. Never the command line: every local
 * user can read another's command line (`ps`, /proc/PID/cmdline), not its files or environment.
 */
export type TokenSource = { kind: 'file'; path: string } | { kind: 'env'; value: string } | { kind: 'stdin' };

/**
 * A command line the host refuses; the message (`cli.*`, a message of the core) says what to give
 * instead, and is printed in the terminal's language (electron/browserHostCli.ts).
 */
export class BrowserHostArgsError extends CoreMessageError {}

/** The environment variable a token may come in (removed once read, so no child inherits it). */
export const TOKEN_ENV = 'WATCHFLOOR_TOKEN';

/** Longer than any real token: a file this long is not the token file. */
const MAX_TOKEN_LENGTH = 4096;

/**
 * Reads the browser host's arguments (process.argv.slice(2)) and the environment. Refuses
 * `--token` (it would show the token in the process list) with a message naming the three ways to
 * give it. {@link TOKEN_ENV} is taken out of `env` (process.env) whatever else happens, so that no
 * process this one starts inherits the token. The token itself is read later, by {@link readToken}.
 */
export function parseBrowserHostArgs(
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
): BrowserHostArgs {
  const fromEnv = env[TOKEN_ENV];
  delete env[TOKEN_ENV];
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string', default: '4700' },
        server: { type: 'string' },
        // Known only to be refused with a useful message rather than "unknown option".
        token: { type: 'string' },
        'token-file': { type: 'string' },
        'token-stdin': { type: 'boolean', default: false },
        operator: { type: 'string' },
        'demo-speed': { type: 'string', default: '1' },
        offline: { type: 'boolean', default: false },
        ca: { type: 'string' },
        'client-cert': { type: 'string' },
        'client-key': { type: 'string' },
        store: { type: 'string' },
        'data-dir': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new BrowserHostArgsError(coreMessage('cli.badCommandLine', { detail: (error as Error).message }));
  }
  if (values.token !== undefined)
    throw new BrowserHostArgsError(coreMessage('cli.tokenFlagRefused', { variable: TOKEN_ENV }));
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535)
    throw new BrowserHostArgsError(coreMessage('cli.badPort', { port: values.port }));
  const demoSpeed = Number(values['demo-speed']);
  if (values.offline && !values.store) throw new BrowserHostArgsError(coreMessage('cli.offlineNeedsStore'));
  if (values.offline && values.server) throw new BrowserHostArgsError(coreMessage('cli.offlineWithServer'));
  if (Boolean(values['client-cert']) !== Boolean(values['client-key']))
    throw new BrowserHostArgsError(coreMessage('cli.certNeedsKey'));
  const fromFile = values['token-file'];
  const fromStdin = values['token-stdin'];
  if (fromFile !== undefined && fromStdin) throw new BrowserHostArgsError(coreMessage('cli.tokenTwoWays'));
  if (!values.server && (fromFile !== undefined || fromStdin))
    throw new BrowserHostArgsError(coreMessage('cli.tokenWithoutServer'));
  let server: BrowserHostArgs['server'];
  if (values.server) {
    // A flag on this command line is more deliberate than a variable left in the shell.
    const token: TokenSource | null =
      fromFile !== undefined
        ? { kind: 'file', path: resolve(fromFile) }
        : fromStdin
          ? { kind: 'stdin' }
          : fromEnv !== undefined
            ? { kind: 'env', value: fromEnv }
            : null;
    if (!token) throw new BrowserHostArgsError(coreMessage('cli.serverNeedsToken', { variable: TOKEN_ENV }));
    server = {
      url: values.server,
      token,
      ...(values.ca ? { ca: resolve(values.ca) } : {}),
      ...(values['client-cert'] ? { clientCert: resolve(values['client-cert']) } : {}),
      ...(values['client-key'] ? { clientKey: resolve(values['client-key']) } : {}),
    };
  }
  return {
    port,
    ...(values.operator !== undefined ? { operator: values.operator } : {}),
    demoSpeed: Number.isFinite(demoSpeed) && demoSpeed > 0 ? demoSpeed : 1,
    offline: values.offline,
    ...(values.store ? { store: resolve(values.store) } : {}),
    ...(values['data-dir'] ? { dataDir: resolve(values['data-dir']) } : {}),
    ...(server ? { server } : {}),
  };
}

/** What reading a token needs from outside: the platform, and standard input's first line. */
export interface TokenInput {
  platform?: NodeJS.Platform;
  readStdinLine?: () => Promise<string>;
}

/**
 * The token from its source, checked: one line, no control characters, not empty. A token file
 * that other users may read or write is refused (it would be no secret, or could be swapped); on
 * Windows file modes mean nothing, and the file is guarded by its folder's ACL instead.
 */
export async function readToken(source: TokenSource, input: TokenInput = {}): Promise<string> {
  let text: string;
  // The source named in a refusal: which variable, or which file.
  const named: Record<string, string> =
    source.kind === 'env' ? { variable: TOKEN_ENV } : source.kind === 'file' ? { path: source.path } : {};
  if (source.kind === 'env') {
    text = source.value;
  } else if (source.kind === 'stdin') {
    if (!input.readStdinLine) throw new BrowserHostArgsError(coreMessage('cli.stdinUnavailable'));
    text = await input.readStdinLine();
  } else {
    const path = source.path;
    let stat;
    try {
      stat = statSync(path);
    } catch (error) {
      throw new BrowserHostArgsError(
        coreMessage('cli.tokenFileUnreadable', { path, detail: (error as Error).message }),
      );
    }
    if (!stat.isFile()) throw new BrowserHostArgsError(coreMessage('cli.tokenFileNotAFile', { path }));
    if ((input.platform ?? process.platform) !== 'win32' && (stat.mode & 0o077) !== 0)
      throw new BrowserHostArgsError(
        coreMessage('cli.tokenFileOpen', { path, mode: (stat.mode & 0o777).toString(8) }),
      );
    if (stat.size > MAX_TOKEN_LENGTH + 2)
      throw new BrowserHostArgsError(coreMessage('cli.tokenFileTooLarge', { path, bytes: stat.size }));
    text = readFileSync(path, 'utf8');
  }
  // One trailing line break is how files and `echo` end a line; anything else is not a token.
  const token = text.replace(/\r?\n$/, '');
  if (token.length === 0) throw new BrowserHostArgsError(coreMessage(`cli.tokenEmpty.${source.kind}`, named));
  if (token.length > MAX_TOKEN_LENGTH)
    throw new BrowserHostArgsError(coreMessage(`cli.tokenTooLong.${source.kind}`, named));
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(token) || token.trim() !== token)
    throw new BrowserHostArgsError(coreMessage(`cli.tokenNotAlone.${source.kind}`, named));
  return token;
}

/**
 * The first line of a stream (standard input), then the stream is let go: the host runs on
 * without reading it, and a piped `echo TOKEN |` ends there.
 */
export function readFirstLine(
  stream: NodeJS.ReadableStream,
  maxLength = MAX_TOKEN_LENGTH + 2,
): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let text = '';
    const done = (error: Error | null): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.pause();
      if (error) reject(error);
      else resolvePromise(text);
    };
    const onData = (chunk: Buffer | string): void => {
      text += chunk.toString();
      const newline = text.indexOf('\n');
      if (newline >= 0) {
        text = text.slice(0, newline + 1);
        done(null);
      } else if (text.length > maxLength) {
        done(new BrowserHostArgsError(coreMessage('cli.tokenTooLong.stdin')));
      }
    };
    const onEnd = (): void => done(null);
    const onError = (error: Error): void => done(error);
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.resume();
  });
}

/** Standard input when it is a terminal: what {@link readHiddenLine} needs of it. */
export interface Terminal extends NodeJS.ReadableStream {
  setRawMode(raw: boolean): unknown;
}

/**
 * A line typed at the terminal without echoing it (`--token-stdin` with nobody piping): the token
 * is not left on the screen or in the terminal's scrollback. Backspace deletes, Enter or Ctrl+D
 * ends, Ctrl+C cancels.
 */
export function readHiddenLine(
  terminal: Terminal,
  output: NodeJS.WritableStream,
  prompt: string,
): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let text = '';
    output.write(prompt);
    terminal.setRawMode(true);
    const done = (error: Error | null): void => {
      terminal.off('data', onData);
      terminal.setRawMode(false);
      terminal.pause();
      output.write('\n');
      if (error) reject(error);
      else resolvePromise(text);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const c of chunk.toString()) {
        if (c === '\r' || c === '\n' || c === '\u0004') return done(null);
        if (c === '\u0003') return done(new BrowserHostArgsError(coreMessage('cli.nothingTyped')));
        if (c === '\u007f' || c === '\b') text = text.slice(0, -1);
        else text += c;
        if (text.length > MAX_TOKEN_LENGTH)
          return done(new BrowserHostArgsError(coreMessage('cli.typedTooLong')));
      }
    };
    terminal.on('data', onData);
    terminal.resume();
  });
}
