import { describe, expect, it } from 'vitest';
import { PULSE_STEP_MS } from './layers';
import { initialMapLive } from './mapLive';
import { PULSE_MAX_WAIT_MS, pulseDue } from './usePulse';

describe('the pulse of unacknowledged incidents', () => {
  const live = initialMapLive(0, true);

  it('steps at its pace while nothing else is drawing', () => {
    expect(pulseDue(live, 1_000 + PULSE_STEP_MS - 1, 1_000)).toBe(false);
    expect(pulseDue(live, 1_000 + PULSE_STEP_MS, 1_000)).toBe(true);
  });

  it('waits while the camera moves and while its last step is still being drawn', () => {
    expect(pulseDue({ ...live, moving: true }, 10_000, 0)).toBe(false);
    expect(pulseDue({ ...live, pulseRequestedAt: 9_000 }, 10_000, 0)).toBe(false);
    // A step never drawn (a hidden page) does not stop the pulse for good.
    expect(pulseDue({ ...live, pulseRequestedAt: 4_000 }, 10_000, 0)).toBe(true);
  });

  it('slows down where a step is slow to draw, keeping its canvas busy a third of the time at most, never stopping', () => {
    const slow = { ...live, pulseFrameCost: 400 };
    expect(pulseDue(slow, 1_000 + 1_199, 1_000)).toBe(false);
    expect(pulseDue(slow, 1_000 + 1_200, 1_000)).toBe(true);
    expect(pulseDue({ ...live, pulseFrameCost: 5_000 }, PULSE_MAX_WAIT_MS, 0)).toBe(true);
  });
});
