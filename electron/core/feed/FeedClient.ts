import { readFileSync } from 'node:fs';
import { Manager, type Socket } from 'socket.io-client';
import {
  clockAckSchema,
  commandAckSchema,
  heartbeatSchema,
  resumeAckSchema,
  welcomeSchema,
  type ResumeAck,
  type ResumeRequest,
  type ClientToServer,
  type Command,
  type CommandAck,
  type Heartbeat,
  type ServerToClient,
  type Welcome,
} from '../../../shared/protocol/messages';
import { PROTOCOL_VERSION } from '../../../shared/protocol/version';
import { parseServerAddress } from '../../../shared/serverAddress';
import type { Clock, ClockTimer } from '../clock';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';

/** TLS for an on-premises server behind its own certificate authority. Certificates are always verified. */
export interface FeedTls {
  /** PEM file of the CA that signed the server's certificate. */
  caFile?: string;
  /** PEM client certificate and key, for mutual TLS. */
  certFile?: string;
  keyFile?: string;
  /** The client key itself (PEM), when it comes decrypted from the secret store rather than from a file. */
  key?: string;
}

/** Where and how to connect. */
export interface FeedConnection {
  url: string;
  token: string;
  clientId: string;
  tls?: FeedTls;
}

import { coreMessage, CoreMessageError, messageOf, type CoreMessage } from '../../../shared/coreMessage';
import type { LinkState } from '../../../shared/coreTypes';

export type { LinkState };

/** What the feed hands to the core. Raw values are validated by the receiver, never trusted here. */
export interface FeedHandlers {
  onWelcome(welcome: Welcome): void;
  onEvents(raw: unknown): void;
  onSnapshot(raw: unknown): void;
  onHeartbeat(heartbeat: Heartbeat): void;
  onLink(state: LinkState, detail?: { error?: CoreMessage; fatal?: boolean }): void;
  onClockOffset(offsetMs: number): void;
  /** A message of the protocol that failed its schema (not an event: those go to onEvents). */
  onBadMessage(kind: string, raw: unknown, reason: string): void;
  /**
   * The server answered one of our resume requests. Called synchronously from the ack, before
   * socket.io hands on the messages that follow it, so the receiver knows which snapshot (if any)
   * the ack announced before the snapshot itself arrives.
   */
  onResumeAck?(request: ResumeRequest, ack: ResumeAck): void;
  /**
   * The server fell silent (no answer to resume, or no message at all, for the watchdog time):
   * `since` is when the wait began. `null` once it has answered a resume again.
   */
  onServerSilent?(since: number | null): void;
}

/** Timings of the link. */
export interface FeedTimings {
  backoff: BackoffPolicy;
  /**
   * The watchdog time: a connection that says nothing for this long, or leaves a resume unanswered
   * this long, is a silent server even if the socket says it is connected (a server that only
   * sends heartbeats would otherwise read as "connected" for ever).
   */
  silenceMs: number;
  commandTimeoutMs: number;
  clockProbeEveryMs: number;
}

/** The default watchdog time ({@link FeedTimings.silenceMs}). */
export const SERVER_SILENCE_MS = 15_000;

const DEFAULT_TIMINGS: FeedTimings = {
  backoff: DEFAULT_BACKOFF,
  silenceMs: SERVER_SILENCE_MS,
  commandTimeoutMs: 10_000,
  clockProbeEveryMs: 15_000,
};

/** Errors after which retrying cannot help until the user changes something. */
const FATAL_CODES = new Set(['unauthorized', 'protocol_mismatch']);

/**
 * The socket layer of the feed: connects with the token, reconnects with capped exponential
 * backoff and jitter on the injected clock, watches the link for silence, measures the clock
 * offset, and carries resume and command requests. Ordering, deduplication and storage are the
 * ingest's job; this class never decides what an event means.
 */
export class FeedClient {
  private readonly timings: FeedTimings;
  private manager: Manager | null = null;
  private socket: Socket<ServerToClient, ClientToServer> | null = null;
  private attempt = 0;
  private reconnectTimer: ClockTimer | null = null;
  private silenceTimer: ClockTimer | null = null;
  private clockTimer: ClockTimer | null = null;
  private stopped = true;
  private readonly clockSamples: { rtt: number; offset: number }[] = [];
  private fatal = false;
  /** Resume requests sent on the current socket and not answered yet, each with its watchdog. */
  private readonly unanswered = new Set<{ timer: ClockTimer; settle: (ack: ResumeAck | null) => void }>();
  /** When the server fell silent; null while it answers. */
  private silentSince: number | null = null;

  constructor(
    private readonly connection: FeedConnection,
    private readonly handlers: FeedHandlers,
    private readonly clock: Clock,
    private readonly random: () => number = Math.random,
    timings: Partial<FeedTimings> = {},
  ) {
    this.timings = { ...DEFAULT_TIMINGS, ...timings };
  }

  /** True while a socket is connected. */
  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  /** Starts connecting (and keeps reconnecting until {@link stop}). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.fatal = false;
    this.attempt = 0;
    this.connect();
  }

  /** Closes the link for good. */
  stop(): void {
    this.stopped = true;
    this.clearTimers();
    this.teardown();
    this.setSilent(null);
    this.handlers.onLink('offline');
  }

  /**
   * Asks for events after `afterSeq` (up to `untilSeq` for a gap fill). Resolves with the server's
   * valid answer, or null when there is none: not connected, a malformed ack, or no ack within the
   * watchdog time (then the server counts as silent and the link reconnects with backoff).
   */
  resume(operationId: string, afterSeq: number, untilSeq?: number): Promise<ResumeAck | null> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.resolve(null);
    const request: ResumeRequest = { operationId, afterSeq, ...(untilSeq !== undefined ? { untilSeq } : {}) };
    const askedAt = this.clock.now();
    return new Promise((resolve) => {
      const entry = {
        // The watchdog runs on the injected clock (socket.io's own ack timeout would not).
        timer: this.clock.setTimeout(() => {
          this.unanswered.delete(entry);
          resolve(null);
          this.fallSilent(askedAt, 'no answer to our resume');
        }, this.timings.silenceMs),
        settle: (ack: ResumeAck | null) => {
          this.clock.clearTimeout(entry.timer);
          this.unanswered.delete(entry);
          resolve(ack);
        },
      };
      this.unanswered.add(entry);
      // A callback rather than emitWithAck: it runs as the ack arrives, before the snapshot or
      // events that follow it are handed on, so the core knows what the ack announced in time.
      socket.emit('resume', request, (raw: unknown) => {
        if (!this.unanswered.has(entry) || this.socket !== socket) return;
        const ack = resumeAckSchema.safeParse(raw);
        if (!ack.success) {
          entry.settle(null);
          this.handlers.onBadMessage('resume ack', raw, ack.error.message);
          return;
        }
        entry.settle(ack.data);
        // The server answers: it is not silent, and the backoff starts over.
        this.attempt = 0;
        this.setSilent(null);
        this.handlers.onResumeAck?.(request, ack.data);
        if (!ack.data.ok)
          this.handlers.onLink('offline', {
            error: serverRefusal(ack.data.error.code, ack.data.error.message),
            fatal: ack.data.error.code === 'unknown_operation',
          });
      });
    });
  }

  /** Sends a command; resolves with the server's answer, or rejects when there is none in time. */
  async send(command: Command): Promise<CommandAck> {
    const socket = this.socket;
    if (!socket?.connected) throw new Error('not connected');
    const raw: unknown = await socket.timeout(this.timings.commandTimeoutMs).emitWithAck('command', command);
    const ack = commandAckSchema.safeParse(raw);
    if (!ack.success) {
      this.handlers.onBadMessage('command ack', raw, ack.error.message);
      throw new Error('malformed command acknowledgement');
    }
    return ack.data;
  }

  private connect(): void {
    if (this.stopped || this.fatal) return;
    this.teardown();
    this.handlers.onLink('connecting');
    let files: { ca?: string; cert?: string; key?: string };
    try {
      files = readTlsFiles(this.connection.tls);
    } catch (error) {
      // A certificate file that went away: retrying cannot help until the profile is corrected.
      this.fatal = true;
      this.handlers.onLink('offline', {
        error: messageOf(error),
        fatal: true,
      });
      return;
    }
    // socket.io is handed the parts, never the text: its own parser reads some addresses otherwise
    // than the check did (a backslash before an @), and would send the token elsewhere.
    const address = parseServerAddress(this.connection.url);
    if (!address.ok) {
      this.fatal = true;
      this.handlers.onLink('offline', {
        error: coreMessage('link.addressRefused', { reason: address.message }),
        fatal: true,
      });
      return;
    }
    this.manager = new Manager({
      hostname: address.address.hostname,
      port: address.address.port,
      secure: address.address.secure,
      path: address.address.path,
      // Reconnection is ours (on the injected clock), not socket.io's.
      reconnection: false,
      transports: ['websocket'],
      timeout: 10_000,
      rejectUnauthorized: true,
      ...files,
    });
    const socket: Socket<ServerToClient, ClientToServer> = this.manager.socket('/', {
      auth: { token: this.connection.token, clientId: this.connection.clientId, protocol: PROTOCOL_VERSION },
    });
    this.socket = socket;

    // Armed at connection: a server that accepts the socket and never says a word is silent too.
    socket.on('connect', () => this.heard());
    socket.on('connect_error', (error: Error & { data?: { code?: string; message?: string } }) => {
      const code = error.data?.code;
      const message =
        error.data?.message !== undefined
          ? serverRefusal(code ?? '', error.data.message)
          : describeNetworkError(error);
      if (code && FATAL_CODES.has(code)) {
        this.fatal = true;
        this.teardown();
        this.handlers.onLink('offline', { error: message, fatal: true });
        return;
      }
      this.handlers.onLink('offline', { error: message });
      this.scheduleReconnect();
    });
    socket.on('disconnect', () => {
      this.handlers.onLink('offline');
      this.scheduleReconnect();
    });
    socket.on('welcome', (raw) => {
      this.heard();
      const welcome = welcomeSchema.safeParse(raw);
      if (!welcome.success) {
        this.handlers.onBadMessage('welcome', raw, welcome.error.message);
        return;
      }
      // The backoff is not reset here but when the resume is answered: a server that welcomes and
      // then says nothing must not be reconnected to at the shortest delay for ever.
      this.handlers.onLink('connected');
      this.handlers.onWelcome(welcome.data);
      this.probeClock();
    });
    socket.on('events', (raw) => {
      this.heard();
      this.handlers.onEvents(raw);
    });
    socket.on('snapshot', (raw) => {
      this.heard();
      this.handlers.onSnapshot(raw);
    });
    socket.on('heartbeat', (raw) => {
      this.heard();
      const heartbeat = heartbeatSchema.safeParse(raw);
      if (heartbeat.success) this.handlers.onHeartbeat(heartbeat.data);
      else this.handlers.onBadMessage('heartbeat', raw, heartbeat.error.message);
    });
  }

  /** Any message proves the link alive; silence past the limit means it is dead. */
  private heard(): void {
    if (this.silenceTimer) this.clock.clearTimeout(this.silenceTimer);
    const heardAt = this.clock.now();
    this.silenceTimer = this.clock.setTimeout(() => {
      this.silenceTimer = null;
      // A pending resume is the more useful thing to name: heartbeats alone do not answer it.
      this.fallSilent(heardAt, this.unanswered.size > 0 ? 'no answer to our resume' : 'no message');
    }, this.timings.silenceMs);
  }

  /** The server said nothing useful for the watchdog time: say so, drop the socket, reconnect with backoff. */
  private fallSilent(since: number, what: 'no message' | 'no answer to our resume'): void {
    this.setSilent(this.silentSince ?? since);
    this.handlers.onLink('offline', {
      error: coreMessage(what === 'no message' ? 'link.noMessage' : 'link.noResumeAnswer', {
        seconds: Math.round(this.timings.silenceMs / 1000),
      }),
    });
    this.teardown();
    this.scheduleReconnect();
  }

  private setSilent(since: number | null): void {
    if (since === this.silentSince) return;
    this.silentSince = since;
    this.handlers.onServerSilent?.(since);
  }

  private probeClock(): void {
    const socket = this.socket;
    if (!socket?.connected) return;
    const sentAt = this.clock.now();
    socket
      .timeout(this.timings.commandTimeoutMs)
      .emitWithAck('clock', { clientTime: sentAt })
      .then((raw: unknown) => {
        const ack = clockAckSchema.safeParse(raw);
        if (!ack.success) return;
        const receivedAt = this.clock.now();
        // NTP's estimate: the server read its clock halfway through the round trip. A long round
        // trip (a busy event loop at either end) makes it skewed, so the sample with the shortest
        // round trip of the recent ones is the one reported.
        this.clockSamples.push({
          rtt: receivedAt - sentAt,
          offset: ack.data.serverTime - (sentAt + receivedAt) / 2,
        });
        if (this.clockSamples.length > 8) this.clockSamples.shift();
        const best = this.clockSamples.reduce((a, b) => (b.rtt < a.rtt ? b : a));
        this.handlers.onClockOffset(best.offset);
      })
      .catch(() => {});
    if (this.clockTimer) this.clock.clearTimeout(this.clockTimer);
    this.clockTimer = this.clock.setTimeout(() => this.probeClock(), this.timings.clockProbeEveryMs);
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.fatal || this.reconnectTimer) return;
    this.teardown();
    const delay = backoffDelay(this.attempt++, this.timings.backoff, this.random);
    this.reconnectTimer = this.clock.setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  private teardown(): void {
    if (this.silenceTimer) this.clock.clearTimeout(this.silenceTimer);
    if (this.clockTimer) this.clock.clearTimeout(this.clockTimer);
    this.silenceTimer = null;
    this.clockTimer = null;
    // Requests of a socket that is gone will never be answered on it.
    for (const entry of [...this.unanswered]) entry.settle(null);
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.removeAllListeners();
      socket.disconnect();
    }
    this.manager?.removeAllListeners();
    this.manager = null;
  }

  private clearTimers(): void {
    if (this.reconnectTimer) this.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }
}

/** The PEM texts of the connection's TLS files, read at each connection (a renewed certificate is picked up). */
function readTlsFiles(tls: FeedTls | undefined): { ca?: string; cert?: string; key?: string } {
  const read = (
    path: string,
    code: 'link.caFileUnreadable' | 'link.certFileUnreadable' | 'link.keyFileUnreadable',
  ): string => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      throw new CoreMessageError(coreMessage(code, { path }));
    }
  };
  return {
    ...(tls?.caFile ? { ca: read(tls.caFile, 'link.caFileUnreadable') } : {}),
    ...(tls?.certFile ? { cert: read(tls.certFile, 'link.certFileUnreadable') } : {}),
    ...(tls?.key
      ? { key: tls.key }
      : tls?.keyFile
        ? { key: read(tls.keyFile, 'link.keyFileUnreadable') }
        : {}),
  };
}

/**
 * A refusal by the server (protocol error code and its own words) as a message: the codes this
 * client knows in the officer's language, with the server's words kept; any other in its words.
 */
export function serverRefusal(code: string, message: string): CoreMessage {
  switch (code) {
    case 'unauthorized':
      return coreMessage('link.tokenRefused');
    case 'protocol_mismatch':
      return coreMessage('link.protocolMismatch', { detail: message });
    case 'unknown_operation':
      return coreMessage('link.unknownOperation', { detail: message });
    default:
      return coreMessage('link.serverError', { detail: message });
  }
}

/** A network error in words an officer can act on, naming the certificate problem when there is one. */
export function describeNetworkError(error: Error): CoreMessage {
  const description = (error as { description?: { message?: unknown } }).description;
  const text = `${error.message} ${typeof description?.message === 'string' ? description.message : ''}`;
  const cause = (error as { description?: { error?: { code?: string; message?: string } } }).description
    ?.error;
  const code = cause?.code ?? /([A-Z_]{6,})/.exec(text)?.[1];
  // Mutual TLS: the server's refusal arrives as a TLS alert, in OpenSSL's words.
  const alert = `${text} ${cause?.message ?? ''}`;
  if (/alert certificate required/i.test(alert)) return coreMessage('link.clientCertRequired');
  if (
    /alert (bad certificate|unknown ca|certificate unknown|certificate expired|certificate revoked)/i.test(
      alert,
    )
  )
    return coreMessage('link.clientCertRefused');
  // Under TLS 1.3 a server that refuses the client's certificate often just closes the connection.
  if (/socket hang up/i.test(alert)) return coreMessage('link.connectionClosed');
  switch (code) {
    case 'CERT_HAS_EXPIRED':
      return coreMessage('link.serverCertExpired');
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return coreMessage('link.serverCertUntrusted');
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return coreMessage('link.serverCertWrongHost');
    case 'ECONNREFUSED':
      return coreMessage('link.connectionRefused');
    case 'ENOTFOUND':
      return coreMessage('link.serverNotFound');
    default:
      return coreMessage('link.networkError', { detail: cause?.message ?? error.message });
  }
}
