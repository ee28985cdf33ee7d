import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/Core';
import type { HostContract } from '../../electron/core/hostContract';
import type { SimulatorServer } from '../../simulator/server';
import type { EventDraft } from '../../simulator/scenario';
import { startOperation, type TestOperation } from './operation';
import { storedEvents } from './storeOfCore';
import { TestClient } from './testClient';
import { until } from './until';

/**
 * Shared annotations through the real reference server and a real store: an officer draws a
 * polygon through the outbox, the server broadcasts it to every client of the operation, the
 * store keeps it, replay shows it from its creation to its deletion and not outside, a bad one
 * from the server is quarantined, and the export carries the live ones.
 */

const MINUTE = 60_000;
const AREA: [number, number][] = [
  [19.1, 44.38],
  [19.13, 44.38],
  [19.12, 44.41],
];
let op: TestOperation;
let server: SimulatorServer;
let core: Core;
let contract: HostContract;
let other: TestClient;
let annotationId = '';
const marks: Record<string, number> = {};

async function sent(outcome: Promise<{ ok: boolean; value?: { commandId: string } }>): Promise<string> {
  const result = await outcome;
  expect(result.ok).toBe(true);
  return result.value?.commandId ?? '';
}

beforeAll(async () => {
  op = await startOperation({
    name: 'annotations',
    operator: 'Insp. Jelena Marković, JOCC Zvornik',
    scenario: { incidentsPerHour: 0 },
  });
  ({ server, core, contract } = op);
  // Another workstation of the operation, on the wire as it is.
  other = new TestClient(server.url, { token: 'annotations-token' });
  await other.until(() => other.welcomes.length > 0, 'the other client');
  const { operationId, lastSeq } = other.welcomes[0]!;
  await other.resume(operationId, lastSeq);
}, 60_000);

afterAll(async () => {
  other?.close();
  await op?.close();
});

describe('shared annotations', () => {
  it('sends a drawn polygon through the outbox and has the server broadcast it to every client', async () => {
    annotationId = await sent(
      contract.invoke('ops:issue', {
        type: 'annotation.create',
        payload: { kind: 'polygon', coordinates: AREA, text: 'Search area', color: 'magenta' },
      }),
    );
    await until(() => core.state.annotations[annotationId] !== undefined, 'the annotation');
    expect(core.state.annotations[annotationId]).toMatchObject({
      kind: 'polygon',
      coordinates: AREA,
      text: 'Search area',
      color: 'magenta',
      author: 'Insp. Jelena Marković, JOCC Zvornik',
      deletedAt: null,
    });
    marks['created'] = core.state.annotations[annotationId]!.createdAt;
    await other.until(
      () => other.validEvents().some((e) => e.type === 'annotation.created'),
      'the broadcast to the other client',
    );
    const broadcast = other.validEvents().find((e) => e.type === 'annotation.created');
    expect(broadcast?.payload).toMatchObject({ annotationId, kind: 'polygon', color: 'magenta' });
    await until(() => op.inStep(), 'in step');
    expect(storedEvents(core).filter((e) => e.type.startsWith('annotation.'))).toMatchObject([
      { type: 'annotation.created', payload: { annotationId } },
    ]);
  });

  it('deletes it for everyone, refuses an unknown one, and takes a repeat as done', async () => {
    server.advanceBy(10 * MINUTE);
    await sent(contract.invoke('ops:issue', { type: 'annotation.delete', payload: { annotationId } }));
    await until(() => core.state.annotations[annotationId]?.deletedAt != null, 'the deletion');
    expect(core.state.annotations[annotationId]?.deletedBy).toBe('Insp. Jelena Marković, JOCC Zvornik');
    marks['deleted'] = core.state.annotations[annotationId]!.deletedAt!;
    const unknown = await sent(
      contract.invoke('ops:issue', { type: 'annotation.delete', payload: { annotationId: 'A-NOPE' } }),
    );
    const repeat = await sent(
      contract.invoke('ops:issue', { type: 'annotation.delete', payload: { annotationId } }),
    );
    const entry = (id: string) => core.commands.list().find((e) => e.commandId === id);
    await until(() => [unknown, repeat].every((id) => entry(id)?.status !== 'pending'), 'the answers');
    expect(entry(unknown)?.lastError).toMatch(/no annotation A-NOPE/);
    expect(entry(repeat)?.status).toBe('acked');
    await other.until(
      () => other.validEvents().some((e) => e.type === 'annotation.deleted'),
      'the deletion at the other client',
    );
    await until(() => op.inStep(), 'in step');
    expect(storedEvents(core).filter((e) => e.type === 'annotation.deleted')).toHaveLength(1);
  });

  it('quarantines a bad annotation from the server and applies the next good one', async () => {
    const quarantined = core.status.quarantineCount;
    const at = server.operationTime;
    const bad = {
      ts: at,
      type: 'annotation.created',
      payload: {
        annotationId: 'A-BAD',
        kind: 'line',
        coordinates: [[19.1, 95]],
        color: 'red',
        author: 'x',
        at,
      },
    } as unknown as EventDraft;
    const good: EventDraft = {
      ts: at,
      type: 'annotation.created',
      payload: {
        annotationId: 'A-GOOD',
        kind: 'text',
        coordinates: [[19.2, 44.5]],
        text: '<b>Checkpoint</b>',
        color: 'lime',
        author: 'Border Police, Zvornik',
        unitId: 'U0001',
        at,
      },
    };
    server.inject([bad, good]);
    await until(() => core.state.annotations['A-GOOD'] !== undefined && op.inStep(), 'the good one');
    expect(core.status.quarantineCount).toBeGreaterThan(quarantined);
    expect(core.state.annotations['A-BAD']).toBeUndefined();
    // Markup is text: kept as it came, for the page to show as text.
    expect(core.state.annotations['A-GOOD']?.text).toBe('<b>Checkpoint</b>');
  });

  it('shows the annotation in a replay from its creation to its deletion, and not before', async () => {
    const shown = async (ms: number) => {
      const seek = await contract.invoke('replay:seek', {
        at: ms,
        trailWindowMs: 0,
        exact: true,
        fresh: true,
      });
      if (!seek.ok) throw new Error(seek.error);
      return seek.value.state?.annotations[annotationId];
    };
    expect(await shown(marks['created']! - 1)).toBeUndefined();
    expect(await shown(marks['created']!)).toMatchObject({ kind: 'polygon', deletedAt: null });
    expect(await shown(marks['deleted']!)).toMatchObject({ deletedAt: marks['deleted'] });
    await contract.invoke('replay:useLive', {});
  });

  it('exports the live annotations as GeoJSON', async () => {
    const file = await contract.invoke('export:write', { kind: 'annotations.geojson' });
    if (!file.ok) throw new Error(file.error);
    const geo = JSON.parse(readFileSync(file.value.path, 'utf8')) as {
      watchfloor: { operationId: string };
      features: { id: string; geometry: { type: string }; properties: Record<string, unknown> }[];
    };
    expect(geo.watchfloor.operationId).toBe(core.state.operation?.operationId);
    // The deleted polygon is not in it; the text is a point carrying its text.
    expect(geo.features.map((f) => f.id)).toEqual(['A-GOOD']);
    expect(geo.features[0]).toMatchObject({
      geometry: { type: 'Point' },
      properties: {
        kind: 'text',
        text: '<b>Checkpoint</b>',
        color: 'lime',
        colorHex: '#a9e34b',
        unitId: 'U0001',
      },
    });
  });
});
