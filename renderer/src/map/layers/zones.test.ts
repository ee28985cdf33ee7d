import { describe, expect, it } from 'vitest';
import { applyEvents } from '../../../../shared/applyEvent';
import type { FeedEvent } from '../../../../shared/protocol/events';
import { parseEvent } from '../../../../shared/protocol/parseEvent';
import { getEmptyState } from '../../../../shared/state';
import { zoneLayers, zoneRgba, zoneShapes } from './zones';

const T0 = Date.UTC(2026, 9, 5, 6);
const MIN = 60_000;
let seq = 0;
const ev = (type: string, payload: object): FeedEvent => {
  seq += 1;
  const parsed = parseEvent({ seq, id: `E${seq}`, ts: T0, type, payload });
  if (parsed.kind !== 'known') throw new Error(JSON.stringify(parsed));
  return parsed.event;
};

describe('zone layer', () => {
  const state = applyEvents(getEmptyState(), [
    ev('zone.created', {
      zoneId: 'Z1',
      name: 'River',
      area: {
        kind: 'polygon',
        coordinates: [
          [19, 44],
          [19.2, 44],
          [19.1, 44.2],
        ],
      },
      onEntry: false,
      onExit: false,
      watchUnits: false,
      unitKinds: [],
      watchIncidents: false,
      incidentCategories: [],
      incidentPriorities: [],
      coverage: [{ rule: 'no_unit', minutes: 20 }],
      author: 'Desk 1',
      at: T0,
    }),
  ]);

  it('outlines a live zone closed, quiet until its "no unit" rule is breached, then in alarm red', () => {
    const quiet = zoneShapes(state.zones, state.sectors, T0 + 19 * MIN);
    expect(quiet).toMatchObject([{ zoneId: 'Z1', alarm: false }]);
    expect(quiet[0]?.paths[0]).toHaveLength(4);
    const breached = zoneShapes(state.zones, state.sectors, T0 + 20 * MIN);
    expect(breached).toMatchObject([{ alarm: true }]);
    const layers = zoneLayers(breached);
    expect(layers.map((l) => l.id)).toEqual(['zones-outlines', 'zones-names']);
    expect(zoneRgba(true)).toEqual([255, 59, 48, 255]);
  });

  it('draws nothing before the zone was made, after its deletion, or with no zone', () => {
    expect(zoneShapes(state.zones, state.sectors, T0 - 1)).toEqual([]);
    const gone = applyEvents(state, [ev('zone.deleted', { zoneId: 'Z1', by: 'Desk 2', at: T0 + MIN })]);
    expect(zoneShapes(gone.zones, gone.sectors, T0 + 2 * MIN)).toEqual([]);
    expect(zoneLayers([])).toEqual([]);
  });
});
