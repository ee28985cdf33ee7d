import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatClock,
  formatCount,
  formatOffset,
  formatUtc,
  humanize,
  operationNow,
  utcDay,
} from './format';

describe('operationNow', () => {
  it('uses the newest event time, the wall clock only before any event', () => {
    expect(operationNow({ lastEventAt: 5_000 }, 9_000)).toBe(5_000);
    expect(operationNow({ lastEventAt: null }, 9_000)).toBe(9_000);
    expect(operationNow(null, 9_000)).toBe(9_000);
  });
});

describe('formatClock', () => {
  // Built from local components so the test holds in any time zone.
  const at = new Date(2026, 9, 5, 7, 4).getTime();
  it('shows HH:mm on the same local day', () => {
    expect(formatClock(at, new Date(2026, 9, 5, 23, 59).getTime())).toBe('07:04');
  });
  it('adds the local date on another day', () => {
    expect(formatClock(at, new Date(2026, 9, 6, 0, 1).getTime())).toBe('2026-10-05 07:04');
  });
  it('shows a dash for no time', () => {
    expect(formatClock(null, at)).toBe('—');
    expect(formatClock(Number.NaN, at)).toBe('—');
  });
});

describe('formatUtc / utcDay', () => {
  it('formats the instant in UTC', () => {
    const ms = Date.UTC(2026, 9, 5, 6, 0, 7);
    expect(formatUtc(ms)).toBe('2026-10-05 06:00:07 UTC');
    expect(formatUtc(null)).toBe('');
    expect(utcDay(ms)).toBe('2026-10-05');
    expect(utcDay(Date.UTC(2026, 9, 5, 23, 59, 59, 999))).toBe('2026-10-05');
    expect(utcDay(Date.UTC(2026, 9, 6))).toBe('2026-10-06');
  });
});

describe('formatAge', () => {
  it('is compact at every scale', () => {
    expect(formatAge(0)).toBe('0 s');
    expect(formatAge(59_999)).toBe('59 s');
    expect(formatAge(60_000)).toBe('1 min');
    expect(formatAge(59 * 60_000 + 59_000)).toBe('59 min');
    expect(formatAge(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 05 min');
    expect(formatAge(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 04 h');
  });
  it('clamps negative ages and shows a dash for none', () => {
    expect(formatAge(-5_000)).toBe('0 s');
    expect(formatAge(null)).toBe('—');
  });
});

describe('formatOffset', () => {
  it('is signed and scaled', () => {
    expect(formatOffset(120)).toBe('+120 ms');
    expect(formatOffset(-1_400)).toBe('−1.4 s');
    expect(formatOffset(0)).toBe('+0 ms');
    expect(formatOffset(-120_000)).toBe('−2 min');
    expect(formatOffset(null)).toBe('n/a');
  });
});

describe('formatCount / humanize', () => {
  it('groups thousands and keeps one decimal for kilograms', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(3.25, true)).toBe('3.3');
    expect(formatCount(0, true)).toBe('0.0');
  });
  it('turns enum values into words', () => {
    expect(humanize('irregular_crossing')).toBe('irregular crossing');
    expect(humanize('drugs')).toBe('drugs');
  });
});
