import { describe, expect, it } from 'vitest';
import { positionFrameProblem, type PositionFrame } from '../../shared/positionFrame';
import type { Unit } from '../../shared/state';
import { FRAME_INTERVAL_MS, FrameWindow, PositionFrames } from './positionFrames';

const T0 = Date.UTC(2026, 9, 5, 6);

const unit = (unitId: string, lon: number | null, at = T0, extra: Partial<Unit> = {}): Unit =>
  ({
    unitId,
    callsign: `CS ${unitId}`,
    agency: 'border_police',
    organisation: 'Border Police',
    country: 'RS',
    kind: 'vehicle',
    status: 'patrolling',
    statusSince: null,
    incidentId: null,
    position: lon === null ? null : { lon, lat: 44, heading: 90, speed: 12, accuracy: 5, at },
    ...extra,
  }) as Unit;

const lons = (frame: PositionFrame): number[] =>
  [...new Float64Array(frame.lonLat)].filter((_, i) => i % 2 === 0);

describe('PositionFrames', () => {
  it('gives each unit one index for the whole epoch, new units after the old', () => {
    const frames = new PositionFrames();
    frames.reset({ A: unit('A', 19), B: unit('B', 20), N: unit('N', null) });
    expect(frames.table().unitIds).toEqual(['A', 'B']);
    frames.update([unit('C', 21), unit('B', 20.5, T0 + 1000), unit('N', 22)]);
    expect(frames.table().unitIds).toEqual(['A', 'B', 'C', 'N']);
    const frame = frames.take(T0, 7)!;
    expect(frame.count).toBe(4);
    expect(lons(frame)).toEqual([19, 20.5, 21, 22]);
    expect([...new Float64Array(frame.reportedAt)]).toEqual([T0, T0 + 1000, T0, T0]);
    expect(positionFrameProblem(frame)).toBeNull();
  });

  it('changes the table only when a unit joins or changes how the map draws it, not when it moves', () => {
    const frames = new PositionFrames();
    frames.reset({ A: unit('A', 19) });
    const before = frames.table();
    frames.update([unit('A', 19.1, T0 + 1000)]);
    expect(frames.table()).toBe(before);
    frames.update([unit('A', 19.1, T0 + 1000, { status: 'off_duty' })]);
    expect(frames.table().version).toBe(before.version + 1);
    expect(frames.table().statuses).toEqual(['off_duty']);
  });

  it('takes a frame at most once per interval, and none when nothing changed', () => {
    const frames = new PositionFrames();
    frames.reset({ A: unit('A', 19) });
    expect(frames.take(T0, 1)).not.toBeNull();
    expect(frames.dueIn(T0 + 10)).toBeNull();
    expect(frames.take(T0 + 10, 1)).toBeNull();
    frames.update([unit('A', 19.1, T0 + 100)]);
    expect(frames.dueIn(T0 + 100)).toBe(FRAME_INTERVAL_MS - 100);
    expect(frames.take(T0 + 100, 2)).toBeNull();
    frames.update([unit('A', 19.2, T0 + 200)]);
    const next = frames.take(T0 + FRAME_INTERVAL_MS, 3)!;
    expect(lons(next)).toEqual([19.2]);
    // The frame is a copy: later reports do not change what was taken.
    frames.update([unit('A', 19.3, T0 + 300)]);
    expect(lons(next)).toEqual([19.2]);
  });

  it('starts a new epoch with new indexes on a snapshot', () => {
    const frames = new PositionFrames();
    frames.reset({ A: unit('A', 19), B: unit('B', 20) });
    const first = frames.take(T0, 1)!;
    frames.reset({ B: unit('B', 20) });
    expect(frames.latest).toBeNull();
    const second = frames.take(T0 + FRAME_INTERVAL_MS, 2)!;
    expect(second.epoch).toBe(first.epoch + 1);
    expect(second.version).toBeGreaterThan(first.version);
    expect(frames.table()).toMatchObject({ epoch: second.epoch, unitIds: ['B'] });
  });
});

describe('FrameWindow', () => {
  it('keeps one frame in flight and only the newest waiting, and sends the table only when needed', () => {
    const frames = new PositionFrames(0);
    frames.reset({ A: unit('A', 19) });
    const sent: { frame: PositionFrame; done: () => void }[] = [];
    const window = new FrameWindow(
      () => frames.table(),
      (frame, done) => sent.push({ frame, done }),
    );
    window.offer(frames.take(T0, 1)!);
    for (let i = 1; i <= 3; i++) {
      frames.update([unit('A', 19 + i / 10, T0 + i)]);
      window.offer(frames.take(T0 + i, 1 + i)!);
    }
    expect(sent).toHaveLength(1);
    expect(sent[0]!.frame.table?.unitIds).toEqual(['A']);
    sent[0]!.done();
    expect(sent).toHaveLength(2);
    expect(lons(sent[1]!.frame)).toEqual([19.3]);
    expect(sent[1]!.frame.table).toBeUndefined();
    expect(window.dropped).toBe(2);
    // A unit joins: the next frame carries the new table.
    sent[1]!.done();
    frames.update([unit('B', 20, T0 + 10)]);
    window.offer(frames.take(T0 + 10, 9)!);
    expect(sent[2]!.frame.table?.unitIds).toEqual(['A', 'B']);
    expect(positionFrameProblem(sent[2]!.frame)).toBeNull();
  });
});
