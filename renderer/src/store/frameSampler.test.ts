import { describe, expect, it } from 'vitest';
import { FrameSampler } from './frameSampler';

describe('trails taken with the position frames', () => {
  it('hands a new value over only when a new frame goes on screen, at most every 2 s, the newest one', () => {
    const sampler = new FrameSampler('t0', 2000);
    // The trails change between frames: nothing is shown until the next frame.
    expect(sampler.take('t0', 'f1', 0)).toBe('t0');
    expect(sampler.take('t1', 'f1', 500)).toBe('t0');
    // A frame comes: the newest trails go with it.
    expect(sampler.take('t1', 'f2', 500)).toBe('t1');
    // Frames four times a second: trails that changed meanwhile wait 2 s from the last taken.
    for (const [at, frame] of [
      [750, 'f3'],
      [1000, 'f4'],
      [2250, 'f5'],
    ] as const)
      expect(sampler.take('t2', frame, at)).toBe('t1');
    // Two seconds after the last were taken, the next frame takes the newest ones (not t2).
    expect(sampler.take('t3', 'f6', 2500)).toBe('t3');
    // No new frame, however long: the canvas is not redrawn for the trails alone.
    expect(sampler.take('t4', 'f6', 9000)).toBe('t3');
    expect(sampler.take('t4', 'f7', 9000)).toBe('t4');
  });

  it('shows a value at once when there are no frames to wait for (replay), and the live one at once after', () => {
    const sampler = new FrameSampler('live', 2000);
    expect(sampler.take('live', 'f1', 0)).toBe('live');
    expect(sampler.reset('replayed')).toBe('replayed');
    // Back live with the frame that was on screen before replay: the live trails go with it.
    expect(sampler.take('live 2', 'f1', 100)).toBe('live 2');
    expect(sampler.take('live 3', 'f2', 200)).toBe('live 2');
  });
});
