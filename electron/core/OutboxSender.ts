import type { OutboxEntry } from '../../shared/coreTypes';
import { coreMessage, CoreMessageError } from '../../shared/coreMessage';
import {
  commandSchema,
  type Command,
  type CommandAck,
  type CommandPayload,
  type CommandType,
} from '../../shared/protocol/messages';
import { describeZodError } from '../../shared/protocol/parseEvent';
import type { Clock, ClockTimer } from './clock';
import type { OutboxWriter } from './store/SqliteStore';

/** Pause before resending a command that got no final answer while the link stayed up. */
export const OUTBOX_RETRY_MS = 5000;

/** The link the commands go out on (the feed client, in part). */
export interface CommandLink {
  readonly connected: boolean;
  /** The server's answer, or a rejection when there is none in time. */
  send(command: Command): Promise<CommandAck>;
}

/** What the sender needs from the core. */
export interface OutboxSenderOptions {
  outbox: OutboxWriter;
  /** Absent: offline only; commands wait in the outbox. */
  link: CommandLink | null;
  clock: Clock;
  newId: () => string;
  /** Who the officer is, as written in the log of their actions. */
  operator: string;
  /** A store write failed while sending (reported in the status, never thrown into socket.io). */
  onStoreError: (error: unknown) => void;
}

/**
 * The officers' commands: each one validated by the protocol's command schemas, written to the
 * outbox (committed before anything else happens), then sent in order over the link, one at a
 * time, until each has a final answer. Listeners hear of every change of the outbox (a command
 * added, answered or tried again), so nobody has to poll it.
 */
export class OutboxSender {
  private readonly listeners = new Set<() => void>();
  private sending = false;
  /** Set when a command was issued while a round was running, so that round goes once more. */
  private dirty = false;
  private retry: ClockTimer | null = null;
  private closed = false;

  constructor(private readonly options: OutboxSenderOptions) {}

  /**
   * Validates a command and writes it to the outbox; sends it when the link is up. Returns the
   * command id (the effect arrives as an event). Throws with a clear message on invalid input.
   */
  issue<K extends CommandType>(type: K, payload: CommandPayload<K>): string;
  issue(type: string, payload: unknown): string;
  issue(type: string, payload: unknown): string {
    const { outbox, clock, operator } = this.options;
    const commandId = this.options.newId();
    const parsed = commandSchema.safeParse({ id: commandId, type, by: operator, payload });
    if (!parsed.success)
      throw new CoreMessageError(
        coreMessage('outbox.commandInvalid', {
          command: String(type).slice(0, 64).replace('.', ' '),
          reason: describeZodError(parsed.error),
        }),
      );
    outbox.add({
      commandId,
      type: parsed.data.type,
      payload: parsed.data.payload,
      issuedBy: operator,
      createdAt: clock.now(),
    });
    this.changed();
    void this.flush();
    return commandId;
  }

  /** Calls `listener` after every change of the outbox. Returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The commands with the given status (all when none), oldest first. */
  list(status?: OutboxEntry['status']): OutboxEntry[] {
    return this.options.outbox.list(status);
  }

  /** The pending commands and the most recent others, oldest first: what the UI shows of the outbox. */
  recent(): OutboxEntry[] {
    return this.options.outbox.recent();
  }

  /** How many commands wait to be sent. */
  depth(): number {
    return this.options.outbox.depth();
  }

  /**
   * Sends pending commands in order, one at a time, until none is left; a command issued meanwhile
   * is picked up by the next round. It stops at the first command without a final answer (no
   * answer in time, or a server error) so that later ones never overtake it, and tries again
   * after a pause while the link is up (the core also starts a round after each resume).
   */
  async flush(): Promise<void> {
    const link = this.options.link;
    if (!link?.connected || this.closed) return;
    if (this.sending) {
      this.dirty = true;
      return;
    }
    const { outbox, clock } = this.options;
    this.sending = true;
    try {
      do {
        this.dirty = false;
        for (const entry of outbox.list('pending')) {
          if (this.closed || !link.connected) return;
          const command = {
            id: entry.commandId,
            type: entry.type,
            by: entry.issuedBy,
            payload: entry.payload,
          } as Command;
          let answer: CommandAck | Error;
          try {
            answer = await link.send(command);
          } catch (error) {
            answer = error instanceof Error ? error : new Error(String(error));
          }
          if (this.closed) return;
          const now = clock.now();
          if (!(answer instanceof Error) && answer.ok) {
            outbox.result(entry.commandId, { status: 'acked', seqs: answer.seqs }, now);
          } else if (
            !(answer instanceof Error) &&
            (answer.error.code === 'rejected' || answer.error.code === 'bad_request')
          ) {
            outbox.result(entry.commandId, { status: 'rejected', error: answer.error.message }, now);
          } else {
            // No final answer: it stays pending and goes again (the id makes a repeat safe).
            outbox.attempt(
              entry.commandId,
              answer instanceof Error ? answer.message : answer.error.message,
              now,
            );
            this.changed();
            this.retryLater();
            return;
          }
          this.changed();
        }
      } while (this.dirty);
    } catch (error) {
      this.options.onStoreError(error);
    } finally {
      this.sending = false;
    }
  }

  /** Stops sending and drops the retry; what is pending stays in the outbox for the next start. */
  close(): void {
    this.closed = true;
    if (this.retry) this.options.clock.clearTimeout(this.retry);
    this.retry = null;
    this.listeners.clear();
  }

  private retryLater(): void {
    if (this.retry || this.closed) return;
    this.retry = this.options.clock.setTimeout(() => {
      this.retry = null;
      void this.flush();
    }, OUTBOX_RETRY_MS);
  }

  private changed(): void {
    if (this.closed) return;
    for (const listener of this.listeners) listener();
  }
}
