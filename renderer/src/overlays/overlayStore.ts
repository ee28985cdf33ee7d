import { useSyncExternalStore } from 'react';
import {
  OVERLAY_LIMITS,
  OVERLAY_PROBLEMS,
  OverlayRefusal,
  type OverlayCollection,
  type OverlayProblem,
  type OverlaySummary,
} from '../../../shared/overlay';
import { t } from '../i18n/i18n';
import type { OverlayLayerData } from '../map/layers/overlays';
import { ui } from '../store/uiStore';
import { browserParseXml, convertOverlayFile } from './convertOverlay';

/**
 * The operation's overlays as this page holds them: the list the core keeps, the features of the
 * visible ones, and what the last attempt to open a file said. A small store of its own, like the
 * legend's: the map, the list and the commands share it; the host keeps the overlays themselves.
 */
export interface OverlayView {
  readonly operationId: string | null;
  readonly overlays: readonly OverlaySummary[];
  /** Features of the overlays fetched so far, by overlay id. */
  readonly features: Readonly<Record<string, OverlayCollection>>;
  /** What the last file opened came to (a refusal in the officer's language), or null. */
  readonly message: { kind: 'refused' | 'added'; text: string } | null;
  readonly busy: boolean;
  /** The visible overlays with their features, for the map (a new array only when they change). */
  readonly drawn: readonly OverlayLayerData[];
}

let view: OverlayView = {
  operationId: null,
  overlays: [],
  features: {},
  message: null,
  busy: false,
  drawn: [],
};
const listeners = new Set<() => void>();

function set(patch: Partial<OverlayView>): void {
  const next = { ...view, ...patch };
  if ('overlays' in patch || 'features' in patch)
    next.drawn = next.overlays.flatMap((o) => {
      const collection = next.features[o.overlayId];
      return o.visible && collection ? [{ overlayId: o.overlayId, name: o.name, collection }] : [];
    });
  view = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The overlays' state, for components. */
export function useOverlays(): OverlayView {
  return useSyncExternalStore(subscribe, () => view);
}

/** The overlays as they are now (outside React: picking, commands). */
export function overlaySnapshot(): OverlayView {
  return view;
}

/** The problem an error of the core names ("overlay refused (tooBig): …"), if it names one. */
export function overlayProblemOf(error: string): OverlayProblem | null {
  const code = /overlay refused \((\w+)\)/.exec(error)?.[1];
  return (OVERLAY_PROBLEMS as readonly string[]).includes(code ?? '') ? (code as OverlayProblem) : null;
}

function refused(problem: OverlayProblem | null, fileName: string, fallback: string): void {
  const text = problem
    ? t(`map:overlays.problem.${problem}`, {
        file: fileName,
        features: OVERLAY_LIMITS.maxFeatures.toLocaleString(),
        vertices: OVERLAY_LIMITS.maxVertices.toLocaleString(),
        megabytes: Math.round(OVERLAY_LIMITS.maxBytes / 1024 / 1024),
      })
    : fallback;
  set({
    busy: false,
    message: { kind: 'refused', text: t('map:overlays.refused', { file: fileName, reason: text }) },
  });
}

async function fetchFeatures(overlayId: string): Promise<void> {
  if (view.features[overlayId]) return;
  const outcome = await ui.call('overlay:features', { overlayId });
  if (outcome.ok) set({ features: { ...view.features, [overlayId]: outcome.value } });
}

/** Loads the operation's overlays from the host (at start, and when the operation changes). */
export async function loadOverlays(): Promise<void> {
  const outcome = await ui.call('overlay:list', {});
  if (!outcome.ok) return;
  const { operationId, overlays } = outcome.value;
  set({ operationId, overlays, ...(operationId !== view.operationId ? { features: {} } : {}) });
  await Promise.all(overlays.filter((o) => o.visible).map((o) => fetchFeatures(o.overlayId)));
}

/**
 * Converts a file's bytes, hands the result to the host to keep, and shows it; a refusal is said
 * in the officer's language and leaves every overlay kept as it was.
 */
export async function addOverlayFile(fileName: string, bytes: Uint8Array): Promise<void> {
  set({ busy: true, message: null });
  let converted;
  try {
    converted = convertOverlayFile(fileName, bytes, browserParseXml);
  } catch (error) {
    if (error instanceof OverlayRefusal) return refused(error.problem, fileName, error.message);
    return refused(null, fileName, error instanceof Error ? error.message : String(error));
  }
  // The host takes up to the cap (the browser host's socket refuses more).
  if (JSON.stringify(converted.collection).length > OVERLAY_LIMITS.maxBytes)
    return refused('tooBig', fileName, '');
  const outcome = await ui.call('overlay:add', {
    name: converted.name,
    format: converted.format,
    collection: converted.collection,
  });
  if (!outcome.ok) return refused(overlayProblemOf(outcome.error), fileName, outcome.error);
  const added = outcome.value;
  set({
    busy: false,
    overlays: [...view.overlays, added],
    features: { ...view.features, [added.overlayId]: converted.collection },
    message: {
      kind: 'added',
      text: t('map:overlays.added', { file: added.name }),
    },
  });
  showOnMap(converted.collection);
}

/** The zoom that shows a span of degrees across a map this many pixels wide, within sensible limits. */
function zoomFor(spanDegrees: number, widthPx: number): number {
  // maplibre's world is 512 px wide at zoom 0; a margin of about a third on each side.
  const zoom = Math.log2((360 * widthPx) / 512 / Math.max(spanDegrees, 1e-4)) - 0.7;
  return Math.min(13, Math.max(5, Math.floor(zoom * 2) / 2));
}

/** Moves the map to show a newly opened overlay whole (the officer opened it to see it). */
function showOnMap(collection: OverlayCollection): void {
  let [west, south, east, north] = [180, 90, -180, -90];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [lon, lat] = c as [number, number];
      west = Math.min(west, lon);
      east = Math.max(east, lon);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    } else if (Array.isArray(c)) for (const item of c) walk(item);
  };
  for (const f of collection.features) walk(f.geometry.coordinates);
  if (west > east) return;
  const map = document.querySelector('[data-testid="map"]');
  const width = map ? Math.min(map.clientWidth, map.clientHeight) : 800;
  // Latitude degrees are longer on the map than longitude ones away from the equator.
  const span = Math.max(east - west, (north - south) / Math.cos((((north + south) / 2) * Math.PI) / 180));
  ui.flyTo((west + east) / 2, (south + north) / 2, zoomFor(span, width));
}

/** Reads a file the officer picked in the page (the browser host), size first. */
export async function addPickedFile(file: File): Promise<void> {
  if (file.size > OVERLAY_LIMITS.maxBytes) return refused('tooBig', file.name, '');
  await addOverlayFile(file.name, new Uint8Array(await file.arrayBuffer()));
}

/** The page's file picker, registered by the overlay list (the browser host has no dialog). */
let pickInPage: (() => void) | null = null;
export function setPagePicker(pick: (() => void) | null): void {
  pickInPage = pick;
}

/** "Open overlay…": the desktop app's own dialog, or the page's file picker in the browser host. */
export async function openOverlay(): Promise<void> {
  if (window.watchfloor?.host === 'electron') {
    const chosen = await ui.call('overlay:chooseFile', {});
    if (!chosen.ok) return refused(overlayProblemOf(chosen.error), '', chosen.error);
    if (chosen.value) await addOverlayFile(chosen.value.fileName, chosen.value.bytes);
    return;
  }
  pickInPage?.();
}

/** Moves the map to an overlay (its name clicked in the list). */
export async function focusOverlay(overlayId: string): Promise<void> {
  await fetchFeatures(overlayId);
  const collection = view.features[overlayId];
  if (collection) showOnMap(collection);
}

/** Shows or hides an overlay (kept by the host, so it stays so after a restart). */
export async function setOverlayVisible(overlayId: string, visible: boolean): Promise<void> {
  const outcome = await ui.call('overlay:setVisible', { overlayId, visible });
  if (!outcome.ok) return;
  set({ overlays: view.overlays.map((o) => (o.overlayId === overlayId ? { ...o, visible } : o)) });
  if (visible) await fetchFeatures(overlayId);
}

/** Removes an overlay from the operation. */
export async function removeOverlay(overlayId: string): Promise<void> {
  const outcome = await ui.call('overlay:remove', { overlayId });
  if (!outcome.ok) return;
  const { [overlayId]: _removed, ...features } = view.features;
  set({ overlays: view.overlays.filter((o) => o.overlayId !== overlayId), features, message: null });
}

/** Clears the last message (the officer closed it). */
export function clearOverlayMessage(): void {
  set({ message: null });
}
