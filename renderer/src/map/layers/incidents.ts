import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import { isIncidentOnMap } from '../../../../shared/domainRules';
import type { Incident } from '../../../../shared/state';
import type { RowRange } from '../stableRows';
import {
  HOVER_RGBA,
  INCIDENT_RADIUS,
  INVISIBLE_RGBA,
  OUTLINE_RGBA,
  PRIORITY_FADED_RGBA,
  PRIORITY_RGBA,
} from './style';

/**
 * The incidents, a dot each sized and coloured by priority (faded once resolved). Every incident
 * has its row in a stable order: those not on the map are drawn invisible, and `dataDiff` names the
 * rows that changed, so that a change updates only its own rows.
 */
export function incidentLayer(
  incidents: readonly Incident[],
  dataDiff?: (newData: unknown, oldData: unknown) => RowRange[],
): Layer {
  return new ScatterplotLayer<Incident>({
    id: 'incidents',
    data: incidents,
    _dataDiff: dataDiff,
    getPosition: (i) => [i.lon, i.lat],
    radiusUnits: 'pixels',
    getRadius: (i) => (isIncidentOnMap(i) ? INCIDENT_RADIUS[i.priority] : 0),
    getFillColor: (i) =>
      isIncidentOnMap(i)
        ? (i.status === 'resolved' ? PRIORITY_FADED_RGBA : PRIORITY_RGBA)[i.priority]
        : INVISIBLE_RGBA,
    stroked: true,
    getLineColor: (i) => (isIncidentOnMap(i) ? OUTLINE_RGBA : INVISIBLE_RGBA),
    lineWidthUnits: 'pixels',
    getLineWidth: (i) => (isIncidentOnMap(i) ? 1 : 0),
    pickable: true,
    autoHighlight: true,
    highlightColor: HOVER_RGBA,
  });
}
