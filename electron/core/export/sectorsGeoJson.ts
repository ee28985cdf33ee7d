import type { Polygon } from 'geojson';
import type { ImpactLevel } from '../../../shared/domain';
import type { OperationState, Sector } from '../../../shared/state';
import { LIST_SEPARATOR } from './incidentRecord';
import { exportMetaJson, isoTime, modeLabel } from './labels';
import { rfc7946Rings } from './polygonRings';
import type { ExportMeta } from './types';
import type { WatchfloorCollection } from './watchfloorCollection';

/** A sector's flat properties in the GeoJSON export (a type, so it is a record of cells). */
export type SectorRecord = {
  operationId: string;
  mode: string;
  sectorId: string;
  name: string;
  countries: string;
  impactLevel: ImpactLevel;
  impactChangedAt: string | null;
  impactReason: string | null;
  responsibleAgency: string;
};

/** Sectors sorted by id, so that two exports of the same picture are the same file. */
export function sectorsInIdOrder(state: OperationState): Sector[] {
  return Object.values(state.sectors).sort((a, b) =>
    a.sectorId < b.sectorId ? -1 : a.sectorId > b.sectorId ? 1 : 0,
  );
}

/** The flat record of one sector. */
export function sectorRecord(sector: Sector, meta: ExportMeta): SectorRecord {
  return {
    operationId: meta.operationId,
    mode: modeLabel(meta.mode),
    sectorId: sector.sectorId,
    name: sector.name,
    countries: sector.countries.join(LIST_SEPARATOR),
    impactLevel: sector.impactLevel,
    impactChangedAt: isoTime(sector.impactChangedAt),
    impactReason: sector.impactReason ?? null,
    responsibleAgency: sector.responsibleAgency,
  };
}

/**
 * The sectors' corridors as GeoJSON Polygons with their impact level at the end of the window, for
 * GIS tools. Rings are closed and oriented per RFC 7946 whatever the feed sent; a sector whose
 * corridor is not a ring keeps its feature with a null geometry rather than vanishing.
 */
export function sectorsGeoJson(
  state: OperationState,
  meta: ExportMeta,
): WatchfloorCollection<Polygon | null, SectorRecord> {
  return {
    type: 'FeatureCollection',
    watchfloor: exportMetaJson(meta),
    features: sectorsInIdOrder(state).map((sector) => {
      const rings = rfc7946Rings(sector.corridor);
      return {
        type: 'Feature',
        id: sector.sectorId,
        geometry: rings === null ? null : { type: 'Polygon', coordinates: rings },
        properties: sectorRecord(sector, meta),
      };
    }),
  };
}
