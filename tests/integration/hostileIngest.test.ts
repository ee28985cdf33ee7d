import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/Core';
import { ManualClock } from '../../electron/core/clock';
import { MAX_ASKS } from '../../electron/core/Ingest';
import { operationLog, unitUpserted } from '../hostile/events';
import { HostileServer, type HostileServerOptions } from '../hostile/hostileServer';
import { until } from './until';
import { readStoreOf, storedEvents } from './storeOfCore';

const OPERATION = 'JO-HOSTILE-1';
const TOKEN = 'hostile-test-token';
let dir: string;
const servers: HostileServer[] = [];
const cores: Core[] = [];

async function startServer(options: HostileServerOptions): Promise<HostileServer> {
  const server = await HostileServer.start({ token: TOKEN, operationId: OPERATION, ...options });
  servers.push(server);
  return server;
}

function openCore(server: HostileServer, clock?: ManualClock): Core {
  const core = Core.open({
    storePath: join(dir, 'store.sqlite'),
    operator: 'Officer Test',
    feed: { url: server.url, token: TOKEN },
    deltaIntervalMs: 20,
    ...(clock ? { clock } : {}),
  });
  cores.push(core);
  return core;
}

/** An operation of ten events whose seq 5 is replaced by `bad`. */
function logWithBadFifth(bad: (good: Record<string, unknown>) => unknown): unknown[] {
  const log: unknown[] = operationLog(OPERATION, 10);
  log[4] = bad(log[4] as Record<string, unknown>);
  return log;
}

/**
 * Resolves once the server has everything the core sent so far: a command goes out after any
 * resume already sent, and one connection keeps its order.
 */
async function barrier(core: Core, server: HostileServer): Promise<void> {
  const sent = server.messages('command').length;
  core.addBookmark('barrier', core.status.lastEventAt ?? Date.now());
  await server.waitForMessage('command', sent);
}

/** The gap fills a server received: resumes with an `untilSeq`. */
function gapFills(server: HostileServer): unknown[] {
  return server.resumes.filter((r) => (r as { untilSeq?: unknown }).untilSeq !== undefined);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-hostile-ingest-'));
});

afterEach(async () => {
  for (const c of cores.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('core against a server that sends one bad event', () => {
  it('skips a seq whose every copy fails the structure check, names it, and follows the live stream past it', async () => {
    // A forbidden key deep in the payload: refused by checkStructure before any schema, in every copy.
    const server = await startServer({
      log: logWithBadFifth((good) => ({
        ...good,
        payload: {
          ...(good.payload as object),
          extra: JSON.parse('{"constructor": {"prototype": 1}}') as unknown,
        },
      })),
    });
    const core = openCore(server);
    await until(() => core.status.lastSeq === 10, 'the picture past the bad seq 5');
    expect(core.status.skippedEvents.total).toBe(1);
    const [skip] = core.status.skippedEvents.recent;
    expect(skip).toMatchObject({ seq: 5 });
    expect(skip!.reason).toContain('a forbidden key "constructor"');
    // Its one re-ask asked for seq 5 alone, not for what followed it.
    expect(gapFills(server)).toEqual([{ operationId: OPERATION, afterSeq: 4, untilSeq: 5 }]);
    expect(storedEvents(core, 4, 1).map((e) => [e.seq, e.type, e.known])).toEqual([
      [5, 'invalid.unit.upserted', false],
    ]);

    // Heartbeats ask for nothing more, and live events go on being applied.
    const connection = server.connections[0]!;
    connection.heartbeat();
    connection.heartbeat();
    server.append(unitUpserted(OPERATION, 11), unitUpserted(OPERATION, 12));
    await until(() => core.status.lastSeq === 12, 'the live events after the skip');
    await barrier(core, server);
    expect(gapFills(server)).toHaveLength(1);
    expect(core.status.quarantineCount).toBe(2);
    expect(Object.keys(core.state.units)).toEqual([
      'U0002',
      'U0003',
      'U0004',
      'U0006',
      'U0007',
      'U0008',
      'U0009',
      'U0010',
      'U0011',
      'U0012',
    ]);
    expect(readStoreOf(core, (s) => s.quarantine.entries(1))[0]!.raw).toContain(
      '"extra":{"constructor":{"prototype":1}}',
    );
  });

  it('gives up on a seq that comes back unreadable after a bounded number of asks, each for that seq alone', async () => {
    const unreadable = (good: Record<string, unknown>) => ({ ...good, seq: 'five' });
    const log = logWithBadFifth(unreadable);
    const server = await startServer({
      log,
      // Every gap fill is answered, with the same unreadable copy: the server's own copy is bad.
      onResume: (request, context) => {
        server.serveResume(request, context);
        if ((request as { untilSeq?: unknown }).untilSeq !== undefined) context.connection.events([log[4]]);
      },
    });
    const clock = new ManualClock(Date.now());
    const core = openCore(server, clock);
    /** Waits for `check`, moving the fake clock a little so the core's batching timers fire. */
    const settle = (check: () => boolean, what: string) =>
      until(() => {
        clock.advance(10);
        return check();
      }, what);

    // The log's own resume answer leaves out the copy whose seq it cannot read: a hole at 5.
    await settle(() => core.status.quarantineCount === 1, 'the answer to the first ask');
    const connection = server.connections[0]!;
    for (let ask = 2; ask <= MAX_ASKS; ask++) {
      expect(core.status.lastSeq).toBe(4);
      clock.advance(5000);
      connection.heartbeat({ lastSeq: 10 });
      await settle(() => core.status.quarantineCount === ask, `the answer to ask ${ask}`);
    }
    await settle(() => core.status.lastSeq === 10, 'the picture past seq 5');
    expect(gapFills(server)).toEqual(
      Array.from({ length: MAX_ASKS }, () => ({ operationId: OPERATION, afterSeq: 4, untilSeq: 5 })),
    );
    expect(core.status.skippedEvents.recent.map((s) => s.seq)).toEqual([5]);
    expect(storedEvents(core, 4, 1).map((e) => [e.seq, e.type, e.known])).toEqual([
      [5, 'invalid.unreadable', false],
    ]);
    // Nothing further is asked for once the picture has moved on.
    clock.advance(5000);
    connection.heartbeat();
    connection.heartbeat();
    server.append(unitUpserted(OPERATION, 11));
    await settle(() => core.status.lastSeq === 11, 'a live event after the skip');
    await barrier(core, server);
    expect(gapFills(server)).toHaveLength(MAX_ASKS);
  });
});
