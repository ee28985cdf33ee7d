import { describe, expect, it } from 'vitest';
import { movePaletteSelection } from './CommandPalette';
import { nextTrappedIndex } from './dialogFocus';

describe('Tab in a dialog', () => {
  it('goes round from the last to the first and back, never out', () => {
    expect(nextTrappedIndex(3, 0, false)).toBe(1);
    expect(nextTrappedIndex(3, 2, false)).toBe(0);
    expect(nextTrappedIndex(3, 0, true)).toBe(2);
    expect(nextTrappedIndex(3, 1, true)).toBe(0);
  });
  it('brings focus that is outside the dialog back in', () => {
    expect(nextTrappedIndex(3, -1, false)).toBe(0);
    expect(nextTrappedIndex(3, -1, true)).toBe(2);
    expect(nextTrappedIndex(0, -1, false)).toBe(-1);
  });
});

describe('the palette selection', () => {
  it('moves with Up and Down and goes round the ends', () => {
    expect(movePaletteSelection(0, 'ArrowDown', 3)).toBe(1);
    expect(movePaletteSelection(2, 'ArrowDown', 3)).toBe(0);
    expect(movePaletteSelection(0, 'ArrowUp', 3)).toBe(2);
    expect(movePaletteSelection(5, 'x', 3)).toBe(2);
    expect(movePaletteSelection(0, 'ArrowDown', 0)).toBe(0);
  });
});
