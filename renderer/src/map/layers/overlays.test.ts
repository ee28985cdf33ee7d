import { describe, expect, it } from 'vitest';
import type { OverlayCollection } from '../../../../shared/overlay';
import { buildLayerGroups } from '../layers';
import { pickedSelection, pickedTooltip } from '../picking';
import { mapLayerInput } from '../testFixtures';
import { toSectorRows } from '../mapData';
import { makeSector } from '../../panels/testFixtures';
import { OVERLAY_LABEL_ZOOM } from './overlays';

const POSTS: OverlayCollection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [19.97, 46.15] },
      properties: { name: 'Post Horgoš', description: 'Joint patrol meeting point' },
    },
    {
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [
          [19.6, 46.17],
          [19.7, 46.18],
        ],
      },
      properties: {},
    },
  ],
};
const overlays = [{ overlayId: 'o-1', name: 'posts.kml', collection: POSTS }];

describe('overlays on the map', () => {
  it('are drawn on the base canvas over the sector lines and under their names, with point names from zoom 8', () => {
    const sectors = toSectorRows({ S1: makeSector('S1') });
    const ids = (zoom: number): string[] =>
      buildLayerGroups(mapLayerInput({ sectors, overlays, zoom })).base.map((l) => l.id);
    const near = ids(OVERLAY_LABEL_ZOOM);
    expect(near.indexOf('overlay-o-1')).toBeGreaterThan(near.indexOf('sectors'));
    expect(near.indexOf('overlay-o-1')).toBeLessThan(near.indexOf('sector-names'));
    expect(near).toContain('overlay-names-o-1');
    expect(ids(OVERLAY_LABEL_ZOOM - 1)).not.toContain('overlay-names-o-1');
    // Never on the canvases of the live picture.
    const groups = buildLayerGroups(mapLayerInput({ sectors, overlays }));
    expect([...groups.incidents, ...groups.units].some((l) => l.id.startsWith('overlay-'))).toBe(false);
  });

  it('name a hovered feature, and select nothing', () => {
    const feature = POSTS.features[0]!;
    expect(pickedTooltip('overlay-o-1', feature, 0)).toContain('Post Horgoš\nJoint patrol meeting point');
    expect(pickedSelection('overlay-o-1', feature)).toBeNull();
  });
});
