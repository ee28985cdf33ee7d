import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyDelta, type PictureDelta } from '../../shared/pictureDelta';
import type { PositionFrame } from '../../shared/positionFrame';
import { DeltaWindow } from '../core/deltaWindow';
import { PUSH_ACK_TIMEOUT_MS, PushAcks } from './pushAcks';

const PAGE = { url: 'app://watchfloor/index.html', parent: null };

/** A delta that changes one unit. */
const unitDelta = (seq: number, unitId: string): PictureDelta => {
  const delta = emptyDelta(seq);
  (delta.changed.units as Record<string, unknown>)[unitId] = { unitId, seq };
  return delta;
};
const frame = (version: number): PositionFrame => ({ version }) as unknown as PositionFrame;

let sent: { channel: string; payload: unknown; n: number }[];
let logged: string[];
let pushes: PushAcks;
beforeEach(() => {
  sent = [];
  logged = [];
  pushes = new PushAcks({
    send: (channel, payload, n) => sent.push({ channel, payload, n }),
    log: (line) => logged.push(line),
  });
});
afterEach(() => {
  pushes.forget();
  vi.useRealTimers();
});

describe("the desktop app's send windows over IPC", () => {
  it('sends one numbered delta at a time; the answer to its number sends the rest, merged into one', () => {
    const window = new DeltaWindow(pushes.sendDelta);
    window.offer(unitDelta(1, 'U-1'));
    window.offer(unitDelta(2, 'U-2'));
    window.offer(unitDelta(3, 'U-3'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channel: 'state:delta', n: 1 });
    // An answer to another number, or of the other kind, frees nothing.
    pushes.ack(PAGE, { kind: 'delta', n: 2 });
    pushes.ack(PAGE, { kind: 'frame', n: 1 });
    expect(sent).toHaveLength(1);
    pushes.ack(PAGE, { kind: 'delta', n: 1 });
    expect(sent).toHaveLength(2);
    const merged = sent[1]!;
    expect(merged.n).toBe(2);
    expect((merged.payload as PictureDelta).seq).toBe(3);
    expect(Object.keys((merged.payload as PictureDelta).changed.units).sort()).toEqual(['U-2', 'U-3']);
    // A second answer to the same number (a second listener) changes nothing.
    window.offer(unitDelta(4, 'U-4'));
    pushes.ack(PAGE, { kind: 'delta', n: 1 });
    expect(sent).toHaveLength(2);
    expect(logged).toEqual([]);
    window.close();
  });

  it('ignores and logs an answer that is malformed or not from our own top frame', () => {
    let released = 0;
    pushes.sendFrame(frame(1), () => released++);
    const bad: unknown[] = [
      null,
      'frame 1',
      { kind: 'frame' },
      { kind: 'frame', n: '1' },
      { kind: 'frame', n: 1.5 },
      { kind: 'frame', n: -1 },
      { kind: 'picture', n: 1 },
      { kind: 'frame', n: 1, extra: true },
    ];
    for (const arg of bad) pushes.ack(PAGE, arg);
    for (const foreign of [
      { url: 'https://evil.example/', parent: null },
      { url: 'app://watchfloor/index.html', parent: {} },
      null,
    ])
      pushes.ack(foreign, { kind: 'frame', n: 1 });
    expect(released).toBe(0);
    expect(logged).toHaveLength(10);
    expect(logged[0]).toMatch(/^push:ack refused \(1 so far\): /);
    expect(logged.at(-1)).toMatch(/not the Watchfloor page/);
    pushes.ack(PAGE, { kind: 'frame', n: 1 });
    expect(released).toBe(1);
  });

  it('frees the window after the timeout when the page never answers, and not before', () => {
    vi.useFakeTimers();
    let released = 0;
    pushes.sendFrame(frame(1), () => released++);
    vi.advanceTimersByTime(PUSH_ACK_TIMEOUT_MS - 1);
    expect(released).toBe(0);
    vi.advanceTimersByTime(1);
    expect(released).toBe(1);
    // Its late answer frees nothing more.
    pushes.ack(PAGE, { kind: 'frame', n: 1 });
    expect(released).toBe(1);
  });

  it('sends the frame in flight again to a page that (re)loaded, and frees the delta', () => {
    let frames = 0;
    let deltas = 0;
    pushes.sendFrame(frame(7), () => frames++);
    pushes.sendDelta(unitDelta(1, 'U-1'), () => deltas++);
    pushes.pageLoaded();
    expect(deltas).toBe(1);
    expect(frames).toBe(0);
    expect(sent.map((s) => [s.channel, s.n])).toEqual([
      ['positions:frame', 1],
      ['state:delta', 2],
      ['positions:frame', 3],
    ]);
    expect(sent[2]!.payload).toBe(sent[0]!.payload);
    // The old number is no longer in flight; the new one is.
    pushes.ack(PAGE, { kind: 'frame', n: 1 });
    expect(frames).toBe(0);
    pushes.ack(PAGE, { kind: 'frame', n: 3 });
    expect(frames).toBe(1);
  });

  it('forgets what was in flight when the subscription goes, numbering on after it', () => {
    vi.useFakeTimers();
    let released = 0;
    pushes.sendFrame(frame(1), () => released++);
    pushes.forget();
    vi.advanceTimersByTime(PUSH_ACK_TIMEOUT_MS * 2);
    pushes.ack(PAGE, { kind: 'frame', n: 1 });
    expect(released).toBe(0);
    pushes.sendFrame(frame(2), () => released++);
    expect(sent.at(-1)!.n).toBe(2);
  });
});
