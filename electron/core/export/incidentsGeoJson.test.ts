import { beforeAll, describe, expect, it } from 'vitest';
import type { OperationState } from '../../../shared/state';
import { featureCollectionErrors } from './exportChecks';
import { exportFixture, HOSTILE } from './exportFixtures';
import { INCIDENT_COLUMNS } from './incidentRecord';
import { incidentsGeoJson } from './incidentsGeoJson';
import type { ExportMeta } from './types';

let state: OperationState;
let meta: ExportMeta;

beforeAll(() => {
  ({ state, meta } = exportFixture());
});

describe('incidentsGeoJson', () => {
  it('is a valid FeatureCollection, also after a JSON round trip', () => {
    const collection = incidentsGeoJson(state, meta);
    expect(featureCollectionErrors(collection)).toEqual([]);
    const text = JSON.stringify(collection);
    expect(featureCollectionErrors(JSON.parse(text))).toEqual([]);
    // Lone surrogates are written as escapes, so the file is valid UTF-8.
    expect(text).toContain('\\ud800');
  });

  it('carries the meta as the foreign member `watchfloor`, times as ISO', () => {
    expect(incidentsGeoJson(state, meta).watchfloor).toEqual({
      operationId: 'JO-WB-11',
      operationName: HOSTILE.operationName,
      mode: 'exercise',
      modeLabel: 'EXERCISE',
      exportedAt: '2026-10-05T09:00:05.000Z',
      from: '2026-10-05T06:00:00.000Z',
      to: '2026-10-05T09:00:00.000Z',
    });
  });

  it('has one Point per incident at [lon, lat], in report order, with flat properties', () => {
    const { features } = incidentsGeoJson(state, meta);
    expect(features).toHaveLength(Object.keys(state.incidents).length);
    let last = -Infinity;
    for (const feature of features) {
      const incident = state.incidents[feature.properties.incidentId as string]!;
      expect(feature.id).toBe(incident.incidentId);
      expect(feature.geometry).toEqual({ type: 'Point', coordinates: [incident.lon, incident.lat] });
      expect(Object.keys(feature.properties)).toEqual([...INCIDENT_COLUMNS]);
      for (const value of Object.values(feature.properties)) {
        expect(value === null || typeof value === 'string' || typeof value === 'number').toBe(true);
      }
      expect(Date.parse(feature.properties.reportedAt as string)).toBe(incident.reportedAt);
      expect(feature.properties.mode).toBe('EXERCISE');
      expect(incident.reportedAt).toBeGreaterThanOrEqual(last);
      last = incident.reportedAt;
    }
  });

  it('keeps hostile text as it is (JSON needs no formula guard) and numbers as numbers', () => {
    const feature = incidentsGeoJson(state, meta).features.find((f) => f.id === 'INC-HOSTILE-1')!;
    expect(feature.properties.title).toBe(HOSTILE.title);
    expect(feature.properties.outcome).toBe(HOSTILE.outcome);
    expect(feature.properties.lon).toBe(-0.0000001);
    expect(feature.properties.drugsKg).toBe(0.25);
    expect(feature.properties.closedAt).toBe('2026-10-05T06:36:00.000Z');
    expect(feature.geometry.coordinates).toEqual([-0.0000001, 51.4779]);
    const west = incidentsGeoJson(state, meta).features.find((f) => f.id === 'INC-HOSTILE-3')!;
    expect(west.geometry.coordinates).toEqual([-73.9857, -40.7484]);
  });
});
