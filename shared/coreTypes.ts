/**
 * What the data core tells its hosts and, through them, the UI: the status model and the
 * officers' outbox (the batched picture deltas are shared/pictureDelta.ts). Shared so the renderer can type what it receives without
 * importing anything from the main process.
 */

import type { CoreMessage } from './coreMessage';

/** The link as the status bar shows it. */
export type LinkState = 'connected' | 'connecting' | 'offline';

/** What the status bar shows. */
export interface CoreStatus {
  link: LinkState;
  /** Why the link is down, for the officer (shown in their language, see shared/coreMessage.ts). */
  linkError: CoreMessage | null;
  /** True when retrying cannot help (wrong token, other protocol, other operation). */
  linkFatal: boolean;
  /**
   * When the server fell silent: connected (or reconnecting) but no answer to our resume, or no
   * message at all, for the watchdog time. Null while it answers. Shown instead of "connected".
   */
  serverSilentSince: number | null;
  operationId: string | null;
  lastSeq: number;
  /** Operation time of the newest event. */
  lastEventAt: number | null;
  /** Local time the newest event was committed, and how long ago that is. */
  lastReceivedAt: number | null;
  dataAgeMs: number | null;
  /** Server clock minus ours, in ms, once measured. */
  clockOffsetMs: number | null;
  outboxDepth: number;
  quarantineCount: number;
  /** Readmission cases still open past their deadline, at the operation's time (its newest event). */
  readmissionsOverdue: number;
  storeBytes: number;
  /** Set once when the store was found corrupt and moved aside at start. */
  storeNotice: CoreMessage | null;
  /** Seqs the server never sent in a valid copy, logged as placeholders so the picture went on. */
  skippedEvents: SkippedEvents;
}

/** One seq logged as a never-applied placeholder because every copy of it was invalid. */
export interface SkippedEvent {
  seq: number;
  /** Why its copies were refused, as the quarantine has it. */
  reason: string;
  /** Local time it was given up on. */
  at: number;
}

/** The skipped seqs of this run: how many in all, and the newest few, newest last. */
export interface SkippedEvents {
  total: number;
  recent: SkippedEvent[];
}

/** An officer's command waiting for (or done with) the server. */
export interface OutboxEntry {
  commandId: string;
  type: string;
  payload: Record<string, unknown>;
  issuedBy: string;
  createdAt: number;
  status: 'pending' | 'acked' | 'rejected';
  attempts: number;
  lastError: string | null;
  resultSeqs: number[] | null;
}
