import { describe, expect, it } from 'vitest';
import {
  MIN_WINDOW_SIZE,
  restoreWindowBounds,
  savedWindowStateSchema,
  type DisplayArea,
} from './windowState';

const DEFAULTS = { width: 1600, height: 1000 };

/** A 1920x1080 primary display with a 40-pixel task bar at the bottom. */
const PRIMARY: DisplayArea = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
/** A second monitor to the left of the primary one and higher up: negative coordinates. */
const LEFT: DisplayArea = { workArea: { x: -2560, y: -360, width: 2560, height: 1440 } };
/** A laptop screen on its own. */
const LAPTOP: DisplayArea = { workArea: { x: 0, y: 0, width: 1366, height: 728 } };

describe('savedWindowStateSchema', () => {
  it('accepts what main.ts saves', () => {
    expect(
      savedWindowStateSchema.safeParse({ x: -2400, y: -300, width: 1600, height: 1000, maximized: false })
        .success,
    ).toBe(true);
    expect(
      savedWindowStateSchema.safeParse({ width: 1600, height: 1000, maximized: true, fullScreen: true })
        .success,
    ).toBe(true);
  });
});

describe('restoreWindowBounds', () => {
  it('gives the defaults, centred by Electron, for a saved state that fails the schema', () => {
    const broken: unknown[] = [
      undefined,
      null,
      'x=10',
      [],
      {},
      { width: 1600, height: 1000 },
      { width: '1600', height: 1000, maximized: false },
      { width: 1600.5, height: 1000, maximized: false },
      { width: 0, height: 1000, maximized: false },
      { width: -5, height: 1000, maximized: false },
      { width: Number.NaN, height: 1000, maximized: false },
      { width: 1e9, height: 1000, maximized: false },
      { x: 10, width: 1600, height: 1000, maximized: false },
      { x: 10, y: Number.POSITIVE_INFINITY, width: 1600, height: 1000, maximized: false },
      { width: 1600, height: 1000, maximized: 'yes' },
    ];
    for (const saved of broken)
      expect(restoreWindowBounds(saved, [PRIMARY], DEFAULTS), JSON.stringify(saved)).toEqual({
        width: 1600,
        height: 1000,
        maximized: false,
        fullScreen: false,
      });
  });

  it('fits the defaults to a small primary display', () => {
    expect(restoreWindowBounds(null, [LAPTOP], DEFAULTS)).toEqual({
      width: 1366,
      height: 728,
      maximized: false,
      fullScreen: false,
    });
  });

  it('restores a window that is on a display where it was', () => {
    const saved = { x: 120, y: 80, width: 1400, height: 900, maximized: false };
    expect(restoreWindowBounds(saved, [PRIMARY, LEFT], DEFAULTS)).toEqual({
      x: 120,
      y: 80,
      width: 1400,
      height: 900,
      maximized: false,
      fullScreen: false,
    });
  });

  it('restores a window on a second monitor with negative coordinates', () => {
    const saved = { x: -2400, y: -300, width: 1800, height: 1200, maximized: true };
    expect(restoreWindowBounds(saved, [PRIMARY, LEFT], DEFAULTS)).toEqual({
      x: -2400,
      y: -300,
      width: 1800,
      height: 1200,
      maximized: true,
      fullScreen: false,
    });
  });

  it('moves a window whose monitor is gone onto the primary display, centred', () => {
    const saved = { x: -2400, y: -300, width: 1800, height: 1200, maximized: true, fullScreen: false };
    expect(restoreWindowBounds(saved, [PRIMARY], DEFAULTS)).toEqual({
      // As tall as the primary's work area allows, centred across.
      x: 60,
      y: 0,
      width: 1800,
      height: 1040,
      maximized: true,
      fullScreen: false,
    });
    const small = { x: -2400, y: -300, width: 1000, height: 700, maximized: false };
    expect(restoreWindowBounds(small, [PRIMARY], DEFAULTS)).toEqual({
      x: 460,
      y: 170,
      width: 1000,
      height: 700,
      maximized: false,
      fullScreen: false,
    });
  });

  it('moves a window whose title bar is above every display, even though its body shows', () => {
    // The body reaches down onto the primary display, but the title bar is off the top edge.
    const saved = { x: 100, y: -200, width: 1200, height: 900, maximized: false };
    const placed = restoreWindowBounds(saved, [PRIMARY], DEFAULTS);
    expect(placed).toMatchObject({ x: 360, y: 70, width: 1200, height: 900 });
  });

  it('moves a window with only a sliver of its title bar on a display', () => {
    const saved = { x: 1860, y: 100, width: 1200, height: 800, maximized: false };
    expect(restoreWindowBounds(saved, [PRIMARY], DEFAULTS)).toMatchObject({ x: 360, y: 120 });
    // 100 pixels of title bar are enough to grab it: it stays.
    const grabbable = { x: 1820, y: 100, width: 1200, height: 800, maximized: false };
    expect(restoreWindowBounds(grabbable, [PRIMARY], DEFAULTS)).toMatchObject({ x: 1820, y: 100 });
  });

  it('keeps a window spanning two monitors where it was, judged by the display showing most of it', () => {
    const saved = { x: -700, y: 100, width: 1600, height: 900, maximized: false };
    expect(restoreWindowBounds(saved, [PRIMARY, LEFT], DEFAULTS)).toEqual({
      x: -700,
      y: 100,
      width: 1600,
      height: 900,
      maximized: false,
      fullScreen: false,
    });
  });

  it('shrinks a window larger than its display to fit, and moves it onto that display', () => {
    // Saved on a 4K monitor, restored on the laptop in the same place.
    const saved = { x: 40, y: 30, width: 3000, height: 2000, maximized: false };
    expect(restoreWindowBounds(saved, [LAPTOP], DEFAULTS)).toEqual({
      x: 0,
      y: 0,
      width: 1366,
      height: 728,
      maximized: false,
      fullScreen: false,
    });
    // Only too tall: the width and x stay.
    const tall = { x: -2000, y: -300, width: 1200, height: 1600, maximized: false };
    expect(restoreWindowBounds(tall, [PRIMARY, LEFT], DEFAULTS)).toEqual({
      x: -2000,
      y: -360,
      width: 1200,
      height: 1440,
      maximized: false,
      fullScreen: false,
    });
  });

  it('never makes a window smaller than the minimum, even on a smaller display', () => {
    const tiny = { x: 100, y: 100, width: 300, height: 200, maximized: false };
    expect(restoreWindowBounds(tiny, [PRIMARY], DEFAULTS)).toEqual({
      x: 100,
      y: 100,
      ...MIN_WINDOW_SIZE,
      maximized: false,
      fullScreen: false,
    });
    const netbook: DisplayArea = { workArea: { x: 0, y: 0, width: 1024, height: 570 } };
    const saved = { x: 10, y: 10, width: 1000, height: 560, maximized: false };
    expect(restoreWindowBounds(saved, [netbook], DEFAULTS)).toEqual({
      x: 10,
      y: 0,
      width: 1000,
      height: 600,
      maximized: false,
      fullScreen: false,
    });
    expect(restoreWindowBounds(null, [netbook], { width: 640, height: 480 })).toMatchObject(MIN_WINDOW_SIZE);
  });

  it('keeps the full-screen flag, and leaves placement to Electron without a saved position', () => {
    expect(
      restoreWindowBounds(
        { width: 1700, height: 1100, maximized: false, fullScreen: true },
        [PRIMARY],
        DEFAULTS,
      ),
    ).toEqual({ width: 1700, height: 1040, maximized: false, fullScreen: true });
  });

  it('works without display information (no x and y, the size as saved)', () => {
    const saved = { x: -2400, y: -300, width: 1800, height: 1200, maximized: false };
    expect(restoreWindowBounds(saved, [], DEFAULTS)).toEqual({
      width: 1800,
      height: 1200,
      maximized: false,
      fullScreen: false,
    });
  });
});
