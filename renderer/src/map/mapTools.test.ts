import { describe, expect, it } from 'vitest';
import { lngLat } from '../../../shared/units';
import { formatBearing, formatDistance } from '../panels/format';
import {
  chooseRingSet,
  clickedAt,
  escape,
  initialMapTools,
  measureBetween,
  RING_SETS,
  toggleTool,
} from './mapTools';
import { ringPaths, toolLayers } from './measureLayer';

const BELGRADE = lngLat(20.4489, 44.8186);
const NOVI_SAD = lngLat(19.8335, 45.2671);
const LABELS = { measurement: () => 'm', ring: (km: number) => `${km} km` };

describe('the measure tool', () => {
  it('takes two clicks, and a third starts again from there', () => {
    let s = toggleTool(initialMapTools(), 'measure');
    s = clickedAt(s, BELGRADE);
    expect(s.measure).toEqual([BELGRADE]);
    s = clickedAt(s, NOVI_SAD);
    expect(s.measure).toEqual([BELGRADE, NOVI_SAD]);
    s = clickedAt(s, BELGRADE);
    expect(s.measure).toEqual([BELGRADE]);
  });

  it('measures great-circle distance and bearing: Belgrade to Novi Sad is 69-71 km to the north-west', () => {
    const m = measureBetween(BELGRADE, NOVI_SAD);
    expect(m.distance).toBeGreaterThan(69_000);
    expect(m.distance).toBeLessThan(71_000);
    expect(m.bearing).toBeGreaterThan(310);
    expect(m.bearing).toBeLessThan(320);
    // Bearings are 0-360, never negative.
    expect(measureBetween(NOVI_SAD, BELGRADE).bearing).toBeGreaterThan(130);
    expect(formatDistance(m.distance)).toMatch(/^(69|70)\.\d km$/);
    expect(formatDistance(850.4)).toBe('850 m');
    expect(formatDistance(148_400)).toBe('148 km');
    expect(formatBearing(45.2)).toBe('045°');
    expect(formatBearing(359.7)).toBe('000°');
    expect(formatBearing(-90)).toBe('270°');
  });

  it('draws the line with its figure once both points are in', () => {
    let s = clickedAt(toggleTool(initialMapTools(), 'measure'), BELGRADE);
    expect(toolLayers(s, LABELS).map((l) => l.id)).toEqual(['tool-points']);
    s = clickedAt(s, NOVI_SAD);
    expect(toolLayers(s, LABELS).map((l) => l.id)).toEqual([
      'tool-measure-line',
      'tool-points',
      'tool-labels',
    ]);
    expect(toolLayers(initialMapTools(), LABELS)).toEqual([]);
  });

  it('leaves clicks alone when no tool is in hand', () => {
    const s = initialMapTools();
    expect(clickedAt(s, BELGRADE)).toBe(s);
  });
});

describe('range rings', () => {
  it('are placed where clicked with the radii chosen, and follow a new choice', () => {
    let s = toggleTool(initialMapTools(), 'rings');
    s = clickedAt(s, BELGRADE);
    expect(s.rings).toEqual({ center: BELGRADE, radiiKm: [1, 5, 10] });
    s = chooseRingSet(s, 2);
    expect(s.rings?.radiiKm).toEqual(RING_SETS[2]);
    expect(chooseRingSet(s, 99)).toBe(s);
  });

  it('are true geodesic circles: every point of the 10 km ring is 10 km from the centre', () => {
    const [, , ten] = ringPaths(BELGRADE, [1, 5, 10]);
    expect(ten?.km).toBe(10);
    for (const p of ten?.path ?? []) {
      expect(measureBetween(BELGRADE, lngLat(p[0], p[1])).distance).toBeCloseTo(10_000, -1);
    }
  });
});

describe('Esc', () => {
  it('ends the tool first, then clears what is left on the map, then is not the tools’ any more', () => {
    let s = clickedAt(toggleTool(initialMapTools(), 'rings'), BELGRADE);
    s = clickedAt(toggleTool(s, 'measure'), NOVI_SAD);
    let step = escape(s);
    expect(step).toMatchObject({ handled: true, state: { tool: 'none', measure: [] } });
    expect(step.state.rings).not.toBeNull();
    step = escape(step.state);
    expect(step).toMatchObject({ handled: true, state: { rings: null, goToMark: null } });
    step = escape(step.state);
    expect(step.handled).toBe(false);
  });

  it('keeps a finished measurement while the rings are placed, and ends the rings tool alone', () => {
    let s = clickedAt(clickedAt(toggleTool(initialMapTools(), 'measure'), BELGRADE), NOVI_SAD);
    s = clickedAt(toggleTool(s, 'rings'), BELGRADE);
    expect(s.measure).toEqual([BELGRADE, NOVI_SAD]);
    const step = escape(s);
    expect(step.state).toMatchObject({ tool: 'none', measure: [BELGRADE, NOVI_SAD] });
    expect(escape(step.state).state).toMatchObject({ measure: [], rings: null });
    // Taking up the measure again starts a new one.
    expect(toggleTool(s, 'measure').measure).toEqual([]);
  });

  it('closes the go-to field before anything else', () => {
    const s = { ...toggleTool(initialMapTools(), 'measure'), goToOpen: true };
    expect(escape(s).state).toMatchObject({ goToOpen: false, tool: 'measure' });
  });
});
