import { describe, expect, it } from 'vitest';
import { applyEvents } from '../../../shared/applyEvent';
import { emptyDelta, type PictureDelta } from '../../../shared/pictureDelta';
import { getOwn } from '../../../shared/getOwn';
import { parseEvent } from '../../../shared/protocol/parseEvent';
import {
  PROTOTYPE_NAMES,
  WIRE_PROTOTYPE_NAMES,
  prototypeIdDrafts,
} from '../../../shared/prototypeIds.fixture';
import { ENTITY_COLLECTIONS, getEmptyState, type OperationState } from '../../../shared/state';
import { agencyIn, positionedUnits, trailRows, visibleIncidents } from '../map/mapData';
import {
  countUnacknowledged,
  groupUnits,
  incidentsNewestFirst,
  recentIncidents,
  searchUnits,
  sectorSummaries,
  unitsInSector,
} from '../panels/selectors';
import { extendTrails, mergeDelta } from './uiStore';
import { mergeTrails } from '../../../shared/trails';

const T0 = Date.UTC(2026, 9, 5, 6);

/** The picture the core would send: every wire-legal Object.prototype name as every kind of id. */
function picture(at: number): OperationState {
  const events = prototypeIdDrafts(WIRE_PROTOTYPE_NAMES, at).map((d, i) => {
    const parsed = parseEvent({ seq: i + 1, id: `E${i + 1}`, ts: d.ts, type: d.type, payload: d.payload });
    if (parsed.kind !== 'known') throw new Error(`${d.type} ${JSON.stringify(parsed)}`);
    return parsed.event;
  });
  // Over IPC or the browser host's socket a picture is copied, and a copy may carry an own
  // `__proto__` entry (JSON.parse makes one): the page must keep that as an entry too.
  return JSON.parse(JSON.stringify(applyEvents(getEmptyState(), events))) as OperationState;
}

function asDelta(state: OperationState, seq: number): PictureDelta {
  const { operation: _none, ...collections } = state;
  return { ...emptyDelta(seq), changed: collections };
}

describe('the page with ids that name members of Object.prototype', () => {
  it('merges deltas, grows trails and draws every unit, trail and incident', () => {
    const first = picture(T0);
    const second = picture(T0 + 60_000);
    let state = mergeDelta(getEmptyState(), asDelta(first, 1));
    let trails = extendTrails({}, asDelta(first, 1));
    state = mergeDelta(state, asDelta(second, 2));
    trails = extendTrails(trails, asDelta(second, 2));
    for (const kind of ENTITY_COLLECTIONS)
      expect(Object.keys(state[kind]).sort()).toEqual([...WIRE_PROTOTYPE_NAMES].sort());

    expect(Object.keys(trails).sort()).toEqual([...WIRE_PROTOTYPE_NAMES].sort());
    for (const id of WIRE_PROTOTYPE_NAMES) expect(Object.hasOwn(trails, id) && trails[id]!.length).toBe(2);
    const rows = trailRows(trails, agencyIn(state.units), 8, new WeakMap());
    expect(rows.map((r) => r.unitId).sort()).toEqual([...WIRE_PROTOTYPE_NAMES].sort());
    expect(positionedUnits(state.units)).toHaveLength(WIRE_PROTOTYPE_NAMES.length);
    expect(visibleIncidents(state.incidents)).toHaveLength(WIRE_PROTOTYPE_NAMES.length);

    const grown = mergeTrails(trails, { constructor: [{ ts: T0 + 120_000, lon: 19, lat: 44 }] }, T0 - 1);
    expect(getOwn(grown, 'constructor')).toHaveLength(3);
    expect(getOwn(grown, 'toString')).toHaveLength(2);
  });

  it('finds every unit and incident in the roster, the feed and the sector boards', () => {
    const state = picture(T0);
    const n = WIRE_PROTOTYPE_NAMES.length;
    expect(searchUnits(state.units, '')).toHaveLength(n);
    expect(
      groupUnits(searchUnits(state.units, ''), 'sector', state.sectors).map((g) => g.units.length),
    ).toEqual(Array.from({ length: n }, () => 1));
    expect(incidentsNewestFirst(state.incidents)).toHaveLength(n);
    expect(recentIncidents(state.incidents, () => true, 100)).toHaveLength(n);
    expect(countUnacknowledged(state.incidents)).toBe(0);
    expect(
      sectorSummaries(state.sectors, state.units, state.incidents, T0, {
        staleAfterMs: 300_000,
        lostContactAfterMs: 1_200_000,
      })
        .map((s) => s.sector.sectorId)
        .sort(),
    ).toEqual([...WIRE_PROTOTYPE_NAMES].sort());
    expect(unitsInSector(state.units, 'constructor').map((u) => u.unitId)).toEqual(['constructor']);
  });

  it('keeps a unit with the id __proto__ as a unit when a copy of the picture carries one', () => {
    expect(PROTOTYPE_NAMES).toContain('__proto__');
    const unit = picture(T0).units['constructor']!;
    const units = JSON.parse(
      `{"__proto__": ${JSON.stringify({ ...unit, unitId: '__proto__' })}}`,
    ) as OperationState['units'];
    const empty = asDelta(getEmptyState(), 1);
    const delta = { ...empty, changed: { ...empty.changed, units } };
    const trails = extendTrails({}, delta);
    expect(Object.keys(trails)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(trails)).toBe(Object.prototype);
    expect(Object.keys(mergeDelta(getEmptyState(), delta).units)).toEqual(['__proto__']);
  });
});
