import type { PickingInfo } from '@deck.gl/core';
import { describe, expect, it } from 'vitest';
import { makeIncident } from '../panels/testFixtures';
import type { MapCanvas } from './layers';
import { clickSelection, pickAt, pointerCursor, uppermostHovered, type Pickable } from './mapPointer';

const hit = (layerId: string, object: unknown = {}): PickingInfo =>
  ({ picked: true, layer: { id: layerId }, object, index: 0, x: 10, y: 20 }) as unknown as PickingInfo;
const miss = {
  picked: false,
  layer: null,
  object: undefined,
  index: -1,
  x: 10,
  y: 20,
} as unknown as PickingInfo;

/** A canvas that answers every pick with `info`, counting the picks asked of it. */
function canvas(info: PickingInfo | null | 'not ready') {
  const asked: { x: number; y: number }[] = [];
  const pickable: Pickable = {
    pickObject: (at) => {
      asked.push(at);
      if (info === 'not ready') throw new Error('not initialised');
      return info;
    },
  };
  return { pickable, asked };
}

describe('the pointer over the map', () => {
  it('picks what lies uppermost: a unit above the incident it stands on, above the sector', () => {
    const units = canvas(hit('units'));
    const picked = pickAt(
      {
        base: canvas(hit('sectors')).pickable,
        incidents: canvas(hit('incidents')).pickable,
        units: units.pickable,
      },
      10,
      20,
    );
    expect(picked?.layer?.id).toBe('units');
    expect(units.asked).toEqual([{ x: 10, y: 20, radius: 4 }]);
    expect(
      pickAt({ base: canvas(hit('sectors')).pickable, incidents: canvas(hit('incidents')).pickable }, 1, 1)
        ?.layer?.id,
    ).toBe('incidents');
  });

  it('looks through a canvas with nothing there or not ready yet, and finds nothing on empty map', () => {
    const overlays = {
      top: canvas(miss).pickable,
      units: canvas('not ready').pickable,
      incidents: canvas(null).pickable,
      base: canvas(hit('crossings')).pickable,
    };
    expect(pickAt(overlays, 0, 0)?.layer?.id).toBe('crossings');
    expect(pickAt({ top: canvas(miss).pickable, base: canvas(null).pickable }, 0, 0)).toBeNull();
  });

  it('shows the hover text of the uppermost canvas with something under the pointer', () => {
    const hovered: Partial<Record<MapCanvas, PickingInfo>> = {
      base: hit('sectors'),
      incidents: hit('incidents'),
      units: miss,
    };
    expect(uppermostHovered(hovered)?.layer?.id).toBe('incidents');
    expect(uppermostHovered({ top: miss })).toBeNull();
  });

  it('shows a hand over an object, a crosshair whenever a tool is in hand', () => {
    expect(pointerCursor('none', { units: hit('units') })).toBe('pointer');
    expect(pointerCursor('none', { units: miss })).toBe('');
    expect(pointerCursor('measure', {})).toBe('crosshair');
    expect(pointerCursor('rings', { units: hit('units') })).toBe('crosshair');
  });

  it('selects what a click picks, clears the selection on empty map, and keeps it on a case’s line', () => {
    const incident = makeIncident('I7');
    expect(clickSelection(hit('incidents', incident), incident)).toEqual({ kind: 'incident', id: 'I7' });
    expect(clickSelection(null, null)).toBeNull();
    expect(clickSelection(hit('linked-cases'), {})).toBe('keep');
  });
});
