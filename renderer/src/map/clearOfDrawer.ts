/**
 * Where on the map an object can be shown: the detail drawer covers the right of the map, so the
 * camera is given maplibre's `padding` of the drawer's measured width (at 1280x720 the drawer takes
 * about a third of the map). The padding is the camera's, so "the centre" (the coordinate readout's,
 * "go to"'s) is the middle of what is clear while the drawer is open.
 */

/** Room kept round an object shown, in pixels, so it never sits on an edge or under the map's buttons. */
export const VIEW_MARGIN = 40;

/** The least width and height left clear, whatever covers the map: on a narrow map the padding gives way. */
export const MIN_CLEAR = 160;

/** maplibre's padding, in pixels from each edge of the map. */
export interface ViewPadding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** No padding: the camera's centre is the map's middle. */
export const NO_PADDING: ViewPadding = { top: 0, right: 0, bottom: 0, left: 0 };

/**
 * The padding that keeps an object clear of whatever covers the right `coveredRight` pixels of a map
 * `width` x `height` (0 when nothing does), with a margin all round.
 */
export function viewPadding(width: number, height: number, coveredRight: number): ViewPadding {
  // The drawer's side first: what is left of the padding the map can spare goes to the left margin.
  const across = Math.max(0, width - MIN_CLEAR);
  const right = Math.min(Math.max(0, coveredRight) + VIEW_MARGIN, across);
  const left = Math.min(VIEW_MARGIN, across - right);
  const vertical = Math.min(VIEW_MARGIN, Math.max(0, height - MIN_CLEAR) / 2);
  return { top: vertical, right, bottom: vertical, left };
}

/** True when a point of the map (pixels from its top left) lies in the part the padding leaves clear. */
export function isClear(
  point: { x: number; y: number },
  width: number,
  height: number,
  padding: ViewPadding,
): boolean {
  return (
    point.x >= padding.left &&
    point.x <= width - padding.right &&
    point.y >= padding.top &&
    point.y <= height - padding.bottom
  );
}

/** The padding for the map in `container` now: the drawer (`.wf-drawer`, beside the map) measured as it stands. */
export function drawerPadding(container: HTMLElement): ViewPadding {
  const box = container.getBoundingClientRect();
  const drawer = container.parentElement?.querySelector<HTMLElement>('.wf-drawer');
  const covered = drawer ? box.right - drawer.getBoundingClientRect().left : 0;
  return viewPadding(box.width, box.height, covered);
}
