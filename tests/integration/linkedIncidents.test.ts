import { readFileSync } from 'node:fs';
import { parse } from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/Core';
import type { HostContract } from '../../electron/core/hostContract';
import type { SimulatorServer } from '../../simulator/server';
import { startOperation, type TestOperation } from './operation';
import { until } from './until';
import { storedEvents } from './storeOfCore';

/**
 * Incidents linked as one case, through the real reference server and a real store: an analyst
 * links three incidents from two sectors through the outbox, adds a fourth, takes one out; the
 * server refuses what cannot be; the links survive a dropped link with malformed messages, show in
 * a replay at the moments they were made (and not before), and reach the CSV and GeoJSON exports.
 */

const MINUTE = 60_000;
let op: TestOperation;
let server: SimulatorServer;
let core: Core;
let contract: HostContract;
let caseId = '';
const marks: Record<string, number> = {};
const inStep = (): boolean => op.inStep();

function report(incidentId: string, sectorId: string, minutesLater: number) {
  const at = server.operationTime + minutesLater * MINUTE;
  return {
    ts: at,
    type: 'incident.reported' as const,
    payload: {
      incidentId,
      category: 'migrant_smuggling' as const,
      priority: 2 as const,
      title: `Facilitator vehicle stopped (${incidentId})`,
      lon: 19.1,
      lat: 44.4,
      sectorId,
      reportedAt: at,
      partnerReferences: [{ kind: 'siena' as const, reference: `SIENA 2026/${incidentId}` }],
    },
  };
}

async function sent(outcome: Promise<{ ok: boolean; value?: { commandId: string } }>): Promise<string> {
  const result = await outcome;
  expect(result.ok).toBe(true);
  return result.value?.commandId ?? '';
}

function outboxEntry(commandId: string) {
  return core.commands.list().find((e) => e.commandId === commandId);
}

beforeAll(async () => {
  // No incidents of its own, so the only links are the test's.
  op = await startOperation({
    name: 'links',
    operator: 'Europol liaison, JOCC Zvornik',
    scenario: { incidentsPerHour: 0 },
  });
  ({ server, core, contract } = op);
  const sectors = Object.keys(core.state.sectors);
  server.inject([
    report('INC-L1', sectors[0]!, 0),
    report('INC-L2', sectors[1]!, 1),
    report('INC-L3', sectors[1]!, 2),
    report('INC-L4', sectors[2]!, 3),
  ]);
  server.advanceBy(5 * MINUTE);
  await until(() => core.state.incidents['INC-L4'] !== undefined && inStep(), 'the incidents');
}, 60_000);

afterAll(async () => {
  await op?.close();
});

describe('linked incidents', () => {
  it('opens a case through the outbox, adds to it and takes one out, with the analyst on record', async () => {
    caseId = await sent(
      contract.invoke('ops:issue', {
        type: 'incident.link',
        payload: {
          title: 'Network Drina',
          incidentIds: ['INC-L1', 'INC-L2', 'INC-L3'],
        },
      }),
    );
    await until(() => core.state.linkedCases[caseId] !== undefined, 'the case');
    expect(core.state.linkedCases[caseId]).toMatchObject({
      title: 'Network Drina',
      incidentIds: ['INC-L1', 'INC-L2', 'INC-L3'],
      openedBy: 'Europol liaison, JOCC Zvornik',
    });
    marks['opened'] = core.status.lastEventAt!;

    server.advanceBy(10 * MINUTE);
    await sent(
      contract.invoke('ops:issue', {
        type: 'incident.link',
        payload: { caseId, incidentIds: ['INC-L4', 'INC-L1'] },
      }),
    );
    await until(() => core.state.linkedCases[caseId]?.incidentIds.length === 4, 'the fourth incident');
    marks['added'] = core.status.lastEventAt!;

    server.advanceBy(10 * MINUTE);
    await sent(
      contract.invoke('ops:issue', { type: 'incident.unlink', payload: { caseId, incidentId: 'INC-L2' } }),
    );
    await until(() => !core.state.linkedCases[caseId]?.incidentIds.includes('INC-L2'), 'the unlink');
    expect(core.state.linkedCases[caseId]?.incidentIds).toEqual(['INC-L1', 'INC-L3', 'INC-L4']);
    marks['unlinked'] = core.status.lastEventAt!;
    await until(inStep, 'in step');
    expect(
      storedEvents(core)
        .filter((e) => e.type.startsWith('incident.linked') || e.type === 'incident.unlinked')
        .map((e) => e.type),
    ).toEqual(['incident.linked', 'incident.linked', 'incident.unlinked']);
  });

  it('has the server refuse what cannot be, and take a repeat as done', async () => {
    const unknown = await sent(
      contract.invoke('ops:issue', { type: 'incident.link', payload: { caseId, incidentIds: ['INC-NOPE'] } }),
    );
    const lonely = await sent(
      contract.invoke('ops:issue', {
        type: 'incident.link',
        payload: { title: 'Alone', incidentIds: ['INC-L1'] },
      }),
    );
    const noCase = await sent(
      contract.invoke('ops:issue', {
        type: 'incident.unlink',
        payload: { caseId: 'LC-NOPE', incidentId: 'INC-L1' },
      }),
    );
    const repeat = await sent(
      contract.invoke('ops:issue', { type: 'incident.link', payload: { caseId, incidentIds: ['INC-L3'] } }),
    );
    await until(
      () => [unknown, lonely, noCase, repeat].every((id) => outboxEntry(id)?.status !== 'pending'),
      'the answers',
    );
    expect(outboxEntry(unknown)?.lastError).toMatch(/no incident INC-NOPE/);
    expect(outboxEntry(lonely)?.lastError).toMatch(/two incidents or more/);
    expect(outboxEntry(noCase)?.lastError).toMatch(/no linked case LC-NOPE/);
    expect(outboxEntry(repeat)?.status).toBe('acked');
    await until(inStep, 'in step');
    expect(storedEvents(core).filter((e) => e.type === 'incident.linked')).toHaveLength(2);
    expect(Object.keys(core.state.linkedCases)).toEqual([caseId]);
  });

  it('keeps the links through a dropped link and malformed messages', async () => {
    server.advanceBy(10 * MINUTE);
    await until(inStep, 'in step');
    const quarantined = core.status.quarantineCount;
    server.setFaults({ malformedRate: 1 });
    server.dropConnections();
    // Linked while the link is down: the command waits in the outbox; a link the server makes
    // meanwhile (another workstation's) is fetched on the way back.
    const waiting = await sent(
      contract.invoke('ops:issue', { type: 'incident.link', payload: { caseId, incidentIds: ['INC-L2'] } }),
    );
    server.inject([
      {
        ts: server.operationTime,
        type: 'incident.linked',
        payload: {
          caseId: 'LC-OTHER',
          title: 'Ring Sava',
          incidentIds: ['INC-L3', 'INC-L4'],
          by: 'Border Police, Zvornik',
          at: server.operationTime,
        },
      },
    ]);
    await until(
      () =>
        core.status.link === 'connected' &&
        outboxEntry(waiting)?.status === 'acked' &&
        core.state.linkedCases['LC-OTHER'] !== undefined &&
        inStep(),
      'the link back, the command through and the missed link fetched',
    );
    server.setFaults({});
    expect(core.status.quarantineCount).toBeGreaterThan(quarantined);
    expect(core.state.linkedCases[caseId]?.incidentIds).toEqual(['INC-L1', 'INC-L3', 'INC-L4', 'INC-L2']);
    expect(storedEvents(core).map((e) => e.seq)).toEqual(server.eventsAfter(0, 1_000_000).map((e) => e.seq));
  });

  it('shows the links in a replay at the moments they were made, and not before', async () => {
    const at = async (ms: number) => {
      const seek = await contract.invoke('replay:seek', {
        at: ms,
        trailWindowMs: 0,
        exact: true,
        fresh: true,
      });
      if (!seek.ok) throw new Error(seek.error);
      return seek.value.state?.linkedCases ?? {};
    };
    expect((await at(marks['opened']! - 1))[caseId]).toBeUndefined();
    expect((await at(marks['opened']!))[caseId]?.incidentIds).toEqual(['INC-L1', 'INC-L2', 'INC-L3']);
    expect((await at(marks['added']!))[caseId]?.incidentIds).toHaveLength(4);
    expect((await at(marks['unlinked']!))[caseId]?.incidentIds).toEqual(['INC-L1', 'INC-L3', 'INC-L4']);
    await contract.invoke('replay:useLive', {});
  });

  it('carries the links into the incident exports', async () => {
    const csvFile = await contract.invoke('export:write', { kind: 'incidents.csv' });
    const geoFile = await contract.invoke('export:write', { kind: 'incidents.geojson' });
    if (!csvFile.ok || !geoFile.ok) throw new Error('export failed');
    const rows = parse<Record<string, string>>(
      readFileSync(csvFile.value.path, 'utf8').replace(/^\uFEFF/, ''),
      {
        header: true,
        skipEmptyLines: true,
      },
    ).data;
    const row = (id: string) => rows.find((r) => r.incidentId === id)!;
    expect(row('INC-L3')).toMatchObject({
      linkedCaseIds: [caseId, 'LC-OTHER'].sort().join('; '),
      partnerReferences: 'siena:SIENA 2026/INC-L3',
    });
    expect(row('INC-L3').linkedCases?.split('; ').sort()).toEqual(['Network Drina', 'Ring Sava']);
    expect(row('INC-L1').linkedIncidentIds?.split('; ').sort()).toEqual(['INC-L2', 'INC-L3', 'INC-L4']);
    const geo = JSON.parse(readFileSync(geoFile.value.path, 'utf8')) as {
      features: { id: string; properties: Record<string, unknown> }[];
    };
    expect(String(geo.features.find((f) => f.id === 'INC-L4')?.properties['linkedIncidentIds'])).toContain(
      'INC-L1',
    );
  });
});
