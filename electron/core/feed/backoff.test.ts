import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';

describe('backoffDelay', () => {
  it('doubles from the initial wait up to the cap', () => {
    const middle = () => 0.5;
    const delays = Array.from({ length: 10 }, (_, attempt) =>
      backoffDelay(attempt, { ...DEFAULT_BACKOFF, jitter: 0 }, middle),
    );
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
  });

  it('stays within its jitter band and never reaches zero', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (attempt, r) => {
          const delay = backoffDelay(attempt, DEFAULT_BACKOFF, () => r);
          const base = Math.min(
            DEFAULT_BACKOFF.maxMs,
            DEFAULT_BACKOFF.initialMs * 2 ** Math.min(attempt, 30),
          );
          expect(delay).toBeGreaterThanOrEqual(Math.floor(base * 0.5));
          expect(delay).toBeLessThanOrEqual(base);
          expect(delay).toBeGreaterThan(0);
        },
      ),
    );
  });

  it('spreads clients that lost the link together', () => {
    const delays = new Set(
      Array.from({ length: 50 }, (_, i) => backoffDelay(5, DEFAULT_BACKOFF, () => (i * 0.618) % 1)),
    );
    expect(delays.size).toBeGreaterThan(40);
  });
});
