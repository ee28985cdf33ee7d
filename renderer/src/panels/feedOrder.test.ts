import { describe, expect, it } from 'vitest';
import { epochMs } from '../../../shared/units';
import { orderIncidents, rowAfterKey } from './feedOrder';
import { makeIncident } from './testFixtures';

describe('the feed order', () => {
  const newestFirst = [
    makeIncident('NEW-P3', { priority: 3, reportedAt: epochMs(40) }),
    makeIncident('NEW-P1', { priority: 1, reportedAt: epochMs(30) }),
    makeIncident('OLD-P3', { priority: 3, reportedAt: epochMs(20) }),
    makeIncident('OLD-P1', { priority: 1, reportedAt: epochMs(10) }),
  ];
  it('keeps newest first as it is', () => {
    expect(orderIncidents(newestFirst, 'newest')).toBe(newestFirst);
  });
  it('by priority puts P1 on top, newest first within a priority', () => {
    expect(orderIncidents(newestFirst, 'priority').map((i) => i.incidentId)).toEqual([
      'NEW-P1',
      'OLD-P1',
      'NEW-P3',
      'OLD-P3',
    ]);
  });
});

describe('arrow keys in the feed', () => {
  it('move one row, stop at the ends, and jump with Home/End', () => {
    expect(rowAfterKey('ArrowDown', 0, 3)).toBe(1);
    expect(rowAfterKey('ArrowDown', 2, 3)).toBe(2);
    expect(rowAfterKey('ArrowUp', 0, 3)).toBe(0);
    expect(rowAfterKey('ArrowUp', 2, 3)).toBe(1);
    expect(rowAfterKey('Home', 2, 3)).toBe(0);
    expect(rowAfterKey('End', 0, 3)).toBe(2);
  });
  it('leave other keys (Enter opens the row) and an empty feed alone', () => {
    expect(rowAfterKey('Enter', 0, 3)).toBeNull();
    expect(rowAfterKey('ArrowDown', 0, 0)).toBeNull();
  });
});
