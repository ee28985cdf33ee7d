import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import type {
  ClientToServer,
  CommandAck,
  ResumeAck,
  ServerToClient,
  Welcome,
} from '../../shared/protocol/messages';
import { parseEvent } from '../../shared/protocol/parseEvent';
import type { FeedEvent } from '../../shared/protocol/events';

/**
 * A deliberately small client for testing the reference server from the outside: it records
 * everything that arrives, raw, and leaves ordering and repair to the test. (The app's real feed
 * client lives in electron/core/feed.)
 */
export class TestClient {
  readonly socket: Socket<ServerToClient, ClientToServer>;
  /** Every item of every `events` message, in arrival order, unvalidated. */
  readonly received: unknown[] = [];
  /** `events` messages that were not arrays. */
  readonly badBatches: unknown[] = [];
  readonly welcomes: Welcome[] = [];
  readonly snapshots: { seq: number; state: Record<string, unknown> }[] = [];
  readonly disconnects: string[] = [];
  private waiters: (() => void)[] = [];
  private readonly bySeq = new Map<number, FeedEvent>();
  private invalid = 0;

  constructor(url: string, options: { token?: string; protocol?: number; reconnection?: boolean } = {}) {
    this.socket = io(url, {
      auth: {
        token: options.token ?? 'test-token',
        clientId: 'test-client',
        protocol: options.protocol ?? PROTOCOL_VERSION,
      },
      transports: ['websocket'],
      reconnection: options.reconnection ?? true,
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
    });
    this.socket.on('events', (batch) => {
      if (Array.isArray(batch)) {
        for (const raw of batch) {
          this.received.push(raw);
          // Validated on arrival, so that waiting on a long stream stays linear.
          const parsed = parseEvent(raw);
          if (parsed.kind === 'known') this.bySeq.set(parsed.event.seq, parsed.event);
          else if (parsed.kind === 'invalid') this.invalid++;
        }
      } else this.badBatches.push(batch);
      this.wake();
    });
    this.socket.on('welcome', (w) => {
      this.welcomes.push(w);
      this.wake();
    });
    this.socket.on('snapshot', (s) => {
      this.snapshots.push({ seq: s.seq, state: s.state });
      this.wake();
    });
    this.socket.on('disconnect', (reason) => {
      this.disconnects.push(reason);
      this.wake();
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves when `check` holds, re-checked on every message; rejects after `timeoutMs`. */
  async until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  /** The first connect error's protocol data. */
  connectError(): Promise<{ message: string; data?: { code: string; message: string } }> {
    return new Promise((resolve) => {
      this.socket.once('connect_error', (error: Error & { data?: { code: string; message: string } }) =>
        resolve(error),
      );
    });
  }

  resume(operationId: string, afterSeq: number, untilSeq?: number): Promise<ResumeAck> {
    return this.socket
      .timeout(10_000)
      .emitWithAck('resume', { operationId, afterSeq, ...(untilSeq ? { untilSeq } : {}) });
  }

  command(command: unknown): Promise<CommandAck> {
    return (
      this.socket.timeout(10_000) as unknown as {
        emitWithAck: (n: string, c: unknown) => Promise<CommandAck>;
      }
    ).emitWithAck('command', command);
  }

  /** The received items that validate, deduplicated by seq and sorted: what a careful client would keep. */
  validEvents(): FeedEvent[] {
    return [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  /** How many distinct valid seqs arrived. */
  validCount(): number {
    return this.bySeq.size;
  }

  /** True when a valid event with this seq arrived. */
  has(seq: number): boolean {
    return this.bySeq.has(seq);
  }

  /** Items that failed validation. */
  invalidCount(): number {
    return this.invalid;
  }

  close(): void {
    this.socket.close();
  }
}
