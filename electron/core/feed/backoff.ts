/** How reconnection waits grow. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** Share of the delay that is randomised (0..1), so that a hundred clients do not reconnect in step. */
  jitter: number;
}

/** Reconnection after a dropped link: fast at first, never more than half a minute apart. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.5 };

/**
 * The wait before reconnection attempt `attempt` (0 for the first): capped exponential growth, with
 * "equal jitter" (half fixed, half random) so the wait never collapses to zero.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.min(attempt, 30));
  const spread = base * policy.jitter;
  return Math.round(base - spread + random() * spread);
}
