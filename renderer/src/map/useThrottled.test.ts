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
    gate.hold(11_100);
    // Due at 11,000, but the incident's frame comes first: the trails' redraw waits for it.
    expect(throttleDelay(1_000, 10_000, 11_200, gate.heldFor(11_200))).toBe(800);
    gate.release();
    expect(throttleDelay(1_000, 10_000, 11_300, gate.heldFor(11_300))).toBe(0);
  });

  it('waits for the gate at most a second past its due time under a stream of incidents', () => {
    const gate = new DrawGate(1_000);
    gate.hold(11_900);
    expect(throttleDelay(1_000, 10_000, 11_950, gate.heldFor(11_950))).toBe(50);
    gate.release();
    gate.hold(11_990);
    expect(throttleDelay(1_000, 10_000, 12_000, gate.heldFor(12_000))).toBe(0);
  });
});
