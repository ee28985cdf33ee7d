import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplayService } from '../../electron/core/replay/ReplayService';
import { ReplaySession } from '../../electron/core/replay/ReplaySession';
import { getOwn } from '../../shared/getOwn';
import { jsonEqual } from '../../shared/jsonEqual';
import {
  WIRE_PROTOTYPE_NAMES,
  danglingReferenceDrafts,
  prototypeIdDrafts,
} from '../../shared/prototypeIds.fixture';
import { ENTITY_COLLECTIONS, type OperationState } from '../../shared/state';
import { EXPORT_KINDS } from '../../shared/replay';
import type { EventDraft } from '../../simulator/scenario';
import { startOperation, type TestOperation } from './operation';
import { until } from './until';

/**
 * Ids that name members of Object.prototype (`constructor`, `toString`, `valueOf`...) through the
 * whole chain: the reference server logs and sends them, the core stores them in SQLite and keeps
 * them in its picture, and replay, the report and every export read them back.
 */
let op: TestOperation;
/** No entity has this id; an incident and a unit refer to it. */
const DANGLING = 'valueOf';
const HELD = WIRE_PROTOTYPE_NAMES.filter((id) => id !== DANGLING);
let injectedAt: number;

/** Every held name present as an own entry of every collection. */
function holdsAll(state: OperationState): boolean {
  return ENTITY_COLLECTIONS.every((kind) => HELD.every((id) => Object.hasOwn(state[kind], id)));
}

beforeAll(async () => {
  op = await startOperation({ name: 'prototype-ids', operator: 'Desk 1' });
  injectedAt = op.server.operationTime;
  op.server.inject([
    ...prototypeIdDrafts(HELD, injectedAt),
    ...danglingReferenceDrafts(DANGLING, injectedAt),
  ] as EventDraft[]);
  // A unit after them: the core keeps following the feed.
  op.server.inject([
    {
      ts: injectedAt,
      type: 'unit.upserted',
      payload: {
        unitId: 'U-AFTER',
        callsign: 'After',
        agency: 'police',
        organisation: 'Police',
        country: 'RS',
        kind: 'foot',
        status: 'available',
      },
    },
  ]);
  op.server.advanceBy(60_000);
  await until(() => op.inStep(), 'the core to store the injected events');
}, 60_000);

afterAll(async () => {
  await op?.close();
});

describe('ids that name members of Object.prototype, server to store to replay', () => {
  it('the live picture holds each of them, the same as the server, and the feed goes on', () => {
    const { core, server } = op;
    expect(core.status.quarantineCount).toBe(0);
    expect(holdsAll(core.state)).toBe(true);
    expect(Object.hasOwn(core.state.units, 'U-AFTER')).toBe(true);
    for (const id of HELD) {
      expect(core.state.units[id]).toMatchObject({ unitId: id, status: 'responding', incidentId: id });
      expect(core.state.incidents[id]).toMatchObject({ incidentId: id, status: 'assigned' });
      expect(core.state.readmissions[id]).toMatchObject({ caseId: id, status: 'accepted' });
    }
    expect(jsonEqual(core.state, server.state)).toBe(true);
  });

  it('the picture read back from the SQLite store holds each of them', () => {
    const { state } = op.core.replaySource().loadState();
    expect(holdsAll(state)).toBe(true);
    expect(jsonEqual(state, op.core.state)).toBe(true);
  });

  it('replay at a time after them, and seeking back and forth, holds each of them', () => {
    const session = new ReplaySession({ store: op.core.replaySource(), kind: 'live' }, 'Analyst');
    expect(holdsAll(session.stateAt(injectedAt).state)).toBe(true);
    const service = new ReplayService(op.core, 'Analyst', {
      exportsDir: join(op.dir, 'exports'),
      appVersion: 'test',
    });
    try {
      const first = service.seek(injectedAt + 1, 600_000, true, true);
      expect(holdsAll(first.state!)).toBe(true);
      for (const id of HELD) expect(Object.hasOwn(first.trails!, id)).toBe(true);
      const back = service.seek(injectedAt - 1, 600_000, true);
      for (const id of HELD) expect(back.delta?.removed.units ?? []).toContain(id);
      const forward = service.seek(injectedAt + 1, 0, false).delta?.changed.units ?? {};
      for (const id of HELD) expect(getOwn(forward, id)?.unitId).toBe(id);
    } finally {
      service.close();
    }
  });

  it('the report and every export are written and name each of them', async () => {
    const service = new ReplayService(op.core, 'Analyst', {
      exportsDir: join(op.dir, 'exports'),
      appVersion: 'test',
    });
    try {
      for (const kind of EXPORT_KINDS) {
        const file = await service.export(kind);
        expect(file.bytes, kind).toBeGreaterThan(0);
        if (kind === 'archive.sqlite') continue;
        const text = readFileSync(file.path, 'utf8');
        const expected = {
          'incidents.csv': 'Incident',
          'incidents.geojson': 'Incident',
          'sectors.geojson': 'Sector',
          'tracks.geojson': 'Unit',
          'tracks.gpx': 'Unit',
          'operation.kml': 'Sector',
          'picture.cot': 'Unit',
          'bookmarks.csv': 'Mark',
          'report.html': 'Incident',
          'annotations.geojson': 'Note',
        }[kind];
        for (const id of HELD) expect(text, `${kind} names ${id}`).toContain(`${expected} ${id}`);
      }
    } finally {
      service.close();
    }
  });
});
