import { describe, expect, it } from 'vitest';
import type { Unit } from '../../../shared/state';
import { makeUnit } from '../panels/testFixtures';
import { onlyPositionsMoved } from './clockSlices';

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
