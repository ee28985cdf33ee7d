import type { CoreStatus } from '../../../shared/coreTypes';

/**
 * Small, pure formatting helpers for the panels. Times are shown in the officer's local time (what
 * the wall clock in the room says) and the exact UTC instant goes in a `title` for hovering, because
 * partners in other time zones quote UTC.
 */

/**
 * The "now" that ages are measured against: operation time of the newest event. The simulator (and
 * a replay) may run faster or slower than the wall clock, so the wall clock is only a fallback
 * before any event has arrived.
 */
export function operationNow(status: Pick<CoreStatus, 'lastEventAt'> | null, now: number): number {
  return status?.lastEventAt ?? now;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

function sameLocalDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/**
 * Local time as HH:mm, with the local date (YYYY-MM-DD) in front when it is not the same day as
 * `reference` (pass the operation's now so "today" means the operation's day). ISO order for the
 * date because officers from several countries read it and day/month order differs between them.
 */
export function formatClock(ms: number | null | undefined, reference: number): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  const hm = `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
  if (sameLocalDay(d, new Date(reference))) return hm;
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${hm}`;
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
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ${pad2(min % 60)} min`;
  return `${Math.floor(h / 24)} d ${pad2(h % 24)} h`;
}

/** A signed clock offset: "+120 ms", "−1.4 s", "n/a" until it is measured. */
export function formatOffset(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return 'n/a';
  const sign = ms < 0 ? '−' : '+';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${Math.round(abs)} ms`;
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(1)} s`;
  return `${sign}${formatAge(abs)}`;
}

const integerFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A count with thousands separators; `decimals` for kilograms. */
export function formatCount(value: number, decimals = false): string {
  return (decimals ? decimalFormat : integerFormat).format(value);
}

/** An enum value as words: "irregular_crossing" → "irregular crossing". */
export function humanize(value: string): string {
  return value.replaceAll('_', ' ');
}
