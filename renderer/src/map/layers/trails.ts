import type { Layer } from '@deck.gl/core';
import { PathLayer } from '@deck.gl/layers';
import type { TrailRow } from '../mapData';
import { AGENCY_TRAIL_RGBA } from './style';

/** The units' recent tracks, in their agency's colour. */
export function trailLayer(trails: readonly TrailRow[]): Layer {
  return new PathLayer<TrailRow>({
    id: 'trails',
    data: trails,
    getPath: (t) => t.path,
    getColor: (t) => AGENCY_TRAIL_RGBA[t.agency],
    getWidth: 1.5,
    widthUnits: 'pixels',
    jointRounded: true,
  });
}
