import { z } from 'zod';

/**
 * The main window's size and place, remembered between starts, and brought back only where it can
 * be seen: a watch room's second monitor is unplugged, a laptop goes from the docking station to
 * the train, and a window restored off every screen is a window the officer cannot reach.
 */

/** The smallest window the dashboard is laid out for; main.ts gives it as minWidth/minHeight too. */
export const MIN_WINDOW_SIZE = { width: 800, height: 600 } as const;

/**
 * How much of the title bar must lie on one display for the window to count as reachable: enough
 * to grab and drag it back. The title bar is taken as the window's top 30 pixels.
 */
const TITLE_BAR_HEIGHT = 30;
const GRAB_WIDTH = 100;

// Screen coordinates stay within a few tens of thousands of pixels even across many monitors;
// anything beyond is a damaged file, not a place.
const coordinate = z.number().int().min(-100_000).max(100_000);
const length = z.number().int().min(1).max(100_000);

/** The window state as saved in the user-data folder. x and y come together or not at all. */
export const savedWindowStateSchema = z
  .object({
    x: coordinate.optional(),
    y: coordinate.optional(),
    width: length,
    height: length,
    maximized: z.boolean(),
    fullScreen: z.boolean().optional(),
  })
  .refine((s) => (s.x === undefined) === (s.y === undefined), 'x and y are saved together');

/** The saved window state. */
export type SavedWindowState = z.infer<typeof savedWindowStateSchema>;

/** A rectangle in screen coordinates (Electron's Rectangle). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A display as far as placing a window goes (Electron's Display, in part). */
export interface DisplayArea {
  workArea: Rect;
}

/**
 * Where to open the window: bounds for the BrowserWindow constructor (no x and y: Electron centres
 * it), and whether to maximize it or make it full screen once created.
 */
export interface WindowPlacement {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
  fullScreen: boolean;
}

/**
 * Bounds to restore the window to, always reachable. A saved state that fails the schema gives
 * the defaults. A window whose title bar is on no display (its monitor is gone, or the layout
 * changed) goes to the primary display, the first of `displays`, centred. A window larger than its
 * display's work area is shrunk to fit it. Never smaller than {@link MIN_WINDOW_SIZE}, even on a
 * display smaller than that (the window then starts at the work area's top left).
 */
export function restoreWindowBounds(
  saved: unknown,
  displays: readonly DisplayArea[],
  defaults: { width: number; height: number },
): WindowPlacement {
  const primary = displays[0]?.workArea;
  const parsed = savedWindowStateSchema.safeParse(saved);
  if (!parsed.success) return { ...clampedSize(defaults, primary), maximized: false, fullScreen: false };
  const state = parsed.data;
  const flags = { maximized: state.maximized, fullScreen: state.fullScreen ?? false };
  const size = { width: state.width, height: state.height };
  if (state.x === undefined || state.y === undefined) return { ...clampedSize(size, primary), ...flags };

  const window: Rect = { x: state.x, y: state.y, ...size };
  // Of the displays it can be grabbed on, the one showing most of it (a window may span two).
  let home: Rect | undefined;
  for (const { workArea } of displays) {
    if (titleBarReachable(window, workArea) && (!home || overlap(window, workArea) > overlap(window, home)))
      home = workArea;
  }
  if (!home) return { ...centred(size, primary), ...flags };
  return { ...shrunkInto(window, home), ...flags };
}

/** The area two rectangles share. */
function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** True when a grab-sized piece of the window's title bar lies on the work area. */
function titleBarReachable(window: Rect, area: Rect): boolean {
  const left = Math.max(window.x, area.x);
  const right = Math.min(window.x + window.width, area.x + area.width);
  const titleBarInside = window.y >= area.y && window.y + TITLE_BAR_HEIGHT <= area.y + area.height;
  return titleBarInside && right - left >= Math.min(GRAB_WIDTH, window.width);
}

/** The size, at least the minimum and at most the work area (the minimum wins). */
function clampedSize(
  size: { width: number; height: number },
  area: Rect | undefined,
): { width: number; height: number } {
  const fit = (wanted: number, available: number | undefined, min: number): number =>
    Math.max(min, available === undefined ? wanted : Math.min(wanted, available));
  return {
    width: fit(size.width, area?.width, MIN_WINDOW_SIZE.width),
    height: fit(size.height, area?.height, MIN_WINDOW_SIZE.height),
  };
}

/** The window centred on the work area (or placed by Electron when there is no display information). */
function centred(
  size: { width: number; height: number },
  area: Rect | undefined,
): Omit<WindowPlacement, 'maximized' | 'fullScreen'> {
  const { width, height } = clampedSize(size, area);
  if (!area) return { width, height };
  return {
    x: area.x + Math.max(0, Math.floor((area.width - width) / 2)),
    y: area.y + Math.max(0, Math.floor((area.height - height) / 2)),
    width,
    height,
  };
}

/**
 * The window where it was, shrunk to the work area where it is larger. A dimension that had to
 * shrink is also moved to the work area's edge, so the whole window is on the display; one that
 * fits stays put, even partly off screen: that is where the officer left it.
 */
function shrunkInto(window: Rect, area: Rect): Rect {
  const { width, height } = clampedSize(window, area);
  return {
    x: width < window.width || width > area.width ? area.x : window.x,
    y: height < window.height || height > area.height ? area.y : window.y,
    width,
    height,
  };
}
