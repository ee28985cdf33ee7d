import { beforeAll, describe, expect, it } from 'vitest';
import type { OperationState } from '../../../shared/state';
import { featureCollectionErrors } from './exportChecks';
import { CLOCKWISE_CORRIDOR, exportFixture, HOSTILE } from './exportFixtures';
import { ringArea2 } from './polygonRings';
import { sectorsGeoJson } from './sectorsGeoJson';
import type { ExportMeta } from './types';

let state: OperationState;
let meta: ExportMeta;

beforeAll(() => {
  ({ state, meta } = exportFixture());
});

describe('sectorsGeoJson', () => {
  it('is a valid FeatureCollection with the meta as `watchfloor`', () => {
    const collection = sectorsGeoJson(state, meta);
    expect(featureCollectionErrors(collection)).toEqual([]);
    expect(featureCollectionErrors(JSON.parse(JSON.stringify(collection)))).toEqual([]);
    expect(collection.watchfloor.mode).toBe('exercise');
    expect(collection.watchfloor.modeLabel).toBe('EXERCISE');
  });

  it('gives every real sector a closed corridor with a counter-clockwise exterior, holding the same positions', () => {
    const { features } = sectorsGeoJson(state, meta);
    expect(features).toHaveLength(Object.keys(state.sectors).length);
    expect(features.length).toBeGreaterThan(40);
    for (const feature of features) {
      const sector = state.sectors[feature.id as string]!;
      const rings = feature.geometry!.coordinates;
      expect(rings).toHaveLength(sector.corridor.length);
      rings.forEach((ring, i) => {
        expect(ring[0]).toEqual(ring[ring.length - 1]);
        expect(ring.length).toBeGreaterThanOrEqual(4);
        if (i === 0) expect(ringArea2(ring)).toBeGreaterThan(0);
        else expect(ringArea2(ring)).toBeLessThan(0);
        const key = (p: readonly number[]): string => `${p[0]},${p[1]}`;
        expect(new Set(ring.map(key))).toEqual(new Set(sector.corridor[i]!.map(key)));
      });
    }
  });

  it('reverses and closes a clockwise, open corridor and its hole', () => {
    const feature = sectorsGeoJson(state, meta).features.find((f) => f.id === 'X-HOSTILE')!;
    const [outer, hole] = CLOCKWISE_CORRIDOR;
    expect(feature.geometry!.coordinates).toEqual([
      [...outer!, outer![0]!].reverse(),
      [...hole!, hole![0]!].reverse(),
    ]);
  });

  it('has flat properties: name, countries, impact level, reason, agency, times as ISO', () => {
    const feature = sectorsGeoJson(state, meta).features.find((f) => f.id === 'X-HOSTILE')!;
    expect(feature.properties).toEqual({
      operationId: 'JO-WB-11',
      mode: 'EXERCISE',
      sectorId: 'X-HOSTILE',
      name: HOSTILE.sectorName,
      countries: 'RS; HU',
      impactLevel: 'critical',
      impactChangedAt: '2026-10-05T06:30:00.000Z',
      impactReason: HOSTILE.reason,
      responsibleAgency: 'Border police <HU>',
    });
  });

  it('keeps a sector whose corridor is not a ring, with a null geometry', () => {
    const sector = state.sectors['X-HOSTILE']!;
    const broken = {
      ...state,
      sectors: { 'X-HOSTILE': { ...sector, corridor: [sector.corridor[0]!.slice(0, 2)] } },
    };
    const collection = sectorsGeoJson(broken, meta);
    expect(collection.features.map((f) => f.geometry)).toEqual([null]);
    expect(featureCollectionErrors(collection)).toEqual([]);
  });
});
