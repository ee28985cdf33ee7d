import { displayText } from '../../../shared/displayText';
import type { Language } from '../../../shared/settings';
import { reportLanguage } from './reportI18n';

/**
 * Text helpers of the printed report: escaping, and (for callers outside the report) times,
 * durations and numbers as the report writes them; the report itself takes them, in its language,
 * from reportI18n.ts. Everything from the feed passes through {@link esc} before it reaches the
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

/** "2026-11-29 14:05 UTC"; a dash for a missing or impossible time. English; see reportI18n.ts for the others. */
export function formatUtc(ms: number | null | undefined, language: Language = 'en'): string {
  return reportLanguage(language).utc(ms);
}

/** A duration in words: "45 s", "12 min", "2 h 05 min", "3 d 04 h". */
export function formatDuration(ms: number | null | undefined, language: Language = 'en'): string {
  return reportLanguage(language).duration(ms);
}

/** A number with thousands separators and a fixed number of decimals. */
export function formatNumber(value: number, decimals = 0, language: Language = 'en'): string {
  return reportLanguage(language).number(value, decimals);
}
