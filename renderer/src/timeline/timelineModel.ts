import { INCIDENT_CATEGORIES, INCIDENT_PRIORITIES, type IncidentCategory } from '../../../shared/domain';
import type { TimelineSummary } from '../../../shared/replay';
import { currentLocale, label, t } from '../i18n/i18n';
import { PRIORITY_COLORS } from '../map/colors';
import { formatCount, formatMoment as formatMomentIn } from '../panels/format';

/**
 * The timeline's arithmetic, kept free of the DOM so it can be tested: time <-> position on the
 * bar, the stacked density, tick choice, and reading what the analyst types (a speed, a moment).
 * Positions are fractions of the bar's width (0 = operation start, 1 = live edge), so the DOM
 * places markers in percent and the canvas multiplies by its own pixel width. Words come from the
 * `timeline` namespace in the language in use; what the analyst types is read the same way in
 * every language (digits, "600x", "Z" or "UTC").
 */

/** The extent of the bar: the first event and the newest (the live edge). */
export interface Extent {
  start: number;
  end: number;
}

/** The extent of a timeline, or null while nothing has been recorded. */
export function extentOf(timeline: Pick<TimelineSummary, 'startTs' | 'endTs'> | null): Extent | null {
  if (!timeline || timeline.startTs === null || timeline.endTs === null) return null;
  return { start: timeline.startTs, end: Math.max(timeline.startTs, timeline.endTs) };
}

/** Where on the bar (0..1) a moment lies; moments outside the extent are pinned to its ends. */
export function timeToFraction(t: number, extent: Extent): number {
  const span = extent.end - extent.start;
  if (span <= 0) return 1;
  return Math.min(1, Math.max(0, (t - extent.start) / span));
}

/** The moment at a place on the bar (0..1, pinned), rounded to the millisecond. */
export function fractionToTime(fraction: number, extent: Extent): number {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  return Math.round(extent.start + f * (extent.end - extent.start));
}

/** The moment under a pointer at `clientX`, for a bar whose box starts at `left` and is `width` wide. */
export function pointerToTime(clientX: number, left: number, width: number, extent: Extent): number {
  return fractionToTime(width > 0 ? (clientX - left) / width : 0, extent);
}

// ---- Density ---------------------------------------------------------------------------------

/** Colours of the incident categories: distinct on the dark background, in the domain's order. */
export const CATEGORY_COLORS: Readonly<Record<IncidentCategory, string>> = {
  irregular_crossing: '#4dabf7',
  migrant_smuggling: '#ff922b',
  stolen_vehicle: '#9775fa',
  drugs: '#51cf66',
  weapons: '#ff6b6b',
  excise_goods: '#fcc419',
  document_fraud: '#22b8cf',
  human_trafficking: '#f06595',
  readmission_handover: '#94d82d',
  wanted_person: '#e599f7',
  other: '#868e96',
};

/** One layer of the stacked density. */
export interface DensitySeries {
  key: string;
  label: string;
  color: string;
  counts: readonly number[];
}

/**
 * The layers to stack, bottom first: by priority (1, the most urgent, at the bottom where the eye
 * rests) or by category (the domain's order, so colours stay put between refreshes). Labels are in
 * the language in use when called.
 */
export function densitySeries(bins: TimelineSummary['bins'], by: 'priority' | 'category'): DensitySeries[] {
  if (by === 'priority') {
    return INCIDENT_PRIORITIES.map((p) => ({
      key: `P${p}`,
      label: t('common:priorityShort', { priority: p }),
      color: PRIORITY_COLORS[p],
      counts: bins.byPriority[p] ?? [],
    }));
  }
  const out: DensitySeries[] = [];
  for (const c of INCIDENT_CATEGORIES) {
    const counts = bins.byCategory[c];
    if (counts) out.push({ key: c, label: label('incidentCategory', c), color: CATEGORY_COLORS[c], counts });
  }
  return out;
}

/** How many of the summary's bins go into one bar, so bars are at least `minPx` wide. */
export function binsPerBar(binCount: number, width: number, minPx = 3): number {
  if (binCount <= 0 || width <= 0) return 1;
  return Math.max(1, Math.ceil((minPx * binCount) / width));
}

/** Sums each run of `factor` bins into one (the last run may be shorter). */
export function mergeBins(series: readonly DensitySeries[], factor: number): DensitySeries[] {
  if (factor <= 1) return [...series];
  return series.map((s) => {
    const counts: number[] = [];
    for (let i = 0; i < s.counts.length; i += factor) {
      let n = 0;
      for (let j = i; j < Math.min(i + factor, s.counts.length); j++) n += s.counts[j] ?? 0;
      counts.push(n);
    }
    return { ...s, counts };
  });
}

/** A segment of one bin's bar: from y0 to y1 in incidents (0 at the bottom). */
export interface Segment {
  key: string;
  color: string;
  y0: number;
  y1: number;
}

/** The stacked bars: one list of segments per bin (empty layers left out), and the tallest total. */
export interface Stack {
  bins: Segment[][];
  totals: number[];
  max: number;
}

/** Stacks the layers bin by bin. Layers of different lengths are read as zero where they end. */
export function stackSeries(series: readonly DensitySeries[]): Stack {
  const length = series.reduce((n, s) => Math.max(n, s.counts.length), 0);
  const bins: Segment[][] = [];
  const totals: number[] = [];
  let max = 0;
  for (let i = 0; i < length; i++) {
    const segments: Segment[] = [];
    let y = 0;
    for (const s of series) {
      const n = s.counts[i] ?? 0;
      if (n <= 0) continue;
      segments.push({ key: s.key, color: s.color, y0: y, y1: y + n });
      y += n;
    }
    bins.push(segments);
    totals.push(y);
    if (y > max) max = y;
  }
  return { bins, totals, max };
}

/** The bin a moment falls in, or null outside them. */
export function binIndexAt(t: number, startTs: number, binMs: number, count: number): number | null {
  if (binMs <= 0 || t < startTs) return null;
  const i = Math.floor((t - startTs) / binMs);
  return i < count ? i : null;
}

/** What the density says under the pointer: "14:00–14:10 · 3 incidents (P1 1, P2 2)". */
export function describeBin(
  index: number,
  startTs: number,
  binMs: number,
  series: readonly DensitySeries[],
): string {
  const from = startTs + index * binMs;
  const parts: string[] = [];
  let total = 0;
  for (const s of series) {
    const n = s.counts[index] ?? 0;
    if (n > 0) parts.push(t('timeline:density.layerCount', { layer: s.label, n: formatCount(n) }));
    total += n;
  }
  const range = { from: formatMoment(from), to: formatMoment(from + binMs) };
  if (total === 0) return t('timeline:density.none', range);
  return t('timeline:density.reported', {
    ...range,
    count: total,
    total: formatCount(total),
    details: parts.join(', '),
  });
}

// ---- Ticks -----------------------------------------------------------------------------------

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Tick spacings on offer, smallest first. */
export const TICK_STEPS_MS = [
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
] as const;

/** A tick of the time axis; `major` ones fall on a local midnight and carry the date. */
export interface Tick {
  at: number;
  label: string;
  major: boolean;
}

/** The smallest spacing that keeps ticks at least `minPx` apart on a bar `width` px wide. */
export function tickStep(extent: Extent, width: number, minPx = 80): number {
  const span = Math.max(1, extent.end - extent.start);
  for (const step of TICK_STEPS_MS) if ((step / span) * width >= minPx) return step;
  return 7 * DAY;
}

function localMidnight(t: number): Date {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  return d;
}

/**
 * Ticks in local time (the wall clock of the room), on round times of the day: every step from
 * each local midnight, so a daylight-saving change shifts no label off the hour. Steps of a day or
 * more fall on local midnights.
 */
export function chooseTicks(extent: Extent, width: number, minPx = 80): Tick[] {
  if (width <= 0) return [];
  const step = tickStep(extent, width, minPx);
  const ticks: Tick[] = [];
  const day = localMidnight(extent.start);
  let dayIndex = 0;
  // Bounded: a bar cannot hold more ticks than pixels / minPx, plus the partial ends.
  const limit = Math.ceil(width / Math.max(1, minPx)) + 4;
  while (day.getTime() <= extent.end && ticks.length < limit + 2) {
    const midnight = day.getTime();
    const next = new Date(day);
    next.setDate(next.getDate() + 1);
    if (step >= DAY) {
      const days = Math.round(step / DAY);
      if (dayIndex % days === 0 && midnight >= extent.start) ticks.push(tickAt(midnight, true));
    } else {
      for (let t = midnight; t < next.getTime(); t += step) {
        if (t >= extent.start && t <= extent.end) ticks.push(tickAt(t, t === midnight));
      }
    }
    day.setTime(next.getTime());
    dayIndex++;
  }
  return ticks;
}

function tickAt(at: number, major: boolean): Tick {
  const d = new Date(at);
  return { at, major, label: major ? `${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}` : hhmm(d) };
}

// ---- Formatting ------------------------------------------------------------------------------

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function hhmm(d: Date): string {
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/**
 * A moment in local time, labelled with the zone: "2026-11-29 14:05:09 UTC+1" (the timeline's ticks
 * are local too; the UTC instant goes in a title). Formatted in panels/format.ts with every other
 * time, and read back by parseMoment.
 */
export function formatMoment(ms: number): string {
  return formatMomentIn(ms, 'local');
}

const speedFormats = new Map<string, Intl.NumberFormat>();

/**
 * A speed as the analyst reads it: "600×", "0.5×" ("0,5×" where the locale writes a decimal
 * comma). No thousands separator, so the text shown in the speed field reads back as the same speed.
 */
export function formatSpeed(speed: number): string {
  const locale = currentLocale();
  let format = speedFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 2, useGrouping: false });
    speedFormats.set(locale, format);
  }
  return `${format.format(speed)}×`;
}

/** A trail window in words: "15 min", "3 h". */
export function formatWindow(ms: number): string {
  return ms % HOUR === 0
    ? t('timeline:window.hours', { h: formatCount(ms / HOUR) })
    : t('common:age.minutes', { min: formatCount(Math.round(ms / MINUTE)) });
}

// ---- What the analyst types ------------------------------------------------------------------

/**
 * A value read from a field, or why it could not be. The reason is worded when it is read, in the
 * language in use then, so a message kept on screen follows a language switch.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; readonly error: string };

function failure(reason: () => string): { ok: false; readonly error: string } {
  return {
    ok: false,
    get error() {
      return reason();
    },
  };
}

/** The UTC marker a typed time may end with; a letter kept out of the translations (see serbianScript.ts). */
export const UTC_MARK = 'Z';

/** Replay speed bounds, as the store clamps them. */
export const SPEED_RANGE = { min: 0.5, max: 3600 } as const;

/** Reads a typed speed: "600", "600x", "600×", "0.5", "0,5". */
export function parseSpeed(text: string): Parsed<number> {
  const match = /^\s*(\d+(?:[.,]\d*)?|[.,]\d+)\s*[x×]?\s*$/i.exec(text);
  if (!match) return failure(() => t('timeline:speed.invalid'));
  const speed = Number(match[1]!.replace(',', '.'));
  if (!Number.isFinite(speed) || speed < SPEED_RANGE.min || speed > SPEED_RANGE.max)
    return failure(() =>
      t('timeline:speed.range', { min: formatSpeed(SPEED_RANGE.min), max: formatSpeed(SPEED_RANGE.max) }),
    );
  return { ok: true, value: speed };
}

const TIME_ONLY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*(z|utc(?:\s*[+\-−]\d{1,2}(?::\d{2})?)?))?$/i;
// The zone as typed or as formatMoment labels it: Z, UTC, +01:00, UTC+1, UTC+5:30.
const DATE_TIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(?:\s*(z|utc(?:\s*[+\-−]\d{1,2}(?::\d{2})?)?|[+-]\d{2}:?\d{2}))?$/i;

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

function validFields(f: Fields): boolean {
  if (f.month < 1 || f.month > 12 || f.day < 1) return false;
  const daysInMonth =
    new Date(Date.UTC(2000, f.month, 0)).getUTCDate() - (f.month === 2 && !leap(f.year) ? 1 : 0);
  return f.day <= daysInMonth && f.hour <= 23 && f.minute <= 59 && f.second <= 59;
}

function leap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function utcOf(f: Fields): number {
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
  const d = new Date(Date.UTC(2000, f.month - 1, f.day, f.hour, f.minute, f.second, f.ms));
  d.setUTCFullYear(f.year);
  return d.getTime();
}

function localOf(f: Fields): number {
  const d = new Date(2000, f.month - 1, f.day, f.hour, f.minute, f.second, f.ms);
  d.setFullYear(f.year);
  return d.getTime();
}

/** Minutes east of UTC of "+01:00" / "-0530"; null when out of range. */
function offsetMinutes(zone: string): number | null {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone) ?? /^utc\s*([+\-−])(\d{1,2})(?::(\d{2}))?$/i.exec(zone);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  if (hours > 14 || minutes > 59) return null;
  return (m[1] === '+' ? 1 : -1) * (hours * 60 + minutes);
}

/**
 * Reads a typed moment. Local time unless it ends in "Z" or "UTC" (or carries an ISO offset such
 * as "+01:00"); a time alone ("14:05") means that time on the day of `reference` (the cursor), its
 * local day, or its UTC day for a UTC time.
 */
export function parseMoment(text: string, reference: number): Parsed<number> {
  const typed = text.trim();
  const example = (): string => t('timeline:moment.example', { z: UTC_MARK });
  if (typed === '') return failure(example);
  let fields: Fields;
  let zone: string | undefined;
  const timeOnly = TIME_ONLY.exec(typed);
  const dateTime = timeOnly ? null : DATE_TIME.exec(typed);
  if (timeOnly) {
    zone = timeOnly[4];
    const ref = new Date(reference);
    const utc = zone !== undefined;
    fields = {
      year: utc ? ref.getUTCFullYear() : ref.getFullYear(),
      month: (utc ? ref.getUTCMonth() : ref.getMonth()) + 1,
      day: utc ? ref.getUTCDate() : ref.getDate(),
      hour: Number(timeOnly[1]),
      minute: Number(timeOnly[2]),
      second: Number(timeOnly[3] ?? 0),
      ms: 0,
    };
  } else if (dateTime) {
    zone = dateTime[8];
    fields = {
      year: Number(dateTime[1]),
      month: Number(dateTime[2]),
      day: Number(dateTime[3]),
      hour: Number(dateTime[4] ?? 0),
      minute: Number(dateTime[5] ?? 0),
      second: Number(dateTime[6] ?? 0),
      ms: Number((dateTime[7] ?? '0').padEnd(3, '0')),
    };
  } else {
    return failure(() => t('timeline:moment.notATime', { typed, example: example() }));
  }
  if (!validFields(fields)) return failure(() => t('timeline:moment.invalid', { typed }));
  if (zone === undefined) return { ok: true, value: localOf(fields) };
  if (/^(z|utc)$/i.test(zone)) return { ok: true, value: utcOf(fields) };
  const offset = offsetMinutes(zone);
  if (offset === null) return failure(() => t('timeline:moment.invalidOffset', { typed }));
  return { ok: true, value: utcOf(fields) - offset * MINUTE };
}

/** Reads a typed moment that must lie within the operation. */
export function parseJump(text: string, reference: number, extent: Extent | null): Parsed<number> {
  const parsed = parseMoment(text, reference);
  if (!parsed.ok) return parsed;
  if (!extent) return failure(() => t('timeline:moment.nothingRecorded'));
  if (parsed.value < extent.start || parsed.value > extent.end) {
    const values = {
      moment: formatMoment(parsed.value),
      start: formatMoment(extent.start),
      end: formatMoment(extent.end),
    };
    return failure(() => t('timeline:moment.outside', values));
  }
  return parsed;
}

/** How far the keyboard moves the cursor: a minute, or an hour with Page Up/Down. */
export function keyStep(key: string, extent: Extent): number | null {
  switch (key) {
    case 'ArrowLeft':
      return -MINUTE;
    case 'ArrowRight':
      return MINUTE;
    case 'PageDown':
      return -HOUR;
    case 'PageUp':
      return HOUR;
    case 'Home':
      return -(extent.end - extent.start) - 1;
    case 'End':
      return extent.end - extent.start + 1;
    default:
      return null;
  }
}
