import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../electron/core/clock';
import { Core } from '../../electron/core/Core';
import { applyDelta, type PictureDelta } from '../../shared/pictureDelta';
import { getEmptyState } from '../../shared/state';
import type { PositionFrame } from '../../shared/positionFrame';

const T0 = Date.UTC(2026, 9, 5, 6);
let dir: string;
let seq = 0;

const event = (type: string, payload: Record<string, unknown>, ts = T0): Record<string, unknown> => {
  seq++;
  return { seq, id: `JO-1.${seq}`, ts, type, payload };
};
const position = (unitId: string, lon: number, at: number): Record<string, unknown> =>
  event('unit.position', { unitId, lon, lat: 44.3, heading: 90, speed: 11, accuracy: 6, at }, at);

/** The operation every test here runs: JO-1, an exercise starting at T0. */
const started = (name: string): Record<string, unknown> =>
  event('operation.started', {
    operationId: 'JO-1',
    name,
    mode: 'exercise',
    countries: ['BA', 'RS'],
    agencies: ['Border police'],
    plannedStartAt: T0,
    plannedEndAt: T0 + 86_400_000,
    startedAt: T0,
  });
/** A patrolling Serbian border police vehicle. */
const unit = (unitId: string): Record<string, unknown> =>
  event('unit.upserted', {
    unitId,
    callsign: `RS ${unitId}`,
    agency: 'border_police',
    organisation: 'Border Police',
    country: 'RS',
    kind: 'vehicle',
    status: 'patrolling',
  });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watchfloor-core-frames-'));
  seq = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the core position frames and deltas', () => {
  it('sends moves by frame at most 4 a second, and to the panels once a second; other changes at once', () => {
    const clock = new ManualClock(T0);
    const core = Core.open({ storePath: join(dir, 'store.sqlite'), operator: 'Test', clock });
    const deltas: PictureDelta[] = [];
    const frames: PositionFrame[] = [];
    core.subscribe((d) => deltas.push(d));
    core.onFrame((f) => frames.push(f));
    core.ingest.receive([
      started('Frames'),
      unit('U1'),
      unit('U2'),
      position('U1', 19.1, T0 + 1),
      position('U2', 19.2, T0 + 1),
    ]);
    clock.advance(1000);
    expect(frames.at(-1)?.count).toBe(2);
    const framesBefore = frames.length;
    const deltasBefore = deltas.length;
    // Ten moves over a second, every 100 ms.
    for (let i = 1; i <= 10; i++) {
      core.ingest.receive([position('U1', 19.1 + i / 1000, T0 + 1000 + 100 * i)]);
      clock.advance(100);
    }
    clock.advance(500);
    const moveFrames = frames.slice(framesBefore);
    expect(moveFrames.length).toBeGreaterThanOrEqual(3);
    expect(moveFrames.length).toBeLessThanOrEqual(5);
    expect(new Float64Array(moveFrames.at(-1)!.lonLat)[0]).toBeCloseTo(19.11, 10);
    const moveDeltas = deltas.slice(deltasBefore).filter((d) => Object.keys(d.changed.units).length > 0);
    expect(moveDeltas.length).toBeLessThanOrEqual(2);
    expect(moveDeltas.at(-1)!.changed.units.U1!.position!.lon).toBeCloseTo(19.11, 10);
    // A change of status goes at once, whatever the pace of the moves.
    const atStatus = deltas.length;
    core.ingest.receive([
      event('unit.status_changed', { unitId: 'U2', status: 'responding', at: T0 + 3000 }, T0 + 3000),
    ]);
    clock.advance(200);
    expect(deltas.slice(atStatus).some((d) => d.changed.units.U2?.status === 'responding')).toBe(true);
    core.close();
  });

  it('sends a new incident at once, though moves are being held back for the next positions delta', () => {
    const clock = new ManualClock(T0);
    const core = Core.open({ storePath: join(dir, 'store.sqlite'), operator: 'Test', clock });
    const deltas: PictureDelta[] = [];
    core.subscribe((d) => deltas.push(d));
    core.ingest.receive([started('Held moves'), unit('U1'), position('U1', 19.1, T0 + 1)]);
    clock.advance(1000);
    // One move goes out with a positions delta; the next is held back for about a second.
    core.ingest.receive([position('U1', 19.2, T0 + 1100)]);
    clock.advance(150);
    expect(deltas.some((d) => d.changed.units.U1?.position?.lon === 19.2)).toBe(true);
    core.ingest.receive([position('U1', 19.3, T0 + 1250)]);
    clock.advance(150);
    expect(deltas.some((d) => d.changed.units.U1?.position?.lon === 19.3)).toBe(false);
    const before = deltas.length;
    core.ingest.receive([
      event(
        'incident.reported',
        {
          incidentId: 'INC-1',
          category: 'migrant_smuggling',
          priority: 1,
          title: 'Boat crossing the Drina',
          lon: 19.3,
          lat: 44.3,
          reportedAt: T0 + 1400,
        },
        T0 + 1400,
      ),
    ]);
    // Within the core's usual pace for anything that is not a move (100 ms), not at the moves' pace.
    clock.advance(200);
    expect(deltas.slice(before).some((d) => d.changed.incidents['INC-1'] !== undefined)).toBe(true);
    // The held move still comes, with the next positions delta.
    clock.advance(1000);
    expect(deltas.some((d) => d.changed.units.U1?.position?.lon === 19.3)).toBe(true);
    core.close();
  });

  it('labels each frame with the seq of the picture its positions are from, never a newer one', () => {
    const clock = new ManualClock(T0);
    const core = Core.open({ storePath: join(dir, 'store.sqlite'), operator: 'Test', clock });
    const frames: PositionFrame[] = [];
    core.onFrame((f) => frames.push(f));
    core.ingest.receive([started('Frame seqs'), unit('U1'), position('U1', 19.1, T0 + 1)]);
    clock.advance(1000);
    // Moves every 30 ms: frames (every 250 ms) fall between a move's commit and its publish.
    const lonAt = new Map<number, number>();
    for (let i = 1; i <= 40; i++) {
      const lon = 19.1 + i / 1000;
      core.ingest.receive([position('U1', lon, T0 + 1000 + 30 * i)]);
      lonAt.set(seq, lon);
      clock.advance(30);
    }
    clock.advance(1000);
    expect(frames.length).toBeGreaterThan(3);
    for (const frame of frames) {
      const expected = [...lonAt].filter(([seq]) => seq <= frame.seq).at(-1)?.[1];
      if (expected !== undefined)
        expect(new Float64Array(frame.lonLat)[0], `frame at seq ${frame.seq}`).toBeCloseTo(expected, 10);
    }
    core.close();
  });

  it('pushes deltas that, applied in order by the one apply function replay uses too, are the core picture', () => {
    const clock = new ManualClock(T0);
    const core = Core.open({ storePath: join(dir, 'store.sqlite'), operator: 'Test', clock });
    const deltas: PictureDelta[] = [];
    core.subscribe((d) => deltas.push(d));
    core.ingest.receive([started('Deltas'), unit('U1'), position('U1', 19.1, T0 + 1)]);
    clock.advance(1000);
    for (let i = 1; i <= 5; i++) {
      core.ingest.receive([position('U1', 19.1 + i / 100, T0 + 1000 * i)]);
      clock.advance(400);
    }
    core.ingest.receive([
      event('unit.status_changed', { unitId: 'U1', status: 'responding', at: T0 + 6000 }, T0 + 6000),
    ]);
    clock.advance(2000);
    expect(deltas.length).toBeGreaterThan(1);
    for (const d of deltas) expect(d).toMatchObject({ reset: false, removed: { units: [], incidents: [] } });
    expect(deltas.at(-1)!.seq).toBe(core.status.lastSeq);
    const picture = deltas.reduce(applyDelta, getEmptyState());
    expect(picture).toEqual(core.state);
    expect(picture.units['U1']).toMatchObject({ status: 'responding', position: { at: T0 + 5000 } });
    core.close();
  });
});
