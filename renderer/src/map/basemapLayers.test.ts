import type { FeatureCollection, MultiLineString } from 'geojson';
import { ALL_LAYERS_ON, mapLayerInput } from './testFixtures';
import { describe, expect, it } from 'vitest';
import {
  BASEMAP_ZOOM,
  EMPTY_BASEMAP,
  parseAirports,
  parsePhysical,
  parsePlaces,
  parsePorts,
  RIVER_LABEL_SPACING_KM,
  riverLabels,
  type BasemapData,
} from './basemapLayers';
import { buildLayers, type MapLayerInput } from './layers';

const allOn = ALL_LAYERS_ON;

const basemap: BasemapData = {
  riverLabels: [
    { name: 'Drina', lon: 19.3, lat: 44.2, angle: 80, rank: 8 },
    { name: 'Lim', lon: 19.6, lat: 43.3, angle: 60, rank: 10 },
  ],
  riverLabelsClose: [{ name: 'Drina', lon: 19.35, lat: 44.1, angle: 75, rank: 8 }],
  places: [
    { name: 'Belgrade', capital: true, population: 1_200_000, lon: 20.46, lat: 44.82 },
    { name: 'Valjevo', capital: false, population: 60_000, lon: 19.89, lat: 44.27 },
  ],
  airports: [{ name: 'Belgrade Nikola Tesla', code: 'BEG', lon: 20.3, lat: 44.82 }],
  ports: [{ name: 'Bar', lon: 19.09, lat: 42.09 }],
  physical: [
    { name: 'Adriatic Sea', kind: 'sea', elevation: null, rank: 3, lon: 16, lat: 43 },
    { name: 'BALKAN PEN.', kind: 'region', elevation: null, rank: 2, lon: 19.5, lat: 43 },
    { name: 'Dinaric Alps', kind: 'range', elevation: null, rank: 4, lon: 17.5, lat: 44 },
    { name: 'Durmitor', kind: 'peak', elevation: 2522, rank: 9, lon: 19.03, lat: 43.13 },
  ],
};

const input = mapLayerInput;

const ids = (patch: Partial<MapLayerInput>): string[] => buildLayers(input(patch)).map((l) => l.id);
const basemapIds = (patch: Partial<MapLayerInput>): string[] =>
  ids(patch).filter((id) => id.startsWith('basemap-'));

describe('basemap layers in the map', () => {
  it('draws the orientation names and symbols under everything the operation draws', () => {
    const all = ids({ basemap, zoom: 7 });
    expect(all.filter((id) => id.startsWith('basemap-'))).toEqual([
      'basemap-physical-names',
      'basemap-river-names',
      'basemap-peaks',
      'basemap-peak-names',
      'basemap-airports',
      'basemap-ports',
    ]);
    // Every basemap layer comes before the first of the operation's.
    const lastBasemap = Math.max(...all.map((id, i) => (id.startsWith('basemap-') ? i : -1)));
    expect(lastBasemap).toBe(basemapIds({ basemap, zoom: 7 }).length - 1);
    expect(all.indexOf('sector-corridors')).toBeGreaterThan(lastBasemap);
  });

  it('is hidden, all of it, by the basemap toggle, and only by it', () => {
    expect(basemapIds({ basemap, layers: { ...allOn, basemap: false } })).toEqual([]);
    expect(basemapIds({ basemap, layers: { ...allOn, towns: false } }).length).toBeGreaterThan(0);
    expect(ids({ basemap, layers: { ...allOn, basemap: false } })).toContain('sectors');
  });

  it('shows each kind at the zooms it helps at', () => {
    expect(basemapIds({ basemap, zoom: 4 })).toEqual(['basemap-places', 'basemap-place-names']);
    expect(basemapIds({ basemap, zoom: 5.5 })).toEqual([
      'basemap-physical-names',
      'basemap-river-names',
      'basemap-places',
      'basemap-place-names',
    ]);
    expect(basemapIds({ basemap, zoom: BASEMAP_ZOOM.physicalUntil })).toEqual([
      'basemap-river-names',
      'basemap-airports',
      'basemap-ports',
    ]);
  });

  it('names the big rivers at the overview and every river zoomed in', () => {
    const named = (zoom: number): unknown =>
      buildLayers(input({ basemap, zoom })).find((l) => l.id === 'basemap-river-names')?.props.data;
    expect(named(5.5)).toEqual([basemap.riverLabels[0]]);
    // The same array while the zoom stays on the same side, so deck.gl does not rebuild the layer.
    expect(named(5.5)).toBe(named(6));
    expect(named(BASEMAP_ZOOM.riverNames)).toBe(basemap.riverLabels);
    expect(named(BASEMAP_ZOOM.closeRiverNames)).toBe(basemap.riverLabelsClose);
  });

  it('leaves out names of areas wider than the region, which would sit on the operation', () => {
    const names = buildLayers(input({ basemap, zoom: 6 })).find((l) => l.id === 'basemap-physical-names')
      ?.props.data as { name: string }[];
    expect(names.map((p) => p.name)).toEqual(['Adriatic Sea', 'Dinaric Alps']);
  });

  it('names only capitals at the overview, and all places once there is room', () => {
    const places = (zoom: number): unknown =>
      buildLayers(input({ basemap, zoom })).find((l) => l.id === 'basemap-place-names')?.props.data;
    expect(places(5)).toEqual([basemap.places[0]]);
    expect(places(6.5)).toEqual(basemap.places);
  });

  it('draws nothing for orientation before its data has loaded', () => {
    const layers = buildLayers(input({ basemap: EMPTY_BASEMAP, zoom: 7 }));
    for (const layer of layers.filter((l) => l.id.startsWith('basemap-')))
      expect(layer.props.data).toEqual([]);
  });
});

function rivers(
  lines: [string | null, number[][]][],
): FeatureCollection<MultiLineString, { name: string | null }> {
  return {
    type: 'FeatureCollection',
    features: lines.map(([name, line]) => ({
      type: 'Feature',
      properties: { name },
      geometry: { type: 'MultiLineString', coordinates: [line] },
    })),
  };
}

describe('riverLabels', () => {
  it('puts a name at the middle of a river, turned along it and upright', () => {
    // Flowing west, so the raw direction is upside down; the name must still read left to right.
    const [label, ...rest] = riverLabels(
      rivers([
        [
          'Sava',
          [
            [19.5, 45],
            [19.0, 45],
          ],
        ],
      ]),
    );
    expect(rest).toEqual([]);
    expect(label).toMatchObject({ name: 'Sava', lat: 45, angle: 0, rank: 12 });
    expect(label?.lon).toBeCloseTo(19.25, 5);
  });

  it("turns a name to the line's direction as Web Mercator shows it", () => {
    // A line going north-east by equal degrees looks steeper than 45° on the map at 44° N.
    const [label] = riverLabels(
      rivers([
        [
          'Drina',
          [
            [19, 44],
            [19.5, 44.5],
          ],
        ],
      ]),
    );
    const expected = (Math.atan2(0.5 / Math.cos((44.25 * Math.PI) / 180), 0.5) * 180) / Math.PI;
    expect(label?.angle).toBeCloseTo(expected, 0);
    const [south] = riverLabels(
      rivers([
        [
          'Drina',
          [
            [19.5, 44.5],
            [19, 44],
          ],
        ],
      ]),
    );
    expect(south?.angle).toBeCloseTo(expected, 0);
  });

  it('names a long river several times, a stub and an unnamed line never', () => {
    const danube: number[][] = [];
    for (let lon = 14; lon <= 22; lon += 0.1) danube.push([lon, 45]);
    const labels = riverLabels(
      rivers([
        ['Danube', danube],
        [
          'Stub',
          [
            [20, 43],
            [20.1, 43],
          ],
        ],
        [
          null,
          [
            [20, 42],
            [22, 42],
          ],
        ],
      ]),
    );
    expect(labels.every((l) => l.name === 'Danube')).toBe(true);
    // About 630 km of river: one name per ~140 km, or per ~35 km for the close view.
    expect(labels.length).toBe(4);
    const close = riverLabels(rivers([['Danube', danube]]), RIVER_LABEL_SPACING_KM.close);
    expect(close.length).toBe(17);
  });

  it('keeps one name where two source lines of the same river overlap', () => {
    const line = [
      [19, 45],
      [20, 45],
    ];
    expect(
      riverLabels(
        rivers([
          ['Sava', line],
          ['Sava', line],
        ]),
      ),
    ).toHaveLength(1);
  });
});

describe('parsing the orientation files', () => {
  it('keeps the good entries and leaves out the broken ones', () => {
    const json = [
      { name: 'Belgrade', capital: true, population: 1, lon: 20.46, lat: 44.82 },
      { name: '', lon: 1, lat: 2 },
      { name: 'No position' },
      'not an entry',
      null,
    ];
    expect(parsePlaces(json)).toEqual([
      { name: 'Belgrade', capital: true, population: 1, lon: 20.46, lat: 44.82 },
    ]);
    expect(parsePlaces({ not: 'a list' })).toEqual([]);
    expect(parseAirports([{ name: 'Tivat', code: 'TIV', lon: 18.7, lat: 42.4 }])).toEqual([
      { name: 'Tivat', code: 'TIV', lon: 18.7, lat: 42.4 },
    ]);
    expect(parsePorts([{ name: 'Bar', lon: 19.1, lat: 42.1, rank: 8 }])).toEqual([
      { name: 'Bar', lon: 19.1, lat: 42.1 },
    ]);
    expect(
      parsePhysical([
        { name: 'Korab', kind: 'peak', elevation: 2764, rank: 7, lon: 20.5, lat: 41.8 },
        { name: 'Odd', kind: 'volcano', lon: 1, lat: 1 },
      ]),
    ).toEqual([{ name: 'Korab', kind: 'peak', elevation: 2764, rank: 7, lon: 20.5, lat: 41.8 }]);
  });
});
