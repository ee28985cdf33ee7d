import { describe, expect, it } from 'vitest';
import { isFeatureCollection } from './geoData';
import { zoomStep } from './maplibreMap';

describe('the basemap', () => {
  it('hands maplibre only what is a GeoJSON feature collection (an older or broken file is left out)', () => {
    expect(isFeatureCollection({ type: 'FeatureCollection', features: [] })).toBe(true);
    expect(isFeatureCollection({ type: 'FeatureCollection' })).toBe(false);
    expect(isFeatureCollection({ type: 'Feature', features: [] })).toBe(false);
    expect(isFeatureCollection(null)).toBe(false);
    expect(isFeatureCollection('FeatureCollection')).toBe(false);
  });

  it('redraws labels and ticks only when the zoom crosses a half step', () => {
    expect(zoomStep(7.49)).toBe(7);
    expect(zoomStep(7.5)).toBe(7.5);
    expect(zoomStep(7.99)).toBe(7.5);
  });
});
