import { currentLocale, t } from '../i18n/i18n';

/**
 * Small formatting helpers for the panels, in the language and locale the officer chose (see
 * i18n/i18n.ts). Times are shown in the officer's local time (what the wall clock in the room says)
 * and the exact UTC instant goes in a `title` for hovering, because partners in other time zones
 * quote UTC.
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

function sameLocalDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/**
 * Local time as hours and minutes on a 24-hour clock, with the local date in front when it is not
 * the same day as `reference` (pass the operation's now so "today" means the operation's day). The
 * date in the locale's own way; every locale of the app puts the day before the month.
 */
export function formatClock(ms: number | null | undefined, reference: number): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return t('common:none');
  const d = new Date(ms);
  const hm = dateFormat('hm', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  if (sameLocalDay(d, new Date(reference))) return hm;
  return `${dateFormat('date', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(d)} ${hm}`;
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
