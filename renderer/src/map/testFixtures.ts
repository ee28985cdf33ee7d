import { LAYER_IDS, type LayerId } from '../store/types';
import type { MapLayerInput } from './layers';

/** Every layer switched on. */
export const ALL_LAYERS_ON = Object.fromEntries(LAYER_IDS.map((id) => [id, true])) as Record<
  LayerId,
  boolean
>;

/** An empty map at zoom 7 with every layer on, changed by `patch`: what layer tests build from. */
export function mapLayerInput(patch: Partial<MapLayerInput>): MapLayerInput {
  return {
    layers: ALL_LAYERS_ON,
    zoom: 7,
    sectors: [],
    crossings: [],
    towns: { major: [], minor: [] },
    countryLabels: [],
    unitLayers: [],
    trails: [],
    links: [],
    incidents: [],
    rings: [],
    selection: null,
    ...patch,
  };
}
