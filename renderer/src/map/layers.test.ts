import { describe, expect, it } from 'vitest';
import { ALL_LAYERS_ON, mapLayerInput } from './testFixtures';
import type { Point } from './geometry';
import {
  buildLayerGroups,
  buildLayers,
  dashedPaths,
  UNCOVERED_DASH_PX,
  UNCOVERED_GAP_PX,
  type MapLayerInput,
} from './layers';
import { degreesPerPixel, toSectorRows } from './mapData';
import { makeIncident, makeSector, makeUnit } from '../panels/testFixtures';
import { buildUnitLayers, columnsFromUnits } from './unitLayers';
import { lngLat } from '../../../shared/units';

const allOn = ALL_LAYERS_ON;

const input = mapLayerInput;

/** Length of a path in screen pixels at a zoom, on the equator (where a degree is a degree both ways). */
const pixelsLong = (path: readonly Point[], zoom: number): number =>
  path.slice(1).reduce((sum, [x, y], i) => {
    const [px, py] = path[i]!;
    return sum + Math.hypot(x - px, y - py) / degreesPerPixel(zoom);
  }, 0);

describe('uncovered sectors on the map', () => {
  it('cuts a line into dashes and gaps of fixed screen length', () => {
    const zoom = 8;
    const px = degreesPerPixel(zoom);
    const period = UNCOVERED_DASH_PX + UNCOVERED_GAP_PX;
    const dashes = dashedPaths(
      [
        [
          [0, 0],
          [3 * period * px, 0],
        ],
      ],
      zoom,
    );
    expect(dashes).toHaveLength(3);
    for (const d of dashes) expect(pixelsLong(d, zoom)).toBeCloseTo(UNCOVERED_DASH_PX, 6);
    expect(dashes[1]![0]![0] / px).toBeCloseTo(period, 6);
  });

  it('keeps the pattern across a bend, and the dashes as long zoomed in', () => {
    const zoom = 10;
    const px = degreesPerPixel(zoom);
    // The bend falls 4 px into the first dash: that dash turns the corner with it.
    const bent: Point[] = [
      [0, 0],
      [4 * px, 0],
      [4 * px, 40 * px],
    ];
    const dashes = dashedPaths([bent], zoom);
    expect(dashes[0]).toHaveLength(3);
    expect(pixelsLong(dashes[0]!, zoom)).toBeCloseTo(UNCOVERED_DASH_PX, 6);
    // 44 px of line: dashes at 0-8, 14-22, 28-36, 42-44.
    expect(dashes.map((d) => Math.round(pixelsLong(d, zoom)))).toEqual([8, 8, 8, 2]);
    expect(dashedPaths([[[0, 0]], []], zoom)).toEqual([]);
  });

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
  it('puts units and trails on their own canvas, apart from incidents and the basemap', () => {
    const sectors = toSectorRows({ S1: makeSector('S1') });
    const units = buildUnitLayers({
      columns: columnsFromUnits({ U1: makeUnit('U1') }),
      freshness: new Uint8Array(1),
      fill: new Uint8Array(4),
      zoom: 10,
    });
    const groups = buildLayerGroups(
      input({ sectors, incidents: [makeIncident('I1')], trails: [], unitLayers: units, zoom: 10 }),
    );
    const ids = (canvas: keyof typeof groups): string[] => groups[canvas].map((l) => l.id);
    expect(ids('units')).toEqual(expect.arrayContaining(['trails', 'units']));
    expect(ids('units')).not.toContain('incidents');
    expect(ids('incidents')).toContain('incidents');
    expect(ids('incidents')).not.toContain('units');
    expect(ids('base')).toContain('sectors');
    expect([...ids('base'), ...ids('incidents')]).not.toContain('trails');
  });
});
