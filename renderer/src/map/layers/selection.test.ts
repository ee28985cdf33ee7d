import { describe, expect, it } from 'vitest';
import type { Crossing, Sector } from '../../../../shared/state';
import { byId, makeIncident, makeUnit } from '../../panels/testFixtures';
import { toSectorRows } from '../mapData';
import { columnsFromUnits, type UnitColumns } from '../unitLayers';
import { selectionMarkOf, type SelectionSources } from './selection';

const unit = makeUnit('U1', { position: { ...makeUnit('x').position!, lon: 19, lat: 45 } });
const sector = {
  sectorId: 'S1',
  line: [
    [19, 42],
    [20, 43],
  ],
  corridor: [],
} as unknown as Sector;

function sources(patch: Partial<SelectionSources> = {}): SelectionSources {
  return {
    incidents: byId([makeIncident('I1', { lon: 20.5, lat: 42.5 })], (i) => i.incidentId),
    units: { U1: unit },
    unitColumns: columnsFromUnits({}),
    crossings: { C1: { crossingId: 'C1', lon: 21, lat: 41 } as Crossing },
    sectors: toSectorRows({ S1: sector }),
    ...patch,
  };
}

describe('the selection’s mark on the map', () => {
  it('rings an incident, a crossing or a unit where it is, and lays a halo along a sector', () => {
    expect(selectionMarkOf({ kind: 'incident', id: 'I1' }, sources())?.points).toEqual([[20.5, 42.5]]);
    expect(selectionMarkOf({ kind: 'crossing', id: 'C1' }, sources())?.points).toEqual([[21, 41]]);
    expect(selectionMarkOf({ kind: 'unit', id: 'U1' }, sources())?.points).toEqual([[19, 45]]);
    expect(selectionMarkOf({ kind: 'sector', id: 'S1' }, sources())).toMatchObject({
      points: [],
      paths: [
        [
          [19, 42],
          [20, 43],
        ],
      ],
    });
  });

  it('follows a unit’s dot as the position frames move it, ahead of its record', () => {
    const moved: UnitColumns = columnsFromUnits({
      U1: { ...unit, position: { ...unit.position!, lon: 19.5, lat: 45.25 } },
    });
    expect(selectionMarkOf({ kind: 'unit', id: 'U1' }, sources({ unitColumns: moved }))?.points).toEqual([
      [19.5, 45.25],
    ]);
  });

  it('is gone with the object, and with no selection', () => {
    expect(selectionMarkOf({ kind: 'incident', id: 'gone' }, sources())).toBeNull();
    expect(selectionMarkOf({ kind: 'unit', id: 'U1' }, sources({ units: {} }))).toBeNull();
    expect(selectionMarkOf(null, sources())).toBeNull();
  });
});
