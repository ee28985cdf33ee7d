import type { Map as MaplibreMap } from 'maplibre-gl';
import { formatCoordinate } from '../../../shared/coordinates';
import { getOwn } from '../../../shared/getOwn';
import type { Incident } from '../../../shared/state';
import { lngLat } from '../../../shared/units';
import { t } from '../i18n/i18n';
import { ui } from '../store/uiStore';
import { drawerPadding, isClear } from './clearOfDrawer';
import { mapCursor, mapTargets, stepCursor, type MapTarget } from './mapObjectCursor';
import { mapTools } from './mapTools';

/**
 * What the officer does to the map from outside it: the commands (palette, menus, keys), the
 * panels' incident links and replay's steps. One way in for all of them: MapView attaches its map
 * here while it is mounted (as a contribution registers with VS Code's command registry), and the
 * actions below act on whatever map is attached, or do what they can without one. The components
 * that draw on the map (the focus ring) read the attached map from here too.
 */

/** The part of maplibre's map the actions use (a test hands in a stand-in). */
export type ActionMap = Pick<
  MaplibreMap,
  'getBounds' | 'getCenter' | 'getContainer' | 'project' | 'easeTo' | 'on' | 'off'
>;

let attached: ActionMap | null = null;

/** MapView attaches its map once it is made; the function returned detaches it again. */
export function attachMap(map: ActionMap): () => void {
  attached = map;
  return () => {
    if (attached === map) attached = null;
  };
}

/** The map on screen, or null while there is none (before MapView mounts, in unit tests). */
export function attachedMap(): ActionMap | null {
  return attached;
}

/** The text "copy position" copies: the pointer's last position on the map, else the map's centre. */
export function positionText(): string | null {
  const { cursor, format } = mapTools.snapshot;
  const centre = attached?.getCenter().wrap();
  const at = cursor ?? (centre ? lngLat(centre.lng, centre.lat) : null);
  return at ? formatCoordinate(at, format) : null;
}

/** Copies the position shown to the clipboard and says so (or shows it, where the clipboard is out of reach). */
export async function copyPosition(): Promise<void> {
  const text = positionText();
  if (text === null) return;
  try {
    await navigator.clipboard.writeText(text);
    ui.set({ notice: t('map:tools.copied', { text }) });
  } catch {
    ui.set({ notice: t('map:tools.clipboardOutOfReach', { text }) });
  }
}

/** Opens the "go to" field (the command's way in). */
export function openGoTo(): void {
  mapTools.update((s) => ({ ...s, goToOpen: true }));
}

/** Where a target is now, from the operation's picture; null when it is gone or has no position. */
export function targetAt(target: MapTarget): [number, number] | null {
  const state = ui.snapshot.state;
  if (target.kind === 'incident') {
    const incident = getOwn(state.incidents, target.id);
    return incident ? [incident.lon, incident.lat] : null;
  }
  const position = getOwn(state.units, target.id)?.position;
  return position ? [position.lon, position.lat] : null;
}

/**
 * `.` and `,`: the cursor to the next or the previous object on the map, which the map brings into
 * view (clear of the drawer) when it is not; the ring then takes the keyboard focus.
 */
export function stepMapCursor(direction: 1 | -1): void {
  const { state, layers } = ui.snapshot;
  const map = attached;
  const view = map?.getBounds();
  const targets = mapTargets(state.incidents, state.units, {
    incidents: layers.incidents,
    units: layers.units,
    bounds: view ? [view.getWest(), view.getSouth(), view.getEast(), view.getNorth()] : null,
  });
  const next = stepCursor(mapCursor.snapshot, targets, direction);
  mapCursor.set(next);
  if (!next.target) {
    ui.set({ notice: t('map:keyboard.none') });
    return;
  }
  const at = targetAt(next.target);
  if (!map || !at) return;
  const container = map.getContainer();
  const padding = drawerPadding(container);
  if (!isClear(map.project(at), container.clientWidth, container.clientHeight, padding))
    map.easeTo({ center: at, padding, essential: true });
}

/** How close the map comes to an incident shown from a panel, a command or a step of replay. */
export const INCIDENT_ZOOM = 11;

/** Selects an incident and moves the map to it. */
export function focusIncident(incident: Pick<Incident, 'incidentId' | 'lon' | 'lat'>): void {
  ui.select({ kind: 'incident', id: incident.incidentId });
  ui.flyTo(incident.lon, incident.lat, INCIDENT_ZOOM);
}
