import type { Language } from './settings';

/**
 * The locale dates, times and numbers are formatted in, for each language: the interface's and the
 * after-action report's. English is British English: day before month and a 24-hour clock, like
 * every other language of the region, so a date reads the same way whatever language an officer
 * works in.
 */
export const LOCALES: Readonly<Record<Language, string>> = {
  en: 'en-GB',
  sq: 'sq-AL',
  mk: 'mk-MK',
  'sr-Latn': 'sr-Latn-RS',
  'sr-Cyrl': 'sr-Cyrl-RS',
};
