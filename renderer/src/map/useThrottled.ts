import { useEffect, useRef, useState } from 'react';
import { MAX_GATE_WAIT_MS } from '../store/drawPace';

/**
 * How long from `now` a throttled value waits to be shown: until `ms` after the last was shown,
 * and while `heldFor` says a change the officer must see waits to be drawn (see DrawGate), but
 * never more than {@link MAX_GATE_WAIT_MS} past its due time.
 */
export function throttleDelay(lastShownAt: number, ms: number, now: number, heldFor = 0): number {
  const dueAt = lastShownAt + ms;
  const gateLeft = Math.min(heldFor, dueAt + MAX_GATE_WAIT_MS - now);
  return Math.max(0, dueAt - now, gateLeft);
}

/**
 * Follows a fast-changing value at most once per `ms`, always ending on the latest value; with
 * `heldFor`, a value due while the gate is held waits for it to open.
 */
export function useThrottled<T>(value: T, ms: number, heldFor?: (now: number) => number): T {
  const [shown, setShown] = useState(value);
  const lastShownAt = useRef(0);
  const gate = useRef(heldFor);
  gate.current = heldFor;
  useEffect(() => {
    if (Object.is(value, shown)) return;
    let timer: ReturnType<typeof setTimeout>;
    const show = (): void => {
      const now = performance.now();
      const wait = throttleDelay(lastShownAt.current, ms, now, gate.current?.(now));
      if (wait > 0) {
        timer = setTimeout(show, wait);
        return;
      }
      lastShownAt.current = now;
      setShown(value);
    };
    timer = setTimeout(show, throttleDelay(lastShownAt.current, ms, performance.now()));
    return () => clearTimeout(timer);
  }, [value, shown, ms]);
  return shown;
}
