import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/Core';
import type { HostContract } from '../../electron/core/hostContract';
import { applyEvents } from '../../shared/applyEvent';
import { getEmptyState } from '../../shared/state';
import { zoneCoverage } from '../../shared/zone';
import type { SimulatorServer } from '../../simulator/server';
import type { EventDraft } from '../../simulator/scenario';
import { startOperation, type TestOperation } from './operation';
import { storedEvents } from './storeOfCore';
import { TestClient } from './testClient';
import { until } from './until';
import { zoneRules } from '../../shared/zone.fixture';

/**
 * Watch zones through the real reference server and a real store: an officer makes a zone
 * through the outbox, a unit of the watched kind comes into it, and both this workstation and
 * another client of the operation (folding the events it receives with the same reducer) see the
 * same entry alert and the same coverage; replay shows it at the time of the entry; a deletion
 * reaches everyone.
 */

const MINUTE = 60_000;
// Far from the scenario's sectors, so that no simulated unit wanders into it.
const AREA: [number, number][] = [
  [15.0, 47.0],
  [15.2, 47.0],
  [15.2, 47.2],
  [15.0, 47.2],
];
const BOAT = 'U-ZONE-BOAT';
let op: TestOperation;
let server: SimulatorServer;
let core: Core;
let contract: HostContract;
let other: TestClient;
let zoneId = '';
let entryAt = 0;

async function sent(outcome: Promise<{ ok: boolean; value?: { commandId: string } }>): Promise<string> {
  const result = await outcome;
  expect(result.ok).toBe(true);
  return result.value?.commandId ?? '';
}

const otherPicture = () => applyEvents(getEmptyState(), other.validEvents());

beforeAll(async () => {
  op = await startOperation({
    name: 'zones',
    operator: 'Insp. Jelena Marković, JOCC Zvornik',
    scenario: { incidentsPerHour: 0 },
  });
  ({ server, core, contract } = op);
  other = new TestClient(server.url, { token: 'zones-token' });
  await other.until(() => other.welcomes.length > 0, 'the other client');
  await other.resume(other.welcomes[0]!.operationId, 0);
}, 60_000);

afterAll(async () => {
  other?.close();
  await op?.close();
});

describe('watch zones', () => {
  it('makes a zone through the outbox that every client holds, in breach of "at least one boat"', async () => {
    zoneId = await sent(
      contract.invoke('ops:issue', {
        type: 'zone.create',
        payload: {
          name: 'Lake landing',
          area: { kind: 'polygon', coordinates: AREA },
          ...zoneRules({ unitKinds: ['boat'], coverage: [{ rule: 'at_least', count: 1, unitKind: 'boat' }] }),
        },
      }),
    );
    await until(() => core.state.zones[zoneId] !== undefined, 'the zone');
    const zone = core.state.zones[zoneId]!;
    expect(zone).toMatchObject({
      name: 'Lake landing',
      author: 'Insp. Jelena Marković, JOCC Zvornik',
      alerts: [],
    });
    expect(zoneCoverage(zone, server.operationTime)).toMatchObject([{ ruleIndex: 0, since: zone.createdAt }]);
    await other.until(() => otherPicture().zones[zoneId] !== undefined, 'the zone at the other client');
    await until(() => op.inStep(), 'in step');
    expect(storedEvents(core).filter((e) => e.type === 'zone.created')).toHaveLength(1);
  });

  it('refuses a zone over a sector the operation does not have, with the reason', async () => {
    const id = await sent(
      contract.invoke('ops:issue', {
        type: 'zone.create',
        payload: {
          name: 'Nowhere',
          area: { kind: 'sector', sectorId: 'XX-NOPE' },
          ...zoneRules({ onExit: false }),
        },
      }),
    );
    const entry = () => core.commands.list().find((e) => e.commandId === id);
    await until(() => entry()?.status !== 'pending', 'the answer');
    expect(entry()?.lastError).toMatch(/no sector XX-NOPE/);
  });

  it('raises the entry of a boat at both clients, and the breach ends there and here', async () => {
    server.advanceBy(5 * MINUTE);
    entryAt = server.operationTime;
    const drafts: EventDraft[] = [
      {
        ts: entryAt,
        type: 'unit.upserted',
        payload: {
          unitId: BOAT,
          callsign: 'Boat 7',
          agency: 'border_police',
          organisation: 'Border Police',
          country: 'RS',
          kind: 'boat',
          status: 'patrolling',
        },
      },
      {
        ts: entryAt,
        type: 'unit.position',
        payload: {
          unitId: BOAT,
          lon: 14.9,
          lat: 47.1,
          heading: 90,
          speed: 4,
          accuracy: 5,
          at: entryAt - MINUTE,
        },
      },
      {
        ts: entryAt,
        type: 'unit.position',
        payload: { unitId: BOAT, lon: 15.1, lat: 47.1, heading: 90, speed: 4, accuracy: 5, at: entryAt },
      },
    ];
    server.inject(drafts);
    const alert = { at: entryAt, kind: 'entry', unitId: BOAT };
    await until(() => (core.state.zones[zoneId]?.alerts.length ?? 0) > 0, 'the entry here');
    expect(core.state.zones[zoneId]?.alerts).toEqual([alert]);
    expect(zoneCoverage(core.state.zones[zoneId]!, entryAt)).toEqual([]);
    await other.until(() => (otherPicture().zones[zoneId]?.alerts.length ?? 0) > 0, 'the entry there');
    expect(otherPicture().zones[zoneId]).toEqual(core.state.zones[zoneId]);
  });

  it('shows the alert in a replay from the entry on, and not before', async () => {
    await until(() => op.inStep(), 'in step');
    const zoneAt = async (ms: number) => {
      const seek = await contract.invoke('replay:seek', {
        at: ms,
        trailWindowMs: 0,
        exact: true,
        fresh: true,
      });
      if (!seek.ok) throw new Error(seek.error);
      return seek.value.state?.zones[zoneId];
    };
    expect((await zoneAt(entryAt - 1))?.alerts).toEqual([]);
    expect(await zoneAt(entryAt)).toEqual(core.state.zones[zoneId]);
    await contract.invoke('replay:useLive', {});
  });

  it('lists in the after-action report the breach that began at the making and ended at the entry', async () => {
    await until(() => op.inStep(), 'in step');
    const file = await contract.invoke('export:write', { kind: 'report.html' });
    if (!file.ok) throw new Error(file.error);
    const html = readFileSync(file.value.path, 'utf8');
    const rows = html.match(/<tr class="zone-breach">.*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(1);
    const minute = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    const madeAt = core.state.zones[zoneId]!.createdAt;
    expect(rows[0]).toContain('Lake landing');
    expect(rows[0]).toContain('at least 1 × boat inside');
    expect(rows[0]).toContain(`${minute(madeAt)} UTC</td><td class="time">`);
    expect(rows[0]).toContain(
      `<td class="time">${new Date(entryAt).toISOString().slice(0, 10)} ${minute(entryAt)} UTC`,
    );
    expect(html).toContain('Boat 7 came in');
  });

  it('deletes the zone for everyone', async () => {
    server.advanceBy(MINUTE);
    await sent(contract.invoke('ops:issue', { type: 'zone.delete', payload: { zoneId } }));
    await until(() => core.state.zones[zoneId]?.deletedAt != null, 'the deletion');
    await other.until(() => otherPicture().zones[zoneId]?.deletedAt != null, 'the deletion there');
    expect(zoneCoverage(core.state.zones[zoneId]!, server.operationTime + MINUTE)).toEqual([]);
  });
});
