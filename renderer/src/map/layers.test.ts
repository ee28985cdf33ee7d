import { describe, expect, it } from 'vitest';
import { ALL_LAYERS_ON, mapLayerInput } from './testFixtures';
import { buildLayerGroups, buildLayers, type MapLayerInput } from './layers';
import { toSectorRows } from './mapData';
import { makeIncident, makeSector, makeUnit } from '../panels/testFixtures';
import { buildUnitLayers, columnsFromUnits } from './unitLayers';
import { lngLat } from '../../../shared/units';

const allOn = ALL_LAYERS_ON;

const input = mapLayerInput;

describe('uncovered sectors on the map', () => {
  it('draws the uncovered sectors under their line, only with the sector layer on', () => {
    const sectors = toSectorRows({ S1: makeSector('S1', { line: [lngLat(19, 45), lngLat(19.5, 45)] }) });
    const ids = (patch: Partial<MapLayerInput>): string[] =>
      buildLayers(input({ sectors, ...patch })).map((l) => l.id);
    expect(ids({})).not.toContain('sectors-uncovered');
    expect(ids({ uncoveredSectors: [] })).not.toContain('sectors-uncovered');
    const marked = ids({ uncoveredSectors: sectors });
    expect(marked.indexOf('sectors-uncovered')).toBeGreaterThan(-1);
    expect(marked.indexOf('sectors-uncovered')).toBeLessThan(marked.indexOf('sectors'));
    expect(ids({ uncoveredSectors: sectors, layers: { ...allOn, sectors: false } })).not.toContain(
      'sectors-uncovered',
    );
  });

  it('keeps the dashes while the sectors and the zoom stay, so deck.gl keeps its buffers', () => {
    const sectors = toSectorRows({ S1: makeSector('S1') });
    const data = (zoom: number): unknown =>
      buildLayers(input({ sectors, uncoveredSectors: sectors, zoom })).find(
        (l) => l.id === 'sectors-uncovered',
      )?.props.data;
    const first = data(8);
    expect(data(8)).toBe(first);
    expect(data(9)).not.toBe(first);
  });
});

describe('incident layers update in place', () => {
  it('draws a closed incident invisible in its row and passes the partial-update diff to deck.gl', () => {
    const open = makeIncident('I1', { status: 'reported' });
    const closed = makeIncident('I2', { status: 'closed' });
    const diff = (): { startRow: number; endRow: number }[] => [{ startRow: 1, endRow: 2 }];
    const layer = buildLayers(input({ incidents: [open, closed], incidentsDiff: diff })).find(
      (l) => l.id === 'incidents',
    )!;
    const props = layer.props as unknown as {
      _dataDiff: unknown;
      getRadius: (i: typeof open) => number;
      getFillColor: (i: typeof open) => number[];
    };
    expect(props._dataDiff).toBe(diff);
    expect(props.getRadius(open)).toBeGreaterThan(0);
    expect(props.getRadius(closed)).toBe(0);
    expect(props.getFillColor(closed)[3]).toBe(0);
  });
});

describe('canvases by rate of change', () => {
  it('puts units and their trails on canvases of their own, apart from incidents and the basemap', () => {
    const sectors = toSectorRows({ S1: makeSector('S1') });
    const units = buildUnitLayers({
      columns: columnsFromUnits({ U1: makeUnit('U1') }),
      freshness: new Uint8Array(1),
      fill: new Uint8Array(4),
      zoom: 10,
    });
    const groups = buildLayerGroups(
      input({
        sectors,
        incidents: [makeIncident('I1')],
        trails: [
          {
            unitId: 'U1',
            agency: 'border_police',
            path: [
              [20, 44],
              [20.1, 44.1],
            ],
          },
        ],
        unitLayers: units,
        zoom: 10,
      }),
    );
    const ids = (canvas: keyof typeof groups): string[] => groups[canvas].map((l) => l.id);
    expect(ids('units')).toContain('units');
    // A position update redraws the units, not 5,000 trails with them.
    expect(ids('units')).not.toContain('trails');
    expect(ids('trails')).toEqual(['trails']);
    expect(ids('units')).not.toContain('incidents');
    expect(ids('incidents')).toContain('incidents');
    expect(ids('incidents')).not.toContain('units');
    expect(ids('base')).toContain('sectors');
    expect([...ids('base'), ...ids('incidents')]).not.toContain('trails');
  });

  it('has no trail layer while there are no trails, so their canvas is not made before they arrive', () => {
    const groups = buildLayerGroups(
      input({ sectors: [], incidents: [], trails: [], unitLayers: [], zoom: 10 }),
    );
    expect(groups.trails).toEqual([]);
  });
});
