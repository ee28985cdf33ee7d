import { describe, expect, it } from 'vitest';
import { isClear, MIN_CLEAR, viewPadding, VIEW_MARGIN } from './clearOfDrawer';

describe('the camera padding that keeps an object clear of the drawer', () => {
  it('pads the right by the drawer and a margin, the other sides by the margin', () => {
    // The map at 1280x720 (the feed and the side panel take the rest) with the 380 px drawer.
    expect(viewPadding(700, 560, 388)).toEqual({
      top: VIEW_MARGIN,
      right: 388 + VIEW_MARGIN,
      bottom: VIEW_MARGIN,
      left: VIEW_MARGIN,
    });
    // Narrower: the left margin gives way before the drawer's side does.
    expect(viewPadding(600, 560, 388)).toEqual({ top: 40, right: 428, bottom: 40, left: 12 });
    expect(viewPadding(1000, 700, 0)).toEqual({ top: 40, right: 40, bottom: 40, left: 40 });
  });

  it('leaves at least MIN_CLEAR pixels clear on a narrow map', () => {
    for (const width of [200, 420, 600, 800]) {
      const p = viewPadding(width, 300, 388);
      expect(width - p.left - p.right).toBeGreaterThanOrEqual(Math.min(width, MIN_CLEAR));
      expect(p.right).toBeGreaterThanOrEqual(p.left);
      expect(p.left).toBeGreaterThanOrEqual(0);
    }
    expect(viewPadding(100, 100, 388)).toEqual({ top: 0, right: 0, bottom: 0, left: 0 });
  });

  it('says whether a point is under the drawer', () => {
    const p = viewPadding(1000, 600, 388);
    expect(isClear({ x: 500, y: 300 }, 1000, 600, p)).toBe(true);
    expect(isClear({ x: 800, y: 300 }, 1000, 600, p)).toBe(false);
    expect(isClear({ x: 500, y: 10 }, 1000, 600, p)).toBe(false);
  });
});
