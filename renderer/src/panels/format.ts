import type { TimeZone } from '../../../shared/settings';
import { currentLocale, t } from '../i18n/i18n';

/**
 * Small formatting helpers for the panels, in the language and locale the officer chose (see
 * i18n/i18n.ts). This is the one place times are formatted: in the zone the officer chose in
 * Settings (UTC, as reports and exports are, or the local time the wall clock in the room says),
 * always labelled with that zone, and the exact UTC instant goes in a `title` for hovering.
 */

/** Intl formatters are costly to build: one per locale and kind, built when first needed. */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(kind: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n:${kind}:${currentLocale()}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(currentLocale(), options)));
  return f as Intl.NumberFormat;
}
function dateFormat(kind: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d:${kind}:${currentLocale()}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(currentLocale(), options)));
  return f as Intl.DateTimeFormat;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The Intl time zone of a preference: undefined is this computer's own. */
function intlZone(zone: TimeZone): string | undefined {
  return zone === 'utc' ? 'UTC' : undefined;
}

/** The calendar day of an instant in a zone, as a comparable number. */
function dayIn(ms: number, zone: TimeZone): number {
  const d = new Date(ms);
  return zone === 'utc'
    ? d.getUTCFullYear() * 10_000 + d.getUTCMonth() * 100 + d.getUTCDate()
    : d.getFullYear() * 10_000 + d.getMonth() * 100 + d.getDate();
}

/**
 * What a time in a zone is labelled with: "UTC", or the local zone as its offset from UTC at that
 * instant ("UTC+1", "UTC+2" in summer, "UTC+5:30"), which reads the same in every language and
 * cannot be taken for UTC itself.
 */
export function zoneLabel(zone: TimeZone, at: number): string {
  if (zone === 'utc') return 'UTC';
  const offset = -new Date(at).getTimezoneOffset();
  const abs = Math.abs(offset);
  const minutes = abs % 60 === 0 ? '' : `:${pad2(abs % 60)}`;
  return `UTC${offset < 0 ? '−' : '+'}${Math.floor(abs / 60)}${minutes}`;
}

/**
 * A time as hours and minutes on a 24-hour clock in the zone the officer chose, labelled with the
 * zone ("07:04 UTC", "09:04 UTC+2"), with the date in front when it is not the same day (in that
 * zone) as `reference` (pass the operation's now so "today" means the operation's day). The date
 * in the locale's own way; every locale of the app puts the day before the month.
 */
export function formatClock(ms: number | null | undefined, reference: number, zone: TimeZone): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return t('common:none');
  const hm = formatTimeOfDay(ms, zone).slice(0, 5);
  const label = zoneLabel(zone, ms);
  if (dayIn(ms, zone) === dayIn(reference, zone)) return `${hm} ${label}`;
  // The zone named, not left to the formatter's default: this computer's zone can change while the
  // app runs (a laptop carried across a border), and the formatter is kept.
  const timeZone = intlZone(zone) ?? new Intl.DateTimeFormat().resolvedOptions().timeZone;
  const date = dateFormat(`date:${timeZone}`, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone,
  });
  return `${date.format(new Date(ms))} ${hm} ${label}`;
}

/** A wall clock's reading in a zone, "14:05:09", without the label (the clock's own caption says the zone). */
export function formatTimeOfDay(ms: number, zone: TimeZone): string {
  const d = new Date(ms);
  return zone === 'utc'
    ? `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
    : `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** A moment to the second in a zone, labelled: "2026-11-29 14:05:09 UTC", "2026-11-29 15:05:09 UTC+1". */
export function formatMoment(ms: number, zone: TimeZone): string {
  if (!Number.isFinite(ms)) return t('common:none');
  const d = new Date(ms);
  const date =
    zone === 'utc'
      ? `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
      : `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
  return `${date} ${formatTimeOfDay(ms, zone)} ${zoneLabel(zone, ms)}`;
}

/** The exact instant in UTC, for the `title` attribute: "2026-10-05 06:00:00 UTC". */
export function formatUtc(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** The UTC calendar day of an instant, "YYYY-MM-DD" (the results are grouped by it). */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * A duration in compact words for ages ("45 s", "12 min", "2 h 05 min", "3 d 04 h"). Negative
 * durations (a report stamped slightly ahead of the newest event) read as 0 s rather than alarming.
 */
export function formatAge(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return t('common:none');
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return t('common:age.seconds', { s });
  const min = Math.floor(s / 60);
  if (min < 60) return t('common:age.minutes', { min });
  const h = Math.floor(min / 60);
  if (h < 24) return t('common:age.hoursMinutes', { h, min: pad2(min % 60) });
  return t('common:age.daysHours', { d: Math.floor(h / 24), h: pad2(h % 24) });
}

/** A signed clock offset: "+120 ms", "−1.4 s", "n/a" until it is measured. */
export function formatOffset(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return t('common:notAvailable');
  const sign = ms < 0 ? '−' : '+';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${t('common:age.milliseconds', { ms: Math.round(abs) })}`;
  if (abs < 60_000) return `${sign}${t('common:age.seconds', { s: formatCount(abs / 1000, true) })}`;
  return `${sign}${formatAge(abs)}`;
}

/** A count with the locale's thousands separators; `decimals` (one) for kilograms. */
export function formatCount(value: number, decimals = false): string {
  return decimals
    ? numberFormat('decimal', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value)
    : numberFormat('integer', { maximumFractionDigits: 0 }).format(value);
}

/** An enum value as words: "irregular_crossing" → "irregular crossing". */
export function humanize(value: string): string {
  return value.replaceAll('_', ' ');
}

/** A distance as the officer reads a map: "850 m", "12,3 km" (in the locale's way), "148 km". */
export function formatDistance(metres: number): string {
  if (!Number.isFinite(metres)) return t('common:none');
  if (metres < 1000) return `${formatCount(Math.round(metres))} ${t('map:controls.metres')}`;
  const km = metres / 1000;
  return `${km < 100 ? formatCount(km, true) : formatCount(Math.round(km))} ${t('map:controls.kilometres')}`;
}

/** A bearing in whole degrees from true north, three digits as it is said over the radio: "045°". */
export function formatBearing(degrees: number): string {
  if (!Number.isFinite(degrees)) return t('common:none');
  const whole = Math.round(((degrees % 360) + 360) % 360) % 360;
  // eslint-disable-next-line i18next/no-literal-string -- a symbol, the same in every language
  return `${String(whole).padStart(3, '0')}°`;
}
