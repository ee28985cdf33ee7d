import { useEffect, useRef, useState } from 'react';

/**
 * How long from `now` a throttled value waits to be shown: until `ms` after the last was shown,
 * and while `heldFor` says a change the officer must see waits to be drawn (see DrawGate).
 */
export function throttleDelay(lastShownAt: number, ms: number, now: number, heldFor = 0): number {
  return Math.max(0, lastShownAt + ms - now, heldFor);
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
