import { describe, expect, it } from 'vitest';
import type { Unit } from '../../../shared/state';
import { makeUnit } from '../panels/testFixtures';
import type { CoreStatus } from '../../../shared/coreTypes';
import { mapOperationNow, onlyPositionsMoved } from './clockSlices';
import { StateStore } from './stateStore';

const at = (unit: Unit, lon: number): Unit => ({ ...unit, position: { ...unit.position!, lon } });

describe('telling a position report from any other change to the units', () => {
  const A = makeUnit('A');
  const B = makeUnit('B');
  it('holds back positions only', () => {
    expect(onlyPositionsMoved({ A, B }, { A: at(A, 20), B })).toBe(true);
    expect(onlyPositionsMoved({ A, B }, { A, B })).toBe(true);
  });

  it('lets through a new unit, a unit gone, a changed field and a field added or removed', () => {
    expect(onlyPositionsMoved({ A }, { A, B })).toBe(false);
    expect(onlyPositionsMoved({ A, B }, { A })).toBe(false);
    expect(onlyPositionsMoved({ A, B }, { A, C: B })).toBe(false);
    expect(onlyPositionsMoved({ A }, { A: { ...at(A, 20), status: 'responding' } })).toBe(false);
    expect(onlyPositionsMoved({ A }, { A: { ...A, sectorId: 'S1' } })).toBe(false);
    const { position: _gone, ...noPosition } = A;
    expect(onlyPositionsMoved({ A: { ...A, sectorId: 'S1' } }, { A })).toBe(false);
    expect(onlyPositionsMoved({ A }, { A: noPosition as Unit })).toBe(true);
  });
});

describe("the map's now", () => {
  it('moves with the 1 Hz clock, not with each status push (ten a second at 5,000 units)', () => {
    const store = new StateStore();
    const status = (lastEventAt: number): CoreStatus => ({ lastEventAt }) as CoreStatus;
    const T0 = Date.UTC(2026, 9, 5, 6);
    store.set({ now: 1000, status: status(T0) });
    expect(mapOperationNow(store.snapshot)).toBe(T0);
    // Status pushes between two ticks: the map keeps its now, so it is not re-rendered for them.
    for (let i = 1; i <= 9; i++) {
      store.set({ status: status(T0 + i * 100) });
      expect(mapOperationNow(store.snapshot)).toBe(T0);
    }
    store.set({ now: 2000 });
    expect(mapOperationNow(store.snapshot)).toBe(T0 + 900);
    // In replay, the moment shown at once.
    store.set({ replay: { shownAt: T0 - 60_000 } as never });
    expect(mapOperationNow(store.snapshot)).toBe(T0 - 60_000);
  });
});
