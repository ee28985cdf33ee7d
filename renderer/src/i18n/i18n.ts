import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LOCALES } from '../../../shared/intlLocales';
import { LANGUAGES, type Language } from '../../../shared/settings';

/**
 * The interface's languages, through i18next. Every string the renderer shows comes from
 * `locales/<language>/<namespace>.json` (the domain's labels from
 * `shared/locales/<language>/domain.json`): English is the source, Albanian, Macedonian and Serbian
 * (Latin) are translated, and Serbian in Cyrillic is derived from the Latin by
 * `npm run i18n:sr-cyrl`. Serbian also serves Bosnian, Croatian and Montenegrin speakers until they
 * get their own. Place names, callsigns and every text from the feed are shown as the data has them.
 *
 * `i18n.test.ts` fails when a key is missing in a language, a placeholder differs from English, a
 * plural form a language needs is missing, the code uses a key English lacks, or a string in the
 * renderer is written out instead of translated.
 */

type Namespace = Record<string, unknown>;

// The domain's labels (read by the after-action report too) and what the core says
// (shared/coreMessage.ts) live in shared/locales, shared with the core.
const files: Record<string, Namespace> = import.meta.glob<Namespace>(
  ['./locales/*/*.json', '../../../shared/locales/*/domain.json', '../../../shared/locales/*/core.json'],
  { eager: true, import: 'default' },
);

/** locales/<language>/<namespace>.json, as i18next's resources. */
export const RESOURCES: Readonly<Record<string, Record<string, Namespace>>> = (() => {
  const out: Record<string, Record<string, Namespace>> = {};
  for (const [path, namespace] of Object.entries(files)) {
    const match = /\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!match) continue;
    const [, language = '', ns = ''] = match;
    (out[language] ??= {})[ns] = namespace;
  }
  return out;
})();

/** The namespaces, one per area of the interface. */
export const NAMESPACES: readonly string[] = Object.keys(RESOURCES['en'] ?? {}).sort();

/** The locale dates, times and numbers are formatted in, for each language (shared with the report). */
export { LOCALES } from '../../../shared/intlLocales';

export const i18n: I18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: RESOURCES,
  lng: 'en',
  // A missing key cannot reach a user (the test sees to it); English is the safety net all the same.
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  load: 'currentOnly',
  ns: [...NAMESPACES],
  defaultNS: 'common',
  // Synchronous, so modules and tests that format text outside React have the strings at once.
  initAsync: false,
  // React escapes; feed text is never put in as markup anyway.
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The language in use. */
export function currentLanguage(): Language {
  const lng = i18n.language;
  return (LANGUAGES as readonly string[]).includes(lng) ? (lng as Language) : 'en';
}

/** The Intl locale of the language in use. */
export function currentLocale(): string {
  return LOCALES[currentLanguage()];
}

/** Switch the interface's language: every component using `useTranslation` renders again. */
export function applyLanguage(language: Language): void {
  if (typeof document !== 'undefined') document.documentElement.lang = LOCALES[language];
  if (i18n.language !== language) void i18n.changeLanguage(language);
}

/** Translate outside React (store messages, hover texts, log lines). Inside React, use `useTranslation`. */
export const t = i18n.t.bind(i18n);

/** The domain's coded values that have a label in the `domain` namespace. */
export type DomainGroup =
  | 'operationMode'
  | 'impactLevel'
  | 'agency'
  | 'unitKind'
  | 'unitStatus'
  | 'incidentCategory'
  | 'incidentStatus'
  | 'partnerReferenceKind'
  | 'readmissionStatus'
  | 'crossingKind';

/**
 * A coded value in words ("irregular_crossing" → "irregular crossing", "ilegalni prelazak"). A code
 * the app does not know (a newer server) is shown with its underscores as spaces rather than hidden.
 */
export function label(group: DomainGroup, code: string): string {
  return i18n.t(`domain:${group}.${code}`, { defaultValue: code.replaceAll('_', ' ') });
}

/** A country's name from its code (ISO 3166 alpha-2, XK for Kosovo*); an unknown code as it is. */
export function countryName(code: string): string {
  return i18n.t(`domain:country.${code}`, { defaultValue: code });
}

/** A country's name from its code, or `fallback` (the data's own name) for a country the app does not name. */
export function countryNameOr(code: string, fallback: string): string {
  return i18n.t(`domain:country.${code}`, { defaultValue: fallback });
}
