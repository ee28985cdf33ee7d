import { afterEach, describe, expect, it } from 'vitest';
import { formatCoordinate } from '../../../shared/coordinates';
import { getEmptyState } from '../../../shared/state';
import { lngLat } from '../../../shared/units';
import { byId, makeIncident, makeUnit } from '../panels/testFixtures';
import { ui } from '../store/uiStore';
import {
  attachMap,
  focusIncident,
  INCIDENT_ZOOM,
  positionText,
  stepMapCursor,
  type ActionMap,
} from './mapActions';
import { mapCursor } from './mapObjectCursor';

const WIDTH = 800;
const HEIGHT = 600;

/** A map 800 x 600 px showing [west, south, east, north], centred on its middle; records its eases. */
function fakeMap(view: [number, number, number, number]) {
  const [west, south, east, north] = view;
  const eased: { center: unknown }[] = [];
  const container = {
    clientWidth: WIDTH,
    clientHeight: HEIGHT,
    parentElement: null,
    getBoundingClientRect: () => ({
      left: 0,
      top: 0,
      right: WIDTH,
      bottom: HEIGHT,
      width: WIDTH,
      height: HEIGHT,
    }),
  };
  const map = {
    getCenter: () => ({ wrap: () => ({ lng: (west + east) / 2, lat: (south + north) / 2 }) }),
    getBounds: () => ({
      getWest: () => west,
      getSouth: () => south,
      getEast: () => east,
      getNorth: () => north,
    }),
    getContainer: () => container,
    project: ([lon, lat]: [number, number]) => ({
      x: ((lon - west) / (east - west)) * WIDTH,
      y: ((north - lat) / (north - south)) * HEIGHT,
    }),
    easeTo: (options: { center: unknown }) => void eased.push(options),
    on: () => map,
    off: () => map,
  };
  return { map: map as unknown as ActionMap, eased };
}

let detach = (): void => {};

afterEach(() => {
  detach();
  mapCursor.set({ target: null, position: 0, count: 0, serial: 0 });
  ui.set({ state: getEmptyState(), selection: null, flyTo: null, notice: null });
});

describe('the map actions', () => {
  it('copy the centre of the map on screen while the pointer has not been over it, nothing without a map', () => {
    expect(positionText()).toBeNull();
    const first = fakeMap([18, 42, 22, 46]);
    const second = fakeMap([10, 40, 12, 42]);
    const detachFirst = attachMap(first.map);
    detach = attachMap(second.map);
    // The first map going (a remount's cleanup running late) leaves the one now on screen.
    detachFirst();
    expect(positionText()).toBe(formatCoordinate(lngLat(11, 41), 'mgrs'));
    detach();
    expect(positionText()).toBeNull();
  });

  it('step the keyboard cursor over the units in view only, and bring one near the edge clear', () => {
    ui.set({
      state: {
        ...getEmptyState(),
        units: byId(
          [
            makeUnit('U1', { callsign: 'A', position: { ...makeUnit('x').position!, lon: 19.99, lat: 44 } }),
            makeUnit('U2', { callsign: 'B', position: { ...makeUnit('x').position!, lon: 25, lat: 44 } }),
          ],
          (u) => u.unitId,
        ),
      },
    });
    // Without a map no unit is in view.
    stepMapCursor(1);
    expect(mapCursor.snapshot.count).toBe(0);

    const { map, eased } = fakeMap([18, 42, 20, 46]);
    detach = attachMap(map);
    stepMapCursor(1);
    expect(mapCursor.snapshot).toMatchObject({ target: { kind: 'unit', id: 'U1' }, count: 1 });
    // U1 sits on the right edge, inside the margin kept clear: the map eases to it.
    expect(eased).toEqual([expect.objectContaining({ center: [19.99, 44] })]);
  });

  it('say so when there is nothing on the map to step to', () => {
    stepMapCursor(-1);
    expect(mapCursor.snapshot.target).toBeNull();
    expect(ui.snapshot.notice).toBeTruthy();
  });

  it('show an incident: selected, and the map flies to it', () => {
    focusIncident(makeIncident('I1', { lon: 20.5, lat: 42.1 }));
    expect(ui.snapshot.selection).toEqual({ kind: 'incident', id: 'I1' });
    expect(ui.snapshot.flyTo).toMatchObject({ lon: 20.5, lat: 42.1, zoom: INCIDENT_ZOOM });
  });
});
