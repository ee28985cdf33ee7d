import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core, type CoreOptions } from '../../electron/core/Core';
import { ManualClock } from '../../electron/core/clock';
import { defaultScenarioConfig } from '../../simulator/scenario';
import { SimulatorServer, type SimulatorOptions } from '../../simulator/server';
import type { OperationState } from '../../shared/state';
import { until as waitUntil } from './until';
import { readStoreOf } from './storeOfCore';

const until = (check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> =>
  waitUntil(check, what, timeoutMs);

const HOUR = 3_600_000;
const FAST_BACKOFF = { initialMs: 20, maxMs: 250, factor: 2, jitter: 0.5 };

const MINUTE = 60_000;

/**
 * The 15-minute trails a seek reads (the per-minute trail table kept at ingest) are each unit's
 * last stored report of each minute, as the full read of every report (exports, GPX) gives them:
 * after dropped links, duplicates, reorders and quarantined messages as on a clean feed.
 */
function expectTrailsFromReports(core: Core): void {
  readStoreOf(core, (store) => {
    const ids = Object.keys(core.state.units);
    const full = store.reader.tracks(ids, 0, Number.MAX_SAFE_INTEGER);
    let newest = -Infinity;
    for (const points of full.values()) newest = Math.max(newest, points.at(-1)?.ts ?? -Infinity);
    expect(newest).toBeGreaterThan(0);
    const from = newest - 15 * MINUTE;
    const expected: Record<string, { ts: number; lon: number; lat: number }[]> = {};
    for (const [id, points] of full) {
      const inWindow = points.filter((p) => p.ts >= from && p.ts <= newest);
      const kept = inWindow.filter((p, i) => {
        const next = inWindow[i + 1];
        return !next || Math.floor(next.ts / MINUTE) !== Math.floor(p.ts / MINUTE);
      });
      if (kept.length > 0) expected[id] = kept.map(({ ts, lon, lat }) => ({ ts, lon, lat }));
    }
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    const trails = store.reader.trailsBetween(from, newest, ids);
    expect(Object.fromEntries(Object.entries(trails).filter(([, t]) => t.length > 0))).toEqual(expected);
  });
}
let dir: string;
const servers: SimulatorServer[] = [];
const cores: Core[] = [];

async function startServer(overrides: Partial<SimulatorOptions> = {}): Promise<SimulatorServer> {
  const server = await SimulatorServer.start({
    port: 0,
    token: 'test-token',
    scenario: defaultScenarioConfig({
      seed: 21,
      units: 100,
      incidentsPerHour: 60,
      startAt: Date.UTC(2026, 9, 5, 6),
    }),
    speed: 0,
    logPath: join(dir, 'server.sqlite'),
    heartbeatMs: 250,
    ...overrides,
  });
  servers.push(server);
  return server;
}

function openCore(server: SimulatorServer | null, overrides: Partial<CoreOptions> = {}): Core {
  const core = Core.open({
    storePath: join(dir, 'store.sqlite'),
    operator: 'Officer Kovač',
    ...(server ? { feed: { url: server.url, token: 'test-token' } } : {}),
    deltaIntervalMs: 20,
    feedTimings: { backoff: FAST_BACKOFF, silenceMs: 3000 },
    ...overrides,
  });
  cores.push(core);
  return core;
}

function plain(state: OperationState): unknown {
  return JSON.parse(JSON.stringify(state)) as unknown;
}

/** The local log holds exactly the server's seqs from `from` on, and the state is the server's. */
function expectInStep(core: Core, server: SimulatorServer, from = 1): void {
  const seqs = readStoreOf(core, (s) => s.liveLog.allSeqs()).filter((s) => s >= from);
  expect(seqs.length).toBe(server.lastSeq - from + 1);
  expect(seqs[0]).toBe(from);
  expect(seqs.at(-1)).toBe(server.lastSeq);
  expect(plain(core.state)).toEqual(plain(server.state));
  // The stored current state is the same picture, so an offline start shows it.
  expect(plain(core.replaySource().loadState().state)).toEqual(plain(server.state));
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-core-'));
});

afterEach(async () => {
  for (const c of cores.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('core against the reference server', () => {
  it('survives 100 dropped links in a 500+ events/s stream with duplicates, reorders and gaps', async () => {
    const server = await startServer({
      speed: 120,
      tickMs: 50,
      faults: { dropEverySec: 0.12, duplicateRate: 0.05, reorderRate: 0.05, gapRate: 0.02, seed: 4 },
    });
    const core = openCore(server);
    const startedAt = Date.now();
    const firstSeq = server.lastSeq;
    await until(() => server.faultStats.drops >= 100, '100 dropped links', 120_000);
    const rate = (server.lastSeq - firstSeq) / ((Date.now() - startedAt) / 1000);
    server.setFaults({});
    server.setSpeed(0);
    await until(() => core.status.lastSeq === server.lastSeq, 'the core to catch up');
    expect(rate).toBeGreaterThan(500);
    expect(
      server.faultStats.duplicates + server.faultStats.reorders + server.faultStats.gaps,
    ).toBeGreaterThan(100);
    expect(core.ingest.stats.duplicates).toBeGreaterThan(0);
    expect(core.ingest.stats.gapRequests).toBeGreaterThan(0);
    expectInStep(core, server);
    expectTrailsFromReports(core);
  }, 180_000);

  it('continues after a server restart, and rebuilds from a snapshot after an outage longer than the resume window', async () => {
    const server = await startServer({ speed: 0, retainEvents: 2000 });
    const core = openCore(server);
    await until(() => core.status.lastSeq === server.lastSeq, 'the set-up events');
    server.advanceBy(HOUR);
    await until(() => core.status.lastSeq === server.lastSeq, 'first sync');
    await server.restart();
    await until(() => server.subscribedCount === 1, 'the core to resume after the restart');
    server.advanceBy(HOUR);
    await until(() => core.status.lastSeq === server.lastSeq, 'sync after the restart');
    expectInStep(core, server);

    const lastSeen = core.status.lastSeq;
    core.close();
    for (let i = 0; i < 4; i++) server.advanceBy(HOUR); // far more than 2,000 events while away
    expect(server.oldestSeq).toBeGreaterThan(lastSeen + 1);
    const back = openCore(server);
    await until(() => back.status.lastSeq === server.lastSeq, 'the snapshot');
    expect(plain(back.state)).toEqual(plain(server.state));
    server.advanceBy(HOUR / 2);
    await until(() => back.status.lastSeq === server.lastSeq, 'live after the snapshot');
    expect(plain(back.state)).toEqual(plain(server.state));
    expect(back.replaySource().keyframeCount()).toBeGreaterThan(0);
  });

  it('follows a server that lost its log: its snapshot behind our seq replaces our timeline', async () => {
    const server = await startServer({ speed: 0, logPath: ':memory:' });
    const core = openCore(server);
    server.advanceBy(HOUR);
    await until(() => core.status.lastSeq === server.lastSeq, 'first sync');
    const before = core.status.lastSeq;
    await server.restart(); // an in-memory log: the server starts its operation again from seq 1
    expect(server.lastSeq).toBeLessThan(before);
    await until(() => server.subscribedCount === 1, 'the snapshot');
    server.advanceBy(HOUR / 2);
    await until(() => core.status.lastSeq === server.lastSeq, 'live on the new timeline');
    expect(plain(core.state)).toEqual(plain(server.state));
    expect(plain(core.replaySource().loadState().state)).toEqual(plain(server.state));
  });

  it('sends commands issued back to back without waiting for a reconnect', async () => {
    const server = await startServer({ speed: 0 });
    const core = openCore(server);
    await until(() => server.subscribedCount === 1, 'connection');
    const at = Date.UTC(2026, 9, 5, 7);
    for (let i = 0; i < 5; i++) core.addBookmark(`Mark ${i}`, at);
    await until(() => core.status.outboxDepth === 0, 'every bookmark sent', 10_000);
    expect(core.commands.list().map((e) => e.status)).toEqual(['acked', 'acked', 'acked', 'acked', 'acked']);
  });

  it('quarantines 10,000 malformed messages without losing or corrupting anything', async () => {
    const server = await startServer({ speed: 0, faults: { malformedRate: 0.6, seed: 17 } });
    const core = openCore(server);
    await until(() => core.status.link === 'connected', 'connection');
    while (server.faultStats.malformed < 10_000) server.advanceBy(HOUR / 4);
    await until(
      () =>
        core.status.lastSeq === server.lastSeq && core.status.quarantineCount === server.faultStats.malformed,
      'everything',
      90_000,
    );
    expect(core.status.quarantineCount).toBe(server.faultStats.malformed);
    expectInStep(core, server);
    expectTrailsFromReports(core);
    const sample = readStoreOf(core, (s) => s.quarantine.entries(5));
    expect(sample[0]!.reason.length).toBeGreaterThan(0);
  }, 120_000);

  it('keeps commands issued offline across a restart and applies each once after reconnecting', async () => {
    const server = await startServer({
      speed: 0,
      scenario: defaultScenarioConfig({
        seed: 21,
        units: 100,
        incidentsPerHour: 60,
        autoAcknowledge: false,
        startAt: Date.UTC(2026, 9, 5, 6),
      }),
    });
    let core = openCore(server);
    server.advanceBy(HOUR);
    await until(() => core.status.lastSeq === server.lastSeq, 'sync');
    const open = Object.values(core.state.incidents)
      .filter((i) => i.status === 'reported')
      .slice(0, 5);
    expect(open.length).toBe(5);
    core.close();
    await server.stop();

    // Offline: the last known picture is there, and the officer keeps working.
    core = openCore({ url: 'http://127.0.0.1:9' } as unknown as SimulatorServer);
    for (const incident of open)
      core.commands.issue('incident.acknowledge', { incidentId: incident.incidentId });
    core.commands.issue('incident.add_note', {
      incidentId: open[0]!.incidentId,
      text: 'Europol liaison informed; SIENA message sent.',
    });
    expect(core.status.outboxDepth).toBe(6);
    core.close();

    const restarted = await startServer({ speed: 0, port: server.port, scenario: server.options.scenario });
    core = openCore(restarted);
    await until(() => core.status.outboxDepth === 0, 'the outbox to drain');
    await until(() => core.status.lastSeq === restarted.lastSeq, 'the resulting events');
    for (const incident of open)
      expect(core.state.incidents[incident.incidentId]!.acknowledgedBy).toBe('Officer Kovač');
    expect(
      core.state.incidents[open[0]!.incidentId]!.notes.filter((n) => n.text.startsWith('Europol liaison')),
    ).toHaveLength(1);
    expect(core.commands.list().every((e) => e.status === 'acked')).toBe(true);
    expectInStep(core, restarted);
  });

  it('delivers each command exactly once while the link keeps dropping', async () => {
    const server = await startServer({ speed: 0, faults: { dropEverySec: 0.1 } });
    const core = openCore(server);
    server.advanceBy(HOUR);
    await until(() => core.status.lastSeq === server.lastSeq, 'sync');
    const incident = Object.values(core.state.incidents)[0]!;
    for (let i = 0; i < 30; i++)
      core.commands.issue('incident.add_note', { incidentId: incident.incidentId, text: `Note ${i}` });
    await until(() => core.status.outboxDepth === 0, 'all notes sent', 60_000);
    server.setFaults({});
    await until(() => core.status.lastSeq === server.lastSeq, 'the notes back as events');
    const notes = server.state.incidents[incident.incidentId]!.notes.filter((n) => /^Note \d+$/.test(n.text));
    expect(notes.map((n) => n.text).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `Note ${i}`).sort());
  }, 90_000);

  it('refuses a rejected command with the reason and keeps it out of the pending count', async () => {
    const server = await startServer({ speed: 0 });
    const core = openCore(server);
    await until(() => core.status.link === 'connected', 'connection');
    core.commands.issue('incident.acknowledge', { incidentId: 'INC-DOES-NOT-EXIST' });
    await until(() => core.status.outboxDepth === 0, 'the answer');
    expect(core.commands.list()[0]).toMatchObject({
      status: 'rejected',
      lastError: 'no incident INC-DOES-NOT-EXIST',
    });
    expect(() => core.commands.issue('incident.add_note', { incidentId: 'INC-1', text: '' })).toThrow(
      /not valid/,
    );
  });

  it('shows a clear reason when the token is refused, and stops retrying', async () => {
    const server = await startServer();
    const core = openCore(null, { feed: { url: server.url, token: 'wrong' } });
    await until(() => core.status.linkError !== null, 'the refusal');
    expect(core.status).toMatchObject({
      link: 'offline',
      linkFatal: true,
      linkError: {
        code: 'link.tokenRefused',
        text: 'The access token was refused by the operations server.',
      },
    });
  });

  it('starts offline from the store at once, showing the last picture and its age', async () => {
    const server = await startServer({ speed: 0 });
    const core = openCore(server);
    server.advanceBy(HOUR);
    await until(() => core.status.lastSeq === server.lastSeq, 'sync');
    const receivedAt = core.status.lastReceivedAt!;
    core.close();
    await server.stop();

    const clock = new ManualClock(receivedAt + 42 * 60_000);
    const offline = openCore(null, { clock });
    expect(plain(offline.state)).toEqual(plain(server.state));
    expect(offline.status).toMatchObject({
      link: 'offline',
      lastSeq: server.lastSeq,
      dataAgeMs: 42 * 60_000,
    });
    clock.advance(60_000);
    expect(offline.status.dataAgeMs).toBe(43 * 60_000);
  });
});

describe('core store under crashes', () => {
  // Each kill starts a core process (~3 s); the suite kills it 5 times, the soak in
  // `npm run bench -- crash-soak` 20 times (WATCHFLOOR_CRASH_KILLS).
  const KILLS = Number(process.env['WATCHFLOOR_CRASH_KILLS'] ?? 5);
  it(
    `survives ${KILLS} SIGKILLs during ingest: integrity ok, nothing shown is lost, ingest resumes`,
    async () => {
      const server = await startServer({ speed: 300, tickMs: 50 });
      const storePath = join(dir, 'crash.sqlite');
      let maxShown = 0;
      for (let kill = 0; kill < KILLS; kill++) {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'tests/integration/coreProcess.ts', server.url, storePath],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let shownThisRun = 0;
        let opened = -1;
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          for (const line of chunk.split('\n')) {
            const [word, value] = line.split(' ');
            if (word === 'SHOWN') shownThisRun = Math.max(shownThisRun, Number(value));
            if (word === 'OPEN') opened = Number(value);
          }
        });
        // Kill it mid-ingest: once it has shown something beyond where it started.
        await until(() => opened >= 0 && shownThisRun > opened, `run ${kill} to ingest`, 30_000);
        child.kill('SIGKILL');
        await new Promise((resolve) => child.once('exit', resolve));
        expect(opened).toBeGreaterThanOrEqual(maxShown);
        maxShown = Math.max(maxShown, shownThisRun);

        const db = new Database(storePath, { readonly: true });
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        // The log: position reports in their own table, every other event in `events`.
        const seqs = db
          .prepare('SELECT seq FROM events UNION ALL SELECT seq FROM positions ORDER BY seq')
          .pluck()
          .all() as number[];
        db.close();
        expect(seqs.at(-1)!).toBeGreaterThanOrEqual(maxShown);
        expect(seqs.length).toBe(seqs.at(-1)); // 1..N with no hole
      }
      server.setSpeed(0);
      const core = openCore(server, { storePath });
      await until(() => core.status.lastSeq === server.lastSeq, 'the final catch-up');
      expectInStep(core, server);
    },
    60_000 + KILLS * 10_000,
  );

  it('opens a large store left open by a crash at once, and says the check runs in the background', async () => {
    openCore(null).close();
    // What a crash leaves, in a store above the size whose check is left to the background.
    const raw = new Database(join(dir, 'store.sqlite'));
    raw.prepare("INSERT INTO settings (key, value) VALUES ('padding', zeroblob(70 * 1024 * 1024))").run();
    raw.prepare("UPDATE meta SET value = 'open' WHERE key = 'open_state'").run();
    raw.close();
    const core = openCore(null);
    expect(core.status.storeNotice?.text).toMatch(/being checked in the background/);
    const statuses: (string | null)[] = [];
    core.onStatus((status) => statuses.push(status.storeNotice?.text ?? null));
    await until(() => statuses.includes(null), 'the background check to find the store sound');
    expect(core.status.storeNotice).toBeNull();
  });

  it('refuses a second instance on the same store with a clear message', () => {
    const first = openCore(null);
    expect(() => openCore(null)).toThrow(/open in another Watchfloor window or process/);
    first.close();
    expect(() => openCore(null).close()).not.toThrow();
  });
});
