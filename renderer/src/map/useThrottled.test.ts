import { describe, expect, it } from 'vitest';
import { DrawGate } from '../store/drawPace';
import { throttleDelay } from './useThrottled';

describe('throttleDelay', () => {
  it('waits out the interval since the last value shown', () => {
    expect(throttleDelay(1_000, 10_000, 4_000)).toBe(7_000);
    expect(throttleDelay(1_000, 10_000, 12_000)).toBe(0);
  });

  it('waits while an incident handed to the map is not drawn, and no longer once it is', () => {
    const gate = new DrawGate(1_000);
    gate.hold(11_800);
    // Due at 11,000, but the incident's frame comes first: the trails' redraw waits for it.
    expect(throttleDelay(1_000, 10_000, 12_000, gate.heldFor(12_000))).toBe(800);
    gate.release();
    expect(throttleDelay(1_000, 10_000, 12_100, gate.heldFor(12_100))).toBe(0);
  });
});
