import { describe, expect, it } from 'vitest';
import type { Annotation, OperationState } from '../../../shared/state';
import { epochMs, lngLat } from '../../../shared/units';
import { annotationsGeoJson } from './annotationsGeoJson';
import { featureCollectionErrors } from './exportChecks';
import { exportFixture } from './exportFixtures';
import { ringArea2 } from './polygonRings';

const T0 = Date.UTC(2026, 9, 5, 6);

function annotation(id: string, patch: Partial<Annotation>): Annotation {
  return {
    annotationId: id,
    kind: 'point',
    coordinates: [lngLat(19.1, 44.4)],
    color: 'sky',
    author: 'Insp. Marković',
    createdAt: epochMs(T0),
    deletedAt: null,
    deletedBy: null,
    ...patch,
  };
}

describe('annotationsGeoJson', () => {
  it('writes the annotations on the map, oldest first, as valid GeoJSON with a closed counter-clockwise area', () => {
    const { state: base, meta } = exportFixture();
    const state: OperationState = {
      ...base,
      annotations: {
        // Clockwise as drawn: the export turns it round.
        AREA: annotation('AREA', {
          kind: 'polygon',
          coordinates: [lngLat(19, 44), lngLat(19, 44.1), lngLat(19.1, 44.1)],
          createdAt: epochMs(T0 + 2),
        }),
        ROUTE: annotation('ROUTE', {
          kind: 'line',
          coordinates: [lngLat(19, 44), lngLat(19.2, 44.2)],
          color: 'orange',
          createdAt: epochMs(T0 + 1),
        }),
        NOTE: annotation('NOTE', { kind: 'text', text: '=HYPERLINK("x")', createdAt: epochMs(T0 + 3) }),
        GONE: annotation('GONE', { deletedAt: epochMs(T0 + 5), deletedBy: 'Desk 2' }),
      },
    };
    const collection = annotationsGeoJson(state, meta);
    expect(featureCollectionErrors(JSON.parse(JSON.stringify(collection)))).toEqual([]);
    expect(collection.features.map((f) => f.id)).toEqual(['ROUTE', 'AREA', 'NOTE']);
    const area = collection.features[1]!;
    expect(area.geometry?.type).toBe('Polygon');
    const ring = (area.geometry as { coordinates: number[][][] }).coordinates[0]!;
    expect(ring).toHaveLength(4);
    expect(ring[0]).toEqual(ring[3]);
    expect(ringArea2(ring)).toBeGreaterThan(0);
    expect(collection.features[0]!.properties).toMatchObject({
      kind: 'line',
      color: 'orange',
      colorHex: '#ff922b',
    });
    expect(collection.features[2]).toMatchObject({
      geometry: { type: 'Point', coordinates: [19.1, 44.4] },
      properties: {
        kind: 'text',
        text: '=HYPERLINK("x")',
        author: 'Insp. Marković',
        createdAt: '2026-10-05T06:00:00.003Z',
      },
    });
  });
});
