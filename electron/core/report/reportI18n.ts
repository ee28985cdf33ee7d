import type { TOptions } from 'i18next';
import { translator } from '../i18n/coreTranslations';
import type { ResultCount } from '../../../shared/domain';
import { LOCALES } from '../../../shared/intlLocales';
import { UNKNOWN_COUNTRY } from '../../../shared/results';
import { LANGUAGES, type Language } from '../../../shared/settings';

/**
 * The after-action report's words, numbers and dates in one of the interface's languages. Fixed
 * text comes from `shared/locales/<language>/report.json`, the domain's coded values (categories,
 * statuses, agencies, countries) from the interface's own `domain.json` beside it, so the report
 * and the screen use the same word for the same thing. Serbian Cyrillic is derived from the Latin
 * by `npm run i18n:sr-cyrl`. Numbers and dates are formatted by Intl in the language's locale
 * (shared/intlLocales.ts); plurals follow Intl.PluralRules through i18next. Feed text (names,
 * callsigns, notes) is never translated.
 *
 * English keeps the ISO dates the report has always printed ("2026-11-29 14:05 UTC"): en-GB's own
 * "29/11/2026" would change every English report for no reader's gain.
 */

/** The domain's groups of coded values the report names. */
export type ReportLabelGroup =
  | 'operationMode'
  | 'impactLevel'
  | 'agency'
  | 'unitKind'
  | 'incidentCategory'
  | 'incidentStatus'
  | 'partnerReferenceKind';

/** Everything the report writes that depends on the language. All of it is plain text: escape it. */
export interface ReportLanguage {
  language: Language;
  /** The Intl locale (and the document's `lang`). */
  locale: string;
  /** A string of the report catalogue; `count` picks the plural form. */
  t(key: string, options?: TOptions): string;
  /** A coded value as a heading: "irregular_crossing" → "Irregular crossing", "Kalim i parregullt". */
  label(group: ReportLabelGroup, code: string): string;
  /** A country's name, "Unattributed" for a result no country is credited with, else the code. */
  country(code: string): string;
  /** A result count's full label. */
  result(key: ResultCount): string;
  /** A result count's narrow column heading. */
  resultShort(key: ResultCount): string;
  /** A number with the locale's separators and a fixed number of decimals; a dash when not finite. */
  number(value: number, decimals?: number): string;
  /** A result count as printed: kilograms with one decimal, everything else whole. */
  count(key: ResultCount, value: number): string;
  /** Date and time to the minute, in UTC, with "UTC"; a dash for a missing or impossible time. */
  utc(ms: number | null | undefined): string;
  /** A UTC calendar day ("2026-11-29") as the locale writes a date. */
  day(isoDay: string): string;
  /** Day and month only, for chart axes. */
  dayMonth(ms: number): string;
  /** Hours and minutes in UTC. */
  time(ms: number): string;
  /** A duration in words: "45 s", "12 min", "2 h 05 min", "3 d 04 h". */
  duration(ms: number | null | undefined): string;
  /** Hours with one decimal: "12.5 h". */
  hours(ms: number): string;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const DASH = '—';

function validTime(ms: number | null | undefined): Date | null {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return null;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d;
}

function isoDate(d: Date): string {
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

function build(language: Language): ReportLanguage {
  const locale = LOCALES[language];
  const translate = translator(language);
  const t = (key: string, options?: TOptions): string => translate(`report:${key}`, options ?? {});
  const numbers = new Map<number, Intl.NumberFormat>();
  const number = (value: number, decimals = 0): string => {
    let format = numbers.get(decimals);
    if (!format) {
      format = new Intl.NumberFormat(locale, {
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
      });
      numbers.set(decimals, format);
    }
    return Number.isFinite(value) ? format.format(value) : DASH;
  };
  const english = language === 'en';
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const dateOnly = new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const dayMonth = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: '2-digit', day: '2-digit' });
  const time = (d: Date): string => `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  const capitalize = (text: string): string => text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
  return {
    language,
    locale,
    t,
    label: (group, code) =>
      capitalize(translate(`domain:${group}.${code}`, { defaultValue: code.replaceAll('_', ' ') })),
    country: (code) =>
      code === UNKNOWN_COUNTRY
        ? t('unattributed')
        : translate(`domain:country.${code}`, { defaultValue: code }),
    result: (key) => t(`result.${key}`),
    resultShort: (key) => t(`resultShort.${key}`),
    number,
    count: (key, value) => number(value, key === 'drugsKg' ? 1 : 0),
    utc: (ms) => {
      const d = validTime(ms);
      if (!d) return DASH;
      return `${english ? `${isoDate(d)} ${time(d)}` : dateTime.format(d)} UTC`;
    },
    day: (isoDay) => {
      const d = validTime(Date.parse(`${isoDay}T00:00:00Z`));
      if (!d) return isoDay;
      return english ? isoDay : dateOnly.format(d);
    },
    dayMonth: (ms) => {
      const d = validTime(ms);
      if (!d) return DASH;
      return english ? isoDate(d).slice(5) : dayMonth.format(d);
    },
    time: (ms) => {
      const d = validTime(ms);
      return d ? time(d) : DASH;
    },
    duration: (ms) => {
      if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
      const s = Math.max(0, Math.round(ms / 1000));
      if (s < 60) return t('duration.seconds', { s: number(s) });
      const min = Math.round(s / 60);
      if (min < 60) return t('duration.minutes', { min: number(min) });
      const h = Math.floor(min / 60);
      if (h < 24) return t('duration.hoursMinutes', { h: number(h), min: pad2(min % 60) });
      return t('duration.daysHours', { d: number(Math.floor(h / 24)), h: pad2(h % 24) });
    },
    hours: (ms) => t('duration.hoursDecimal', { h: number(ms / 3_600_000, 1) }),
  };
}

const built = new Map<Language, ReportLanguage>();

/** The report's language tools for `language` (English when the language is not one of LANGUAGES). */
export function reportLanguage(language: Language = 'en'): ReportLanguage {
  const lang: Language = (LANGUAGES as readonly string[]).includes(language) ? language : 'en';
  let out = built.get(lang);
  if (!out) {
    out = build(lang);
    built.set(lang, out);
  }
  return out;
}
