import { afterEach, describe, expect, it } from 'vitest';
import { applyLanguage } from '../i18n/i18n';
import {
  formatAge,
  formatClock,
  formatCount,
  formatMoment,
  formatOffset,
  formatTimeOfDay,
  formatUtc,
  humanize,
  utcDay,
  zoneLabel,
} from './format';

describe('formatClock', () => {
  // Built from local components so the test holds in any time zone.
  const at = new Date(2026, 9, 5, 7, 4).getTime();
  const local = zoneLabel('local', at);
  it('shows HH:mm on the same local day, labelled with the zone', () => {
    expect(formatClock(at, new Date(2026, 9, 5, 23, 59).getTime(), 'local')).toBe(`07:04 ${local}`);
  });
  it('adds the local date on another day', () => {
    expect(formatClock(at, new Date(2026, 9, 6, 0, 1).getTime(), 'local')).toBe(`05/10/2026 07:04 ${local}`);
  });
  it('shows a dash for no time', () => {
    expect(formatClock(null, at, 'utc')).toBe('—');
    expect(formatClock(Number.NaN, at, 'local')).toBe('—');
  });
});

describe('times in the zone the officer chose', () => {
  const at = Date.UTC(2026, 9, 5, 23, 30, 9);
  const saved = process.env.TZ;
  afterEach(() => {
    process.env.TZ = saved;
  });

  it('shows UTC as UTC, whatever this computer’s zone', () => {
    process.env.TZ = 'Asia/Kolkata';
    expect(formatClock(at, Date.UTC(2026, 9, 5, 1), 'utc')).toBe('23:30 UTC');
    expect(formatClock(at, Date.UTC(2026, 9, 6, 1), 'utc')).toBe('05/10/2026 23:30 UTC');
    expect(formatMoment(at, 'utc')).toBe('2026-10-05 23:30:09 UTC');
    expect(formatTimeOfDay(at, 'utc')).toBe('23:30:09');
  });

  it('labels local time with its offset, summer time included, and its own day', () => {
    process.env.TZ = 'Europe/Belgrade';
    // 23:30 UTC on 5 October is 01:30 on the 6th in Belgrade, in summer time.
    expect(zoneLabel('local', at)).toBe('UTC+2');
    expect(formatClock(at, Date.UTC(2026, 9, 6, 1), 'local')).toBe('01:30 UTC+2');
    expect(formatMoment(at, 'local')).toBe('2026-10-06 01:30:09 UTC+2');
    expect(zoneLabel('local', Date.UTC(2026, 11, 1))).toBe('UTC+1');
    process.env.TZ = 'Asia/Kolkata';
    expect(formatMoment(at, 'local')).toBe('2026-10-06 05:00:09 UTC+5:30');
    process.env.TZ = 'America/Sao_Paulo';
    expect(formatTimeOfDay(at, 'local')).toBe('20:30:09');
    expect(zoneLabel('local', at)).toBe('UTC−3');
  });
});

describe('in the language the officer chose', () => {
  afterEach(() => applyLanguage('en'));
  const at = new Date(2026, 9, 5, 7, 4).getTime();
  const nextDay = new Date(2026, 9, 6, 0, 1).getTime();

  it('formats dates, numbers and ages for the locale', () => {
    applyLanguage('sr-Cyrl');
    // ICU versions differ on the spaces after the dots (Chromium's and Node's), not on the order.
    expect(formatClock(at, nextDay, 'local')).toMatch(/^05\.\s?10\.\s?2026\. 07:04 UTC/u);
    expect(formatCount(12_345)).toBe('12.345');
    expect(formatCount(1234.5, true)).toBe('1.234,5');
    expect(formatAge(2 * 3600_000 + 5 * 60_000)).toBe('2 ч 05 мин');
    applyLanguage('sq');
    expect(formatCount(1234.5, true)).toMatch(/^1\s?234,5$/u);
    expect(formatAge(3 * 86_400_000 + 4 * 3600_000)).toBe('3 ditë 04 orë');
    applyLanguage('mk');
    expect(formatClock(at, nextDay, 'local')).toMatch(/^05\.\s?10\.\s?2026(?:\.| г\.)? 07:04 UTC/u);
    expect(formatOffset(-1400)).toBe('−1,4 с');
  });

  it('goes back to English', () => {
    applyLanguage('mk');
    applyLanguage('en');
    expect(formatCount(12_345)).toBe('12,345');
    expect(formatAge(45_000)).toBe('45 s');
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
