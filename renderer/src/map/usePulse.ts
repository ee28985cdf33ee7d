import type { Layer } from '@deck.gl/core';
import { useEffect, useMemo, useState } from 'react';
import type { Incident } from '../../../shared/state';
import { buildPulseLayers, PULSE_STEP_MS, PULSE_STEPS } from './layers';
import type { MapLive } from './mapLive';

/**
 * The pulse round the most urgent unacknowledged incidents, on a canvas of its own (deckOverlays.ts).
 * A step redraws only that canvas, but with software WebGL even that is not free, so the pulse
 * steps at most ~4 times a second, only while there are any, waits while the camera moves, never
 * overlaps a step still being drawn, and keeps its canvas busy at most a third of the time.
 * Officers who ask for reduced motion get a steady ring instead of a pulse (and so do the
 * end-to-end tests, where every animation frame is software-rendered).
 */

/** The pulse slows down on a slow machine but never stops. */
export const PULSE_MAX_WAIT_MS = 2_000;

/** A step asked for and not drawn within this long is taken as lost (a hidden page), not drawing. */
const DRAW_GIVE_UP_MS = 5_000;

/** True when the pulse may take its next step at animation time `t`, the last step taken at `last`. */
export function pulseDue(live: Readonly<MapLive>, t: number, last: number): boolean {
  const drawing = live.pulseRequestedAt !== null && t - live.pulseRequestedAt < DRAW_GIVE_UP_MS;
  const wait = Math.min(PULSE_MAX_WAIT_MS, Math.max(PULSE_STEP_MS, 3 * live.pulseFrameCost));
  return !live.moving && !drawing && t - last >= wait;
}

/** The pulse canvas's layers: rings round `pulsing`, stepped while `on` and there are any. */
export function usePulseLayers(live: MapLive, on: boolean, pulsing: readonly Incident[]): Layer[] {
  const [pulseStep, setPulseStep] = useState(0);
  const reducedMotion = useReducedMotion();
  const active = on && pulsing.length > 0 && !reducedMotion;
  useEffect(() => {
    if (!active) return;
    live.pulseRequestedAt = null;
    let frame = 0;
    let last = performance.now();
    const tick = (t: number): void => {
      if (pulseDue(live, t, last)) {
        last = t;
        live.pulseRequestedAt = t;
        setPulseStep((s) => (s + 1) % PULSE_STEPS);
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [live, active]);
  return useMemo(() => buildPulseLayers({ on, pulsing, pulseStep }), [on, pulsing, pulseStep]);
}

/** True while the system asks for reduced motion; follows changes to the setting. */
function useReducedMotion(): boolean {
  // eslint-disable-next-line i18next/no-literal-string -- a media query, not text
  const query = '(prefers-reduced-motion: reduce)';
  const [reduced, setReduced] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const onChange = (): void => setReduced(list.matches);
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, []);
  return reduced;
}
