import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyEvents } from '../../shared/applyEvent';
import { getEmptyState, type OperationState } from '../../shared/state';
import { SimulatorServer, type SimulatorOptions } from '../../simulator/server';
import { defaultScenarioConfig } from '../../simulator/scenario';
import { TestClient } from './testClient';

const HOUR = 3_600_000;
let dir: string;
const servers: SimulatorServer[] = [];
const clients: TestClient[] = [];

function config(overrides: Partial<SimulatorOptions> = {}): SimulatorOptions {
  return {
    port: 0,
    token: 'test-token',
    scenario: defaultScenarioConfig({
      seed: 11,
      units: 60,
      incidentsPerHour: 40,
      startAt: Date.UTC(2026, 9, 5, 6),
    }),
    speed: 0,
    logPath: join(dir, 'sim.sqlite'),
    heartbeatMs: 200,
    ...overrides,
  };
}

async function start(overrides: Partial<SimulatorOptions> = {}): Promise<SimulatorServer> {
  const server = await SimulatorServer.start(config(overrides));
  servers.push(server);
  return server;
}

function connect(
  server: SimulatorServer,
  options: ConstructorParameters<typeof TestClient>[1] = {},
): TestClient {
  const client = new TestClient(server.url, options);
  clients.push(client);
  return client;
}

/** The test scenario with acknowledging left to the officers, so commands find incidents to act on. */
function officersAcknowledge(): SimulatorOptions['scenario'] {
  return { ...config().scenario, autoAcknowledge: false };
}

/** Connects and resumes from 0, as every real client does first. */
async function subscribe(server: SimulatorServer): Promise<TestClient> {
  const client = connect(server);
  await client.until(() => client.welcomes.length > 0, 'welcome');
  const ack = await client.resume(server.options.scenario.operationId, 0);
  expect(ack).toMatchObject({ ok: true, mode: 'events', fromSeq: 1 });
  await client.until(() => client.validCount() >= server.lastSeq, 'the initial replay');
  return client;
}

/** Strips what JSON does not carry (undefined keys), so states from both ends compare. */
function plain(state: OperationState): unknown {
  return JSON.parse(JSON.stringify(state)) as unknown;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-sim-'));
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('reference server: handshake', () => {
  it('refuses a wrong token with a clear reason', async () => {
    const server = await start();
    const client = connect(server, { token: 'not-the-token', reconnection: false });
    const error = await client.connectError();
    expect(error.data).toEqual({
      code: 'unauthorized',
      message: 'The access token was refused by the operations server.',
    });
    expect(client.socket.connected).toBe(false);
  });

  it('refuses another protocol version and says which one it speaks', async () => {
    const server = await start();
    const client = connect(server, { protocol: 2, reconnection: false });
    const error = await client.connectError();
    expect(error.data?.code).toBe('protocol_mismatch');
    expect(error.data?.message).toContain('protocol 1');
  });

  it('welcomes a client with what it holds', async () => {
    const server = await start();
    const client = connect(server);
    await client.until(() => client.welcomes.length > 0, 'welcome');
    expect(client.welcomes[0]).toMatchObject({
      protocol: 1,
      operationId: 'JO-WB-11',
      lastSeq: server.lastSeq,
      oldestSeq: 1,
    });
  });
});

describe('reference server: stream', () => {
  it('replays from 0 with contiguous seqs that all validate, then streams live', async () => {
    const server = await start();
    const client = await subscribe(server);
    server.advanceBy(HOUR);
    await client.until(() => client.validCount() === server.lastSeq, 'live events');
    const events = client.validEvents();
    expect(client.invalidCount()).toBe(0);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: server.lastSeq }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    // Operation time never runs backwards along the log.
    for (let i = 1; i < events.length; i++) expect(events[i]!.ts).toBeGreaterThanOrEqual(events[i - 1]!.ts);
    const types = new Set(events.map((e) => e.type));
    for (const t of [
      'operation.started',
      'sector.upserted',
      'crossing.upserted',
      'unit.upserted',
      'unit.position',
      'incident.reported',
      'incident.acknowledged',
      'incident.assigned',
      'unit.status_changed',
    ]) {
      expect(types, t).toContain(t);
    }
  });

  it("folding the stream gives the server's own state", async () => {
    const server = await start();
    const client = await subscribe(server);
    for (let i = 0; i < 6; i++) server.advanceBy(HOUR);
    await client.until(() => client.validCount() === server.lastSeq, 'six hours of events');
    const folded = applyEvents(getEmptyState(), client.validEvents());
    expect(plain(folded)).toEqual(plain(server.state));
    const incidents = Object.values(folded.incidents);
    expect(incidents.some((i) => i.status === 'closed')).toBe(true);
    expect(incidents.some((i) => i.readmission !== undefined)).toBe(true);
  });

  it('answers a client that is too far behind with a snapshot that equals the state', async () => {
    const server = await start({ retainEvents: 500 });
    for (let i = 0; i < 4; i++) server.advanceBy(HOUR);
    expect(server.oldestSeq).toBeGreaterThan(1);
    const client = connect(server);
    await client.until(() => client.welcomes.length > 0, 'welcome');
    const ack = await client.resume(server.options.scenario.operationId, 10);
    expect(ack).toEqual({ ok: true, mode: 'snapshot', seq: server.lastSeq });
    await client.until(() => client.snapshots.length > 0, 'snapshot');
    expect(client.snapshots[0]!.state).toEqual(plain(server.state));
    // ...and then streams live from there.
    const before = server.lastSeq;
    server.advanceBy(10 * 60_000);
    await client.until(() => client.has(server.lastSeq), 'live after snapshot');
    expect(Math.min(...client.validEvents().map((e) => e.seq))).toBe(before + 1);
  });

  it('fills a gap on request without changing the live subscription', async () => {
    const server = await start();
    const client = await subscribe(server);
    const count = client.received.length;
    const ack = await client.resume(server.options.scenario.operationId, 4, 9);
    expect(ack).toEqual({ ok: true, mode: 'events', fromSeq: 5, toSeq: 9 });
    await client.until(() => client.received.length === count + 5, 'the gap fill');
    expect(client.received.slice(count).map((e) => (e as { seq: number }).seq)).toEqual([5, 6, 7, 8, 9]);
  });

  it('answers a too-old gap fill with a snapshot without subscribing the connection (§6.1)', async () => {
    const server = await start({ retainEvents: 500 });
    for (let i = 0; i < 4; i++) server.advanceBy(HOUR);
    const client = connect(server);
    await client.until(() => client.welcomes.length > 0, 'welcome');
    const ack = await client.resume(server.options.scenario.operationId, 10, 20);
    expect(ack).toEqual({ ok: true, mode: 'snapshot', seq: server.lastSeq });
    await client.until(() => client.snapshots.length > 0, 'snapshot');
    expect(server.subscribedCount).toBe(0);
    // A plain resume is what subscribes; the gap fill did not, so nothing live reached the client.
    const before = client.received.length;
    server.advanceBy(10 * 60_000);
    await client.resume(server.options.scenario.operationId, server.lastSeq);
    expect(server.subscribedCount).toBe(1);
    expect(client.received.length).toBe(before);
  });

  it('keeps its log across a restart and continues the seqs', async () => {
    const server = await start();
    server.advanceBy(2 * HOUR);
    const lastBefore = server.lastSeq;
    const stateBefore = plain(server.state);
    await server.restart();
    expect(server.lastSeq).toBe(lastBefore);
    expect(plain(server.state)).toEqual(stateBefore);
    server.advanceBy(HOUR);
    expect(server.lastSeq).toBeGreaterThan(lastBefore);
    const client = await subscribe(server);
    const events = client.validEvents();
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: server.lastSeq }, (_, i) => i + 1));
    expect(plain(applyEvents(getEmptyState(), events))).toEqual(plain(server.state));
  });
});

describe('reference server: commands', () => {
  it('acknowledges a command with the events it caused, and applies a repeated id once', async () => {
    const server = await start({
      scenario: officersAcknowledge(),
    });
    server.advanceBy(HOUR);
    const client = await subscribe(server);
    const incident = Object.values(server.state.incidents).find((i) => i.status === 'reported');
    expect(incident).toBeDefined();
    const command = {
      id: 'cmd-ack-1',
      type: 'incident.acknowledge',
      by: 'Officer Horvat',
      payload: { incidentId: incident!.incidentId },
    };
    const first = await client.command(command);
    expect(first).toEqual({ ok: true, commandId: 'cmd-ack-1', seqs: [server.lastSeq], duplicate: false });
    const again = await client.command(command);
    expect(again).toEqual({
      ok: true,
      commandId: 'cmd-ack-1',
      seqs: first.ok ? first.seqs : [],
      duplicate: true,
    });
    await client.until(() => client.has(server.lastSeq), 'the resulting event');
    const acks = client
      .validEvents()
      .filter((e) => e.type === 'incident.acknowledged' && e.payload.incidentId === incident!.incidentId);
    expect(acks).toHaveLength(1);
    expect(server.state.incidents[incident!.incidentId]).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: 'Officer Horvat',
    });
  });

  it('assigns a unit, which then responds to the incident', async () => {
    const server = await start({
      scenario: officersAcknowledge(),
    });
    server.advanceBy(HOUR);
    const client = await subscribe(server);
    const incident = Object.values(server.state.incidents).find((i) => i.status === 'reported' && i.sectorId);
    const unit = Object.values(server.state.units).find(
      (u) => u.sectorId === incident!.sectorId && u.kind !== 'fixed_post' && u.status === 'patrolling',
    );
    expect(unit).toBeDefined();
    const ack = await client.command({
      id: 'cmd-assign-1',
      type: 'incident.assign',
      by: 'JOC desk 2',
      payload: { incidentId: incident!.incidentId, unitIds: [unit!.unitId] },
    });
    expect(ack).toMatchObject({ ok: true, duplicate: false });
    expect(server.state.units[unit!.unitId]).toMatchObject({
      status: 'responding',
      incidentId: incident!.incidentId,
    });
    expect(server.state.incidents[incident!.incidentId]!.status).toBe('assigned');
    server.advanceBy(3 * HOUR);
    expect(['on_scene', 'patrolling']).toContain(server.state.units[unit!.unitId]!.status);
  });

  it('refuses bad and impossible commands with a reason', async () => {
    const server = await start();
    const client = await subscribe(server);
    const bad = await client.command({
      id: 'cmd-x',
      type: 'incident.acknowledge',
      by: 'x',
      payload: { incidentId: 42 },
    });
    expect(bad).toMatchObject({ ok: false, commandId: 'cmd-x', error: { code: 'bad_request' } });
    const unknown = await client.command({ id: 'cmd-y', type: 'incident.delete', by: 'x', payload: {} });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const missing = await client.command({
      id: 'cmd-z',
      type: 'incident.acknowledge',
      by: 'x',
      payload: { incidentId: 'INC-NOPE' },
    });
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'rejected', message: 'no incident INC-NOPE' },
    });
    const sector = Object.keys(server.state.sectors)[0]!;
    const impact = await client.command({
      id: 'cmd-i',
      type: 'sector.set_impact',
      by: 'Commander',
      payload: { sectorId: sector, impactLevel: 'critical', reason: 'Large group expected' },
    });
    expect(impact).toMatchObject({ ok: true });
    expect(server.state.sectors[sector]).toMatchObject({
      impactLevel: 'critical',
      impactReason: 'Large group expected',
    });
  });
});

describe('reference server: faults on request', () => {
  it('duplicates live events', async () => {
    const server = await start({ faults: { duplicateRate: 1 } });
    const client = await subscribe(server);
    const before = client.received.length;
    const produced = server.advanceBy(HOUR);
    await client.until(() => client.received.length >= before + 2 * produced, 'duplicated events');
    expect(client.received.length - before).toBe(2 * produced);
    expect(server.faultStats.duplicates).toBe(produced);
  });

  it('reorders live events', async () => {
    const server = await start({ faults: { reorderRate: 0.3, seed: 3 } });
    const client = await subscribe(server);
    const before = client.received.length;
    const produced = server.advanceBy(HOUR);
    await client.until(() => client.received.length >= before + produced, 'reordered events');
    const seqs = client.received.slice(before).map((e) => (e as { seq: number }).seq);
    const inversions = seqs.filter((s, i) => i > 0 && s < seqs[i - 1]!).length;
    expect(inversions).toBe(server.faultStats.reorders);
    expect(inversions).toBeGreaterThan(0);
    expect([...seqs].sort((a, b) => a - b)).toEqual(
      Array.from({ length: produced }, (_, i) => server.lastSeq - produced + i + 1),
    );
  });

  it('leaves gaps that resume can fill', async () => {
    const server = await start({ faults: { gapRate: 0.1, seed: 5 } });
    const client = await subscribe(server);
    const from = server.lastSeq;
    const produced = server.advanceBy(HOUR);
    await client.until(() => client.received.length >= client.validCount(), 'settle');
    await client.until(
      () => client.validCount() === from + produced - server.faultStats.gaps,
      'the damaged stream',
    );
    expect(server.faultStats.gaps).toBeGreaterThan(0);
    const ack = await client.resume(server.options.scenario.operationId, from, server.lastSeq);
    expect(ack.ok).toBe(true);
    await client.until(() => client.validCount() === server.lastSeq, 'the repaired stream');
  });

  it('sends malformed messages, all of which fail validation', async () => {
    const server = await start({ faults: { malformedRate: 0.2, seed: 9 } });
    const client = await subscribe(server);
    const produced = server.advanceBy(HOUR);
    await client.until(
      () => client.received.length + client.badBatches.length >= server.lastSeq + server.faultStats.malformed,
      'malformed messages',
    );
    expect(server.faultStats.malformed).toBeGreaterThan(produced * 0.1);
    expect(client.invalidCount() + client.badBatches.length).toBe(server.faultStats.malformed);
    // The good events all arrived and fold to the server's state.
    expect(plain(applyEvents(getEmptyState(), client.validEvents()))).toEqual(plain(server.state));
  });

  it('drops connections; the client reconnects', async () => {
    const server = await start({ faults: { dropEverySec: 0.3 } });
    const client = connect(server);
    await client.until(() => client.welcomes.length >= 3, 'three connections');
    expect(client.disconnects.filter((r) => r === 'transport close').length).toBeGreaterThanOrEqual(2);
    expect(server.faultStats.drops).toBeGreaterThanOrEqual(2);
  });

  it('restarts itself and keeps its seqs', async () => {
    const server = await start({ faults: { restartEverySec: 0.5 } });
    server.advanceBy(HOUR);
    const last = server.lastSeq;
    const client = connect(server);
    await client.until(() => client.welcomes.length >= 2, 'a reconnection after a restart', 20_000);
    expect(server.faultStats.restarts).toBeGreaterThanOrEqual(1);
    expect(client.welcomes.at(-1)!.lastSeq).toBe(last);
  });
});
