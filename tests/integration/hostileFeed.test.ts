import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, type Clock } from '../../electron/core/clock';
import { Core } from '../../electron/core/Core';
import { backoffDelay, DEFAULT_BACKOFF } from '../../electron/core/feed/backoff';
import { SERVER_SILENCE_MS } from '../../electron/core/feed/FeedClient';
import { SqliteStore } from '../../electron/core/store/SqliteStore';
import { applyEvents } from '../../shared/applyEvent';
import { parseEvent } from '../../shared/protocol/parseEvent';
import { getEmptyState, type OperationState } from '../../shared/state';
import { operationLog, snapshotMessage } from '../hostile/events';
import { HostileServer, type HostileServerOptions } from '../hostile/hostileServer';
import { until } from './until';

/**
 * The core against a server that breaks the contract on purpose (tests/hostile): each test runs
 * the real Core with a real SQLite store in a temporary folder, and checks that what the server
 * sends cannot replace or stall the picture behind the officers' backs.
 */

const OP = 'JO-HOSTILE-7';
const TOKEN = 'hostile-token';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(options: HostileServerOptions = {}): Promise<HostileServer> {
  const server = await HostileServer.start({ token: TOKEN, operationId: OP, ...options });
  cleanups.push(() => server.close());
  return server;
}

function openCore(server: HostileServer, options: { clock?: Clock; random?: () => number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'watchfloor-hostile-'));
  const storePath = join(dir, 'store.sqlite');
  const core = Core.open({
    storePath,
    operator: 'Hostile test',
    feed: { url: server.url, token: TOKEN },
    ...options,
  });
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    core.close();
  };
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), close);
  return { core, storePath, close };
}

/** The picture the first `seq` events of `log` make, as an honest server would snapshot it. */
function stateAt(log: readonly unknown[], seq: number): OperationState {
  const events = log.slice(0, seq).map((raw) => {
    const parsed = parseEvent(raw);
    if (parsed.kind !== 'known')
      throw new Error(`test log item is not a known event: ${JSON.stringify(raw)}`);
    return parsed.event;
  });
  return applyEvents(getEmptyState(), events);
}

/** What a closed store holds on disk: its picture, its position and its log. */
function onDisk(storePath: string) {
  const { store } = SqliteStore.open(storePath);
  try {
    const { state, position } = store.liveLog.loadState();
    return { state, position, seqs: store.liveLog.allSeqs(), quarantine: store.quarantine.entries() };
  } finally {
    store.close();
  }
}

/** A resume handler that announces a snapshot at `ackSeq` and then sends `snapshots` in order. */
function answerWithSnapshots(ackSeq: number, snapshots: unknown[]): HostileServerOptions['onResume'] {
  return (_request, { ack, connection }) => {
    ack({ ok: true, mode: 'snapshot', seq: ackSeq });
    for (const snapshot of snapshots) connection.snapshot(snapshot);
  };
}

describe('the core against a hostile operations server', () => {
  it('keeps the picture and the stored log when a snapshot arrives that no resume of ours asked for', async () => {
    const log = operationLog(OP, 5);
    const server = await startServer({ log });
    const { core, storePath, close } = openCore(server);
    await until(() => core.ingest.committedSeq === 5, 'the operation to be stored');
    const quarantined = core.status.quarantineCount;

    // A valid, empty snapshot at seq 1, sent out of the blue (the resume was answered with events).
    server.connection.snapshot(snapshotMessage(OP, 1));
    await until(
      () => core.status.quarantineCount > quarantined || core.ingest.committedSeq !== 5,
      'the snapshot to be dealt with',
    );

    expect(core.ingest.committedSeq).toBe(5);
    expect(core.state.operation?.operationId).toBe(OP);
    expect(Object.keys(core.state.units)).toHaveLength(4);
    expect(core.status.linkError?.text).toMatch(/not applied.*not asked for/);
    close();
    const disk = onDisk(storePath);
    expect(disk.position.lastSeq).toBe(5);
    expect(disk.state.operation?.operationId).toBe(OP);
    expect(disk.seqs).toEqual([1, 2, 3, 4, 5]);
    expect(disk.quarantine.map((q) => q.reason)).toEqual([expect.stringMatching(/^snapshot: not asked for/)]);
  });

  it('quarantines a snapshot at another seq than the resume ack announced, and applies the announced one', async () => {
    const log = operationLog(OP, 5);
    const server = await startServer({
      log,
      onResume: answerWithSnapshots(5, [
        snapshotMessage(OP, 3, stateAt(log, 3)),
        snapshotMessage(OP, 5, stateAt(log, 5)),
      ]),
    });
    const { core, storePath, close } = openCore(server);
    await until(() => core.ingest.committedSeq === 5, 'the announced snapshot to be applied');

    expect(core.state).toEqual(stateAt(log, 5));
    close();
    const disk = onDisk(storePath);
    expect(disk.position.lastSeq).toBe(5);
    expect(disk.quarantine.map((q) => q.reason)).toEqual([
      "snapshot: at seq 3, but the server's answer to our resume announced seq 5",
    ]);
  });

  it('quarantines a snapshot for another operation instead of dropping it unseen', async () => {
    const log = operationLog(OP, 5);
    const other = operationLog('JO-OTHER-1', 5);
    const server = await startServer({
      log,
      onResume: answerWithSnapshots(5, [
        snapshotMessage('JO-OTHER-1', 5, stateAt(other, 5)),
        snapshotMessage(OP, 5, stateAt(log, 5)),
      ]),
    });
    const { core, storePath, close } = openCore(server);
    await until(() => core.ingest.committedSeq === 5, 'the snapshot of our operation to be applied');

    expect(core.state.operation?.operationId).toBe(OP);
    close();
    const disk = onDisk(storePath);
    expect(disk.state.operation?.operationId).toBe(OP);
    expect(disk.quarantine.map((q) => q.reason)).toEqual([`snapshot: for operation JO-OTHER-1, not ${OP}`]);
  });

  it('applies a batch the server sends again only once, even after an unasked snapshot that rewinds', async () => {
    const log = operationLog(OP, 7);
    const server = await startServer({ log: log.slice(0, 5) });
    const { core, storePath, close } = openCore(server);
    await until(() => core.ingest.committedSeq === 5, 'the first five events');

    // The same batch again, then an overlapping one that carries two new events.
    server.connection.events(log.slice(0, 5));
    // A rewind to seq 1 nobody asked for, then the batch once more: it must not be applied again.
    server.connection.snapshot(snapshotMessage(OP, 1, stateAt(log, 1)));
    server.connection.events(log.slice(1, 5));
    server.connection.events(log.slice(2, 7));
    await until(() => core.ingest.committedSeq === 7, 'the two new events');

    expect(core.state).toEqual(stateAt(log, 7));
    expect(core.ingest.stats.committed).toBe(7);
    expect(core.ingest.stats.duplicates).toBe(5 + 4 + 3);
    close();
    const disk = onDisk(storePath);
    expect(disk.seqs).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(disk.state.units).toEqual(stateAt(log, 7).units);
  });

  it('shows a server that welcomes and never answers the resume as silent, and reconnects with growing backoff', async () => {
    // Heartbeats keep coming: the link looks alive, only the resume is never answered.
    const server = await startServer({ log: operationLog(OP, 3), heartbeatMs: 20, onResume: () => {} });
    const clock = new ManualClock();
    const random = () => 0.5;
    const { core } = openCore(server, { clock, random });
    await server.waitForMessage('resume', 0);
    const askedAt = clock.now();
    await until(() => core.status.link === 'connected', 'the welcome');
    expect(core.status.serverSilentSince).toBeNull();

    clock.advance(SERVER_SILENCE_MS - 1);
    expect(core.status).toMatchObject({ link: 'connected', serverSilentSince: null });
    clock.advance(1);
    expect(core.status.serverSilentSince).toBe(askedAt);
    expect(core.status.link).not.toBe('connected');
    expect(core.status.linkError?.text).toMatch(/^no answer to our resume from the server for 15 s$/);

    // Reconnects after the first backoff delay; the welcome alone does not end the silence.
    clock.advance(backoffDelay(0, DEFAULT_BACKOFF, random));
    await server.waitForMessage('resume', 1);
    await until(() => core.status.link === 'connected', 'the second welcome');
    expect(core.status.serverSilentSince).toBe(askedAt);

    // Silent again: the next wait is the second delay of the policy, not the first again.
    clock.advance(SERVER_SILENCE_MS);
    expect(core.status.link).not.toBe('connected');
    clock.advance(backoffDelay(1, DEFAULT_BACKOFF, random) - 1);
    expect(core.status.link).toBe('offline');
    expect(server.connections).toHaveLength(2);

    // The server answers at last: the silence ends and the operation comes in.
    server.onResume = (request, context) => server.serveResume(request, context);
    clock.advance(1);
    // The ingest commits on the injected clock.
    await until(() => {
      clock.advance(100);
      return core.status.serverSilentSince === null && core.ingest.committedSeq === 3;
    }, 'the operation after the silence');
    expect(core.status.link).toBe('connected');
    expect(server.connections).toHaveLength(3);
  });

  it('shows a server that accepts the connection and never says a word as silent', async () => {
    const server = await startServer({ autoWelcome: false });
    const clock = new ManualClock();
    const { core } = openCore(server, { clock, random: () => 0.5 });
    const timers = clock.pending;
    await server.waitForConnection();
    // The client arms its watchdog when its socket connects.
    await until(() => clock.pending > timers, 'the client to arm its watchdog as its socket connects');
    const connectedAt = clock.now();

    clock.advance(SERVER_SILENCE_MS - 1);
    expect(core.status.serverSilentSince).toBeNull();
    clock.advance(1);
    expect(core.status).toMatchObject({
      link: 'offline',
      serverSilentSince: connectedAt,
      linkError: { code: 'link.noMessage', text: 'no message from the server for 15 s' },
    });
    clock.advance(backoffDelay(0, DEFAULT_BACKOFF, () => 0.5));
    await server.waitForConnection(2);
  });
});
