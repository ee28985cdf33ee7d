import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  MAX_FRAME_UNITS,
  positionFrameProblem,
  type PositionFrame,
  type UnitTable,
} from './positionFrame';

const table: UnitTable = {
  epoch: 1,
  version: 2,
  unitIds: ['A', 'B'],
  callsigns: ['Alpha', 'Bravo'],
  agencies: ['border_police', 'customs'],
  kinds: ['vehicle', 'boat'],
  statuses: ['patrolling', 'off_duty'],
};

function frame(patch: Partial<Record<keyof PositionFrame, unknown>> = {}): PositionFrame {
  return {
    epoch: 1,
    version: 5,
    seq: 10,
    count: 2,
    tableVersion: 2,
    lonLat: new Float64Array([19, 44, 20, 45]).buffer,
    heading: new Float32Array([90, 180]).buffer,
    speed: new Float32Array([10, 0]).buffer,
    reportedAt: new Float64Array([1000, 2000]).buffer,
    table,
    ...patch,
  } as PositionFrame;
}

describe('positionFrameProblem', () => {
  it('accepts a sound frame and opens it with its table', () => {
    expect(positionFrameProblem(frame())).toBeNull();
    const decoded = decodeFrame(frame(), table)!;
    expect([...decoded.lonLat]).toEqual([19, 44, 20, 45]);
    expect([...decoded.heading]).toEqual([90, 180]);
  });

  it.each([
    ['not an object', null, 'not an object'],
    ['a count beyond the bound', { count: MAX_FRAME_UNITS + 1 }, 'count'],
    ['a negative version', { version: -1 }, 'version'],
    ['a column shorter than the count', { lonLat: new Float64Array([19, 44]).buffer }, 'lonLat has 16 bytes'],
    ['a column that is not binary', { speed: [10, 0] }, 'speed is not an ArrayBuffer'],
    ['a position off the globe', { lonLat: new Float64Array([19, 44, 200, 45]).buffer }, 'position 1'],
    ['a NaN position', { lonLat: new Float64Array([NaN, 44, 20, 45]).buffer }, 'position 0'],
    ['an infinite report time', { reportedAt: new Float64Array([1, Infinity]).buffer }, 'report time 1'],
    ['a NaN heading', { heading: new Float32Array([NaN, 1]).buffer }, 'heading or speed 0'],
    ['a table of another version', { tableVersion: 3 }, 'not the one'],
    [
      'a table shorter than the frame',
      {
        table: {
          ...table,
          unitIds: ['A'],
          callsigns: ['Alpha'],
          agencies: ['customs'],
          kinds: ['boat'],
          statuses: ['patrolling'],
        },
      },
      'its table 1',
    ],
    ['an unknown agency', { table: { ...table, agencies: ['army', 'customs'] } }, 'agencies'],
  ])('refuses %s', (_name, patch, reason) => {
    const raw = patch === null ? null : frame(patch);
    expect(positionFrameProblem(raw)).toContain(reason);
  });

  it('does not open a frame with a table of another epoch or too few units', () => {
    expect(decodeFrame(frame(), { ...table, epoch: 2 })).toBeNull();
    expect(decodeFrame(frame({ count: 3 }), table)).toBeNull();
  });
});
