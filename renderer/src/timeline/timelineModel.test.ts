import { describe, expect, it } from 'vitest';
import type { TimelineSummary } from '../../../shared/replay';
import { applyLanguage } from '../i18n/i18n';
import { PRIORITY_COLORS } from '../map/colors';
import {
  binIndexAt,
  binsPerBar,
  chooseTicks,
  densitySeries,
  describeBin,
  extentOf,
  formatMoment,
  formatSpeed,
  formatWindow,
  fractionToTime,
  mergeBins,
  parseJump,
  parseMoment,
  parseSpeed,
  pointerToTime,
  stackSeries,
  tickStep,
  timeToFraction,
} from './timelineModel';
import { zoneLabel } from '../panels/format';

// Built from local components where local time matters, so the tests hold in any time zone.
const local = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number =>
  new Date(y, mo - 1, d, h, mi, s).getTime();
const HOUR = 3_600_000;

function bins(): TimelineSummary['bins'] {
  return {
    byPriority: { 1: [1, 0, 0], 2: [0, 2, 0], 3: [3, 0, 0], 4: [0, 0, 0] },
    byCategory: { drugs: [1, 1, 0], migrant_smuggling: [3, 1, 0] },
  };
}

describe('time and position on the bar', () => {
  const extent = { start: 1_000, end: 11_000 };
  it('maps the ends and the middle', () => {
    expect(timeToFraction(1_000, extent)).toBe(0);
    expect(timeToFraction(11_000, extent)).toBe(1);
    expect(timeToFraction(6_000, extent)).toBe(0.5);
    expect(fractionToTime(0.25, extent)).toBe(3_500);
  });
  it('pins moments and places outside the bar to its ends', () => {
    expect(timeToFraction(0, extent)).toBe(0);
    expect(timeToFraction(99_000, extent)).toBe(1);
    expect(fractionToTime(-3, extent)).toBe(1_000);
    expect(fractionToTime(7, extent)).toBe(11_000);
    expect(fractionToTime(Number.NaN, extent)).toBe(1_000);
  });
  it('round-trips a time through a pixel position', () => {
    for (const t of [1_000, 2_345, 6_000, 10_999, 11_000]) {
      const x = 40 + timeToFraction(t, extent) * 800;
      expect(Math.abs(pointerToTime(x, 40, 800, extent) - t)).toBeLessThanOrEqual(1);
    }
    // A pointer left or right of the bar (dragging past its ends) pins to start and end.
    expect(pointerToTime(0, 40, 800, extent)).toBe(1_000);
    expect(pointerToTime(2_000, 40, 800, extent)).toBe(11_000);
  });
  it('treats a one-instant log as all live edge', () => {
    expect(timeToFraction(5, { start: 5, end: 5 })).toBe(1);
    expect(extentOf({ startTs: null, endTs: null })).toBeNull();
    expect(extentOf({ startTs: 5, endTs: 9 })).toEqual({ start: 5, end: 9 });
  });
});

describe('density', () => {
  it('stacks by priority, most urgent at the bottom, in the priority colours', () => {
    const series = densitySeries(bins(), 'priority');
    expect(series.map((s) => s.key)).toEqual(['P1', 'P2', 'P3', 'P4']);
    expect(series[0]!.color).toBe(PRIORITY_COLORS[1]);
    const stack = stackSeries(series);
    expect(stack.totals).toEqual([4, 2, 0]);
    expect(stack.max).toBe(4);
    expect(stack.bins[0]).toEqual([
      { key: 'P1', color: PRIORITY_COLORS[1], y0: 0, y1: 1 },
      { key: 'P3', color: PRIORITY_COLORS[3], y0: 1, y1: 4 },
    ]);
    expect(stack.bins[2]).toEqual([]);
  });
  it('stacks by category in the domain order, only the categories present', () => {
    const series = densitySeries(bins(), 'category');
    // The domain lists migrant smuggling before drugs.
    expect(series.map((s) => s.key)).toEqual(['migrant_smuggling', 'drugs']);
    expect(series[0]!.label).toBe('migrant smuggling');
    expect(stackSeries(series).totals).toEqual([4, 2, 0]);
  });
  it('reads layers of unequal length as zeros', () => {
    const stack = stackSeries([
      { key: 'a', label: 'a', color: '#000000', counts: [1] },
      { key: 'b', label: 'b', color: '#ffffff', counts: [1, 2] },
    ]);
    expect(stack.totals).toEqual([2, 2]);
    expect(stackSeries([]).max).toBe(0);
  });
  it('merges bins so that bars stay a few pixels wide', () => {
    expect(binsPerBar(400, 1200, 3)).toBe(1);
    expect(binsPerBar(400, 600, 3)).toBe(2);
    expect(binsPerBar(400, 100, 3)).toBe(12);
    expect(binsPerBar(400, 0, 3)).toBe(1);
    const merged = mergeBins(densitySeries(bins(), 'priority'), 2);
    expect(merged.map((s) => s.counts)).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
      [0, 0],
    ]);
    expect(stackSeries(merged).totals).toEqual([6, 0]);
    expect(mergeBins(densitySeries(bins(), 'priority'), 1)[0]!.counts).toEqual([1, 0, 0]);
  });
  it('finds the bin of a moment', () => {
    expect(binIndexAt(100, 100, 10, 3)).toBe(0);
    expect(binIndexAt(129, 100, 10, 3)).toBe(2);
    expect(binIndexAt(130, 100, 10, 3)).toBeNull();
    expect(binIndexAt(99, 100, 10, 3)).toBeNull();
  });
  it('describes a bin for the hover text', () => {
    const start = local(2026, 11, 29, 14, 0);
    const text = describeBin(0, start, 10 * 60_000, densitySeries(bins(), 'priority'));
    const zone = zoneLabel('local', start);
    expect(text).toBe(
      `2026-11-29 14:00:00 ${zone} – 2026-11-29 14:10:00 ${zone} · 4 incidents reported (P1 1, P3 3)`,
    );
    expect(describeBin(2, start, 60_000, densitySeries(bins(), 'priority'))).toContain('no incident');
  });
});

describe('ticks', () => {
  it('picks the smallest round step that leaves room for a label', () => {
    expect(tickStep({ start: 0, end: 6 * HOUR }, 600, 80)).toBe(HOUR);
    expect(tickStep({ start: 0, end: 30 * 60_000 }, 600, 80)).toBe(5 * 60_000);
    expect(tickStep({ start: 0, end: 72 * HOUR }, 600, 80)).toBe(12 * HOUR);
    expect(tickStep({ start: 0, end: 3_000 * HOUR }, 300, 80)).toBe(7 * 24 * HOUR);
  });
  it('puts ticks on round local times, with the date at local midnight', () => {
    const extent = { start: local(2026, 11, 29, 21, 40), end: local(2026, 11, 30, 3, 10) };
    const ticks = chooseTicks(extent, 600, 80);
    expect(ticks.map((t) => t.label)).toEqual(['22:00', '23:00', '11-30', '01:00', '02:00', '03:00']);
    expect(ticks[0]!.at).toBe(local(2026, 11, 29, 22));
    expect(ticks.filter((t) => t.major).map((t) => t.at)).toEqual([local(2026, 11, 30)]);
    for (const t of ticks) expect(t.at >= extent.start && t.at <= extent.end).toBe(true);
  });
  it('puts day ticks on local midnights', () => {
    const extent = { start: local(2026, 11, 1, 6), end: local(2026, 11, 20, 6) };
    const ticks = chooseTicks(extent, 300, 80);
    expect(ticks.length).toBeGreaterThan(1);
    for (const t of ticks) {
      expect(t.major).toBe(true);
      expect(new Date(t.at).getHours()).toBe(0);
    }
  });
  it('has no ticks on a bar of no width', () => {
    expect(chooseTicks({ start: 0, end: HOUR }, 0)).toEqual([]);
  });
});

describe('parseSpeed', () => {
  it('reads the forms an analyst types', () => {
    expect(parseSpeed('600')).toEqual({ ok: true, value: 600 });
    expect(parseSpeed('600x')).toEqual({ ok: true, value: 600 });
    expect(parseSpeed(' 600 X ')).toEqual({ ok: true, value: 600 });
    expect(parseSpeed('600×')).toEqual({ ok: true, value: 600 });
    expect(parseSpeed('0.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseSpeed('0,5x')).toEqual({ ok: true, value: 0.5 });
    expect(parseSpeed('.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseSpeed('3600')).toEqual({ ok: true, value: 3600 });
  });
  it('refuses what is not a speed, and speeds out of range, with a message', () => {
    for (const bad of ['', 'fast', '-2', '1e3', '60 x 2', 'x600']) {
      const r = parseSpeed(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/Type a speed/);
    }
    for (const out of ['0.25', '0', '3601', '10000x']) {
      const r = parseSpeed(out);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/0\.5× to 3600×/);
    }
  });
  it('formats speeds and windows', () => {
    expect(formatSpeed(600)).toBe('600×');
    expect(formatSpeed(0.5)).toBe('0.5×');
    expect(formatSpeed(1 / 3)).toBe('0.33×');
    expect(formatWindow(15 * 60_000)).toBe('15 min');
    expect(formatWindow(3 * HOUR)).toBe('3 h');
  });
});

describe('parseMoment', () => {
  const cursor = local(2026, 11, 29, 9, 30);
  it('reads a local date and time', () => {
    expect(parseMoment('2026-11-29 14:05', cursor)).toEqual({ ok: true, value: local(2026, 11, 29, 14, 5) });
    expect(parseMoment('2026-11-29T14:05:30', cursor)).toEqual({
      ok: true,
      value: local(2026, 11, 29, 14, 5, 30),
    });
    expect(parseMoment('2026-11-30', cursor)).toEqual({ ok: true, value: local(2026, 11, 30) });
  });
  it('reads a time alone as that time on the cursor’s day', () => {
    expect(parseMoment('14:05', cursor)).toEqual({ ok: true, value: local(2026, 11, 29, 14, 5) });
    expect(parseMoment('7:00:15', cursor)).toEqual({ ok: true, value: local(2026, 11, 29, 7, 0, 15) });
  });
  it('reads back the moments it shows, labelled with their zone', () => {
    const utc = Date.UTC(2026, 10, 29, 14, 5);
    expect(formatMoment(utc)).toMatch(/^2026-11-\d{2} \d{2}:\d{2}:00 UTC[+−]\d{1,2}(:\d{2})?$/);
    expect(parseMoment(formatMoment(utc), cursor)).toEqual({ ok: true, value: utc });
    expect(parseMoment('2026-11-29 15:05 UTC+1', cursor)).toEqual({ ok: true, value: utc });
    expect(parseMoment('2026-11-29 19:35 UTC+5:30', cursor)).toEqual({ ok: true, value: utc });
    expect(parseMoment('2026-11-29 11:05 UTC−3', cursor)).toEqual({ ok: true, value: utc });
  });
  it('reads UTC when the text ends in Z or UTC, and ISO offsets', () => {
    const utc = Date.UTC(2026, 10, 29, 14, 5);
    expect(parseMoment('2026-11-29 14:05Z', cursor)).toEqual({ ok: true, value: utc });
    expect(parseMoment('2026-11-29 14:05 UTC', cursor)).toEqual({ ok: true, value: utc });
    expect(parseMoment('2026-11-29T14:05:00.000Z', cursor)).toEqual({ ok: true, value: utc });
    expect(parseMoment(new Date(utc).toISOString(), cursor)).toEqual({ ok: true, value: utc });
    expect(parseMoment('2026-11-29T15:05+01:00', cursor)).toEqual({ ok: true, value: utc });
    expect(parseMoment('2026-11-29T09:05-0500', cursor)).toEqual({ ok: true, value: utc });
    // A UTC time alone is on the cursor's UTC day.
    const utcCursor = Date.UTC(2026, 10, 29, 23, 0);
    expect(parseMoment('14:05Z', utcCursor)).toEqual({ ok: true, value: utc });
  });
  it('says what is wrong with what is not a time', () => {
    for (const bad of ['', 'yesterday', '14h05', '2026-11-29 14', '2026/11/29 14:05']) {
      const r = parseMoment(bad, cursor);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/Type a time such as 14:05/);
    }
    for (const bad of ['25:00', '14:60', '2026-02-29 10:00', '2026-13-01', '2026-04-31 00:00']) {
      const r = parseMoment(bad, cursor);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/not a valid date and time/);
    }
    expect(parseMoment('2028-02-29 10:00', cursor).ok).toBe(true);
    const offset = parseMoment('2026-11-29T14:05+16:00', cursor);
    expect(offset.ok).toBe(false);
  });
});

describe('parseJump', () => {
  const extent = { start: local(2026, 11, 29, 6), end: local(2026, 11, 29, 18) };
  it('takes a moment within the operation', () => {
    expect(parseJump('14:05', extent.start, extent)).toEqual({ ok: true, value: local(2026, 11, 29, 14, 5) });
    expect(parseJump('06:00', extent.start, extent)).toEqual({ ok: true, value: extent.start });
  });
  it('refuses a moment outside it, saying the operation’s period', () => {
    const r = parseJump('2026-11-29 19:00', extent.start, extent);
    expect(r).toEqual({
      ok: false,
      error: `${formatMoment(local(2026, 11, 29, 19))} is outside the operation (${formatMoment(extent.start)} to ${formatMoment(extent.end)}).`,
    });
    expect(parseJump('05:59', extent.start, extent).ok).toBe(false);
    expect(parseJump('12:00', extent.start, null)).toEqual({
      ok: false,
      error: 'Nothing has been recorded yet.',
    });
  });
  it('passes on the reason a text is not a time', () => {
    const r = parseJump('soon', extent.start, extent);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/not a time/);
  });
});

describe('in another language', () => {
  it('writes speeds the locale’s way and reads them back', () => {
    try {
      applyLanguage('sr-Latn');
      expect(formatSpeed(0.5)).toBe('0,5×');
      expect(formatSpeed(3600)).toBe('3600×');
      expect(parseSpeed(formatSpeed(0.5))).toEqual({ ok: true, value: 0.5 });
    } finally {
      applyLanguage('en');
    }
  });
  it('words a refusal in the language in use when it is read', () => {
    const r = parseSpeed('fast');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBe('Type a speed such as 60, 600x or 0.5.');
    try {
      applyLanguage('mk');
      expect(r.error).toBe('Внесете брзина, на пр. 60, 600x или 0,5.');
      // What is typed is read the same way in every language.
      expect(parseMoment('2026-11-29 14:05 UTC', 0)).toEqual({
        ok: true,
        value: Date.UTC(2026, 10, 29, 14, 5),
      });
    } finally {
      applyLanguage('en');
    }
  });
  it('keeps the UTC marker in Latin letters in Serbian Cyrillic', () => {
    try {
      applyLanguage('sr-Cyrl');
      const r = parseMoment('', 0);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toContain('(Z или UTC за UTC)');
    } finally {
      applyLanguage('en');
    }
  });
});
