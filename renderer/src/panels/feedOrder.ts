import type { Incident } from '../../../shared/state';

/** How the feed is ordered: newest first (as reported), or most urgent first. */
export type FeedOrder = 'newest' | 'priority';

/** The feed's orders, in the order the control offers them. */
export const FEED_ORDERS: readonly FeedOrder[] = ['newest', 'priority'];

/**
 * The rows in the order chosen. `newestFirst` is already newest first; by priority keeps that
 * order within a priority (a stable sort), so the newest P1 is on top.
 */
export function orderIncidents(newestFirst: readonly Incident[], order: FeedOrder): readonly Incident[] {
  if (order === 'newest') return newestFirst;
  return [...newestFirst].sort((a, b) => a.priority - b.priority);
}

/** Where an arrow key (or Home/End) moves from row `index` of `count`; null: not a moving key. */
export function rowAfterKey(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  if (key === 'ArrowDown') return Math.min(index + 1, count - 1);
  if (key === 'ArrowUp') return Math.max(index - 1, 0);
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}
