import { COUNTRY_NAMES, type ResultCount } from '../../../shared/domain';
import { displayText } from '../../../shared/displayText';
import { getOwn } from '../../../shared/getOwn';
import { RESULT_LABELS, UNKNOWN_COUNTRY } from '../../../shared/results';

/**
 * Text helpers of the printed report: escaping, and times, durations and numbers written the same
 * way on every page. Everything from the feed passes through {@link esc} before it reaches the
 * HTML, because an operations server is not trusted to send only plain words.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

// eslint-disable-next-line no-control-regex -- the point is to match control characters
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Text for HTML content and quoted attribute values (element text, SVG <text> and <title>).
 * Control characters other than tab and newline are dropped: they have no business in a report
 * and some confuse PDF text extraction. Bidi controls become U+FFFD (shared/displayText.ts), so a
 * callsign cannot print as another text.
 */
export function esc(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : displayText(String(value));
  return text.replace(CONTROL, '').replace(/[&<>"'`]/g, (c) => ENTITIES[c] ?? '');
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "2026-11-29 14:05 UTC"; a dash for a missing or impossible time. */
export function formatUtc(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())} UTC`;
}

/** A duration in words: "45 s", "12 min", "2 h 05 min", "3 d 04 h". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ${pad2(min % 60)} min`;
  return `${Math.floor(h / 24)} d ${pad2(h % 24)} h`;
}

/** Hours with one decimal, for time on patrol: "12.5 h". */
export function formatHours(ms: number): string {
  return `${formatNumber(ms / 3_600_000, 1)} h`;
}

const formats = new Map<number, Intl.NumberFormat>();

/** A number with thousands separators and a fixed number of decimals. */
export function formatNumber(value: number, decimals = 0): string {
  let format = formats.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('en-GB', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    formats.set(decimals, format);
  }
  return Number.isFinite(value) ? format.format(value) : '—';
}

/** A result count as it is printed: kilograms with one decimal, everything else whole. */
export function formatCount(key: ResultCount, value: number): string {
  return formatNumber(value, key === 'drugsKg' ? 1 : 0);
}

/** Headings of every result count. */
export const RESULT_COUNT_LABELS: Readonly<Record<ResultCount, string>> = {
  persons: 'Persons involved',
  ...RESULT_LABELS,
};

/** "irregular_crossing" → "Irregular crossing": the closed lists' values as headings. */
export function humanize(value: string): string {
  const words = value.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A country's name, or its code when the list does not know it. */
export function countryLabel(code: string): string {
  if (code === UNKNOWN_COUNTRY) return 'Unattributed';
  return getOwn(COUNTRY_NAMES, code) ?? code;
}
