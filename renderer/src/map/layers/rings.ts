import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { Incident } from '../../../../shared/state';
import type { RingRow } from '../mapData';
import type { RowRange } from '../stableRows';
import { INCIDENT_RADIUS, INVISIBLE_RGBA, PRIORITY_RGBA } from './style';

/** Pulse animation of unacknowledged incidents: steps per cycle, stepped ~4 times a second. */
export const PULSE_STEPS = 6;
export const PULSE_STEP_MS = 250;

/** The steady ring round each unacknowledged incident that does not pulse (one row per incident). */
export function unacknowledgedRingLayer(
  rings: readonly RingRow[],
  dataDiff?: (newData: unknown, oldData: unknown) => RowRange[],
): Layer {
  return new ScatterplotLayer<RingRow>({
    id: 'incident-unacknowledged',
    data: rings,
    _dataDiff: dataDiff,
    getPosition: (r) => [r.incident.lon, r.incident.lat],
    radiusUnits: 'pixels',
    getRadius: (r) => (r.ring ? INCIDENT_RADIUS[r.incident.priority] + 3 : 0),
    filled: false,
    stroked: true,
    getLineColor: (r) => (r.ring ? PRIORITY_RGBA[r.incident.priority] : INVISIBLE_RGBA),
    lineWidthUnits: 'pixels',
    getLineWidth: (r) => (r.ring ? 1.5 : 0),
  });
}

/**
 * The pulse around the most urgent unacknowledged incidents, for the map's pulse overlay: a canvas
 * of its own under the operation's, so that a step of the animation redraws only these rings and
 * not the tens of thousands of objects on the main canvas. The pulse moves only uniforms
 * (radiusScale, opacity): the rings' attributes are built once per data change.
 */
export function buildPulseLayers(input: {
  readonly on: boolean;
  readonly pulsing: readonly Incident[];
  /** 0 … PULSE_STEPS-1. */
  readonly pulseStep: number;
}): Layer[] {
  if (!input.on || input.pulsing.length === 0) return [];
  const phase = input.pulseStep / PULSE_STEPS;
  return [
    new ScatterplotLayer<Incident>({
      id: 'incident-pulse',
      data: input.pulsing,
      getPosition: (i) => [i.lon, i.lat],
      radiusUnits: 'pixels',
      getRadius: (i) => INCIDENT_RADIUS[i.priority] + 3,
      radiusScale: 1 + 1.2 * phase,
      opacity: 0.9 * (1 - phase),
      filled: false,
      stroked: true,
      getLineColor: (i) => PRIORITY_RGBA[i.priority],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
    }),
  ];
}
