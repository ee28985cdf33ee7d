import { describe, expect, it } from 'vitest';
import type { Incident, Unit } from '../../../shared/state';
import { mapTargets, stepCursor, type MapCursorState } from './mapObjectCursor';

const incident = (incidentId: string, priority: 1 | 2 | 3 | 4, reportedAt: number, acked = false): Incident =>
  ({
    incidentId,
    priority,
    reportedAt,
    status: acked ? 'acknowledged' : 'new',
    acknowledgedAt: acked ? reportedAt + 1 : null,
  }) as unknown as Incident;
const unit = (unitId: string, callsign: string, lon: number, lat: number): Unit =>
  ({ unitId, callsign, position: { lon, lat } }) as unknown as Unit;

const VIEW = { incidents: true, units: true, bounds: [19, 42, 21, 44] as [number, number, number, number] };

describe('the keyboard cursor over the map’s objects', () => {
  const incidents = {
    a: incident('a', 2, 100),
    b: incident('b', 1, 50, true),
    c: incident('c', 1, 40),
    d: incident('d', 2, 200),
    e: { ...incident('e', 1, 300), status: 'closed' } as Incident,
  };
  const units = {
    u1: unit('u1', 'KOS-2', 20, 43),
    u2: unit('u2', 'ALB-7', 20.5, 43.5),
    u3: unit('u3', 'MKD-1', 25, 43), // out of view
  };

  it('goes through the incidents by urgency, then the units in view by callsign', () => {
    expect(mapTargets(incidents, units, VIEW).map((t) => t.id)).toEqual(['c', 'b', 'd', 'a', 'u2', 'u1']);
    expect(mapTargets(incidents, units, { ...VIEW, units: false }).map((t) => t.id)).toEqual([
      'c',
      'b',
      'd',
      'a',
    ]);
    expect(mapTargets(incidents, units, { ...VIEW, incidents: false }).map((t) => t.id)).toEqual([
      'u2',
      'u1',
    ]);
  });

  it('steps on and back, round the ends, and counts its place', () => {
    const targets = mapTargets(incidents, units, VIEW);
    let s: MapCursorState = { target: null, position: 0, count: 0, serial: 0 };
    s = stepCursor(s, targets, 1);
    expect(s).toMatchObject({ target: { kind: 'incident', id: 'c' }, position: 1, count: 6 });
    s = stepCursor(s, targets, -1);
    expect(s).toMatchObject({ target: { kind: 'unit', id: 'u1' }, position: 6 });
    s = stepCursor(s, targets, 1);
    expect(s.target?.id).toBe('c');
    expect(stepCursor(s, [], 1).target).toBeNull();
  });
});
