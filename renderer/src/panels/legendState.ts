import { useSyncExternalStore } from 'react';

/**
 * Whether the map's key (Legend.tsx) is open: a view preference of this window, nothing the host
 * keeps. The legend's button and the command palette's "legend" command share it.
 */

let legendOpen = false;
const listeners = new Set<() => void>();

/** Opens or closes the legend. */
export function setLegendOpen(open: boolean): void {
  if (open === legendOpen) return;
  legendOpen = open;
  for (const listener of listeners) listener();
}

/** Opens the legend, or closes it when open (the command and the button). */
export function toggleLegend(): void {
  setLegendOpen(!legendOpen);
}

/** True while the legend is open (outside React). */
export function isLegendOpen(): boolean {
  return legendOpen;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True while the legend is open; the component re-renders when it opens or closes. */
export function useLegendOpen(): boolean {
  return useSyncExternalStore(subscribe, isLegendOpen);
}
