import type CoT from '@tak-ps/node-cot';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import tls from 'node:tls';
import type { TakLinkState, TakTrack } from '../../../shared/tak';
import type { Clock, ClockTimer } from '../clock';
import { loadCot } from '../export/cotEvents';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../feed/backoff';
import { CotSplitter, DEFAULT_SPLITTER_LIMITS, type SplitterLimits } from './cotSplitter';
import { parseTakEvent, type TakRefusal } from './takTrack';

/**
 * A read-only client of a TAK server's CoT streaming port (TLS, usually 8089) with a client
 * certificate, as TAK servers require. It never writes to the server: it reads the stream, cuts it
 * into events, parses them with `@tak-ps/node-cot` and hands on the tracks; a dropped link is
 * retried with the operations feed's backoff. The server's certificate is always verified against
 * the profile's CA (or the system's when none is given), with the host name (SNI) checked.
 */

/** Where the TAK server is and the certificates to reach it with. */
export interface TakConnection {
  host: string;
  port: number;
  /** PEM of the CA that signed the server's certificate; absent: the system's CAs. */
  caFile?: string;
  /** PEM client certificate and key (TAK servers refuse a client without one). */
  certFile?: string;
  keyFile?: string;
  /** The key itself (PEM), when it comes decrypted from the secret store rather than from a file. */
  key?: string;
}

export interface TakHandlers {
  onTrack(track: TakTrack): void;
  onRefused(reason: TakRefusal, detail: string): void;
  onLink(state: TakLinkState, error: string | null): void;
}

export interface TakClientOptions {
  backoff?: BackoffPolicy;
  limits?: SplitterLimits;
  random?: () => number;
}

export class TakClient {
  private socket: tls.TLSSocket | null = null;
  private timer: ClockTimer | null = null;
  private attempt = 0;
  private stopped = true;
  private library: typeof CoT | null = null;

  constructor(
    private readonly connection: TakConnection,
    private readonly handlers: TakHandlers,
    private readonly clock: Clock,
    private readonly options: TakClientOptions = {},
  ) {}

  /** Loads the CoT library (about a second, once) and connects. */
  async start(): Promise<void> {
    this.stopped = false;
    this.library = await loadCot();
    if (!this.stopped) this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.socket?.destroy();
    this.socket = null;
    this.handlers.onLink('offline', null);
  }

  private connect(): void {
    const c = this.connection;
    let secure: tls.ConnectionOptions;
    try {
      secure = {
        host: c.host,
        port: c.port,
        ...(isIP(c.host) === 0 ? { servername: c.host } : {}),
        ...(c.caFile ? { ca: readFileSync(c.caFile) } : {}),
        ...(c.certFile
          ? { cert: readFileSync(c.certFile), key: c.key ?? readFileSync(c.keyFile ?? c.certFile) }
          : {}),
        rejectUnauthorized: true,
        minVersion: 'TLSv1.2',
      };
    } catch (error) {
      // A missing or unreadable certificate file: retrying later picks up a fixed file.
      this.down(`The TAK certificate files could not be read: ${message(error)}`);
      return;
    }
    this.handlers.onLink('connecting', null);
    const library = this.library!;
    const splitter = new CotSplitter(
      (xml) => {
        const parsed = parseTakEvent(library, xml, this.clock.now());
        if ('track' in parsed) this.handlers.onTrack(parsed.track);
        else this.handlers.onRefused(parsed.refused, parsed.detail);
      },
      (reason, chars) => this.handlers.onRefused(reason, `${chars} characters`),
      this.options.limits ?? DEFAULT_SPLITTER_LIMITS,
    );
    const socket = tls.connect(secure);
    this.socket = socket;
    let failure: string | null = null;
    socket.setTimeout(20_000, () => socket.destroy(new Error('no TLS handshake within 20 s')));
    socket.on('secureConnect', () => {
      socket.setTimeout(0);
      this.attempt = 0;
      this.handlers.onLink('connected', null);
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        splitter.push(chunk);
      } catch (error) {
        // Never crash on what a server sends; count it and go on with the next chunk.
        this.handlers.onRefused('invalid', message(error));
      }
    });
    socket.on('error', (error) => {
      failure = message(error);
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.down(failure ?? 'The TAK server closed the connection.');
    });
  }

  private down(error: string): void {
    if (this.stopped) return;
    this.handlers.onLink('offline', error);
    const delay = backoffDelay(
      this.attempt++,
      this.options.backoff ?? DEFAULT_BACKOFF,
      this.options.random ?? Math.random,
    );
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
