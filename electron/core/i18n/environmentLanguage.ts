import type { Language } from '../../../shared/settings';

/**
 * The interface language a terminal asks for, from its POSIX locale: LC_ALL, then LC_MESSAGES,
 * then LANG (the first one set and not empty decides, as for any program's messages). Only the
 * app's languages are recognised; anything else (C, POSIX, en_GB, de_DE…) is English. Serbian is
 * Cyrillic unless the locale says Latin (`sr_RS.UTF-8@latin`, or sr_ME, whose glibc locale is Latin).
 */
export function environmentLanguage(env: Record<string, string | undefined>): Language {
  const locale = [env['LC_ALL'], env['LC_MESSAGES'], env['LANG']].find((v) => v !== undefined && v !== '');
  if (!locale) return 'en';
  // language[_territory][.codeset][@modifier]
  const match = /^([A-Za-z]{2,3})(?:[_-]([A-Za-z]{2}))?(?:\.[^@]*)?(?:@(\w+))?$/.exec(locale);
  if (!match) return 'en';
  const language = (match[1] ?? '').toLowerCase();
  const territory = (match[2] ?? '').toUpperCase();
  const modifier = (match[3] ?? '').toLowerCase();
  if (language === 'sq') return 'sq';
  if (language === 'mk') return 'mk';
  if (language === 'sr')
    return modifier === 'latin' || (territory === 'ME' && modifier !== 'cyrillic') ? 'sr-Latn' : 'sr-Cyrl';
  return 'en';
}

/**
 * The interface language a BCP 47 locale tag asks for (Electron's `app.getLocale()`, the system's
 * language): `sr-Latn…` Latin, other Serbian Cyrillic, `mk`, `sq`, English for the rest.
 */
export function localeTagLanguage(tag: string): Language {
  const [language = '', ...rest] = tag.toLowerCase().split(/[-_]/);
  if (language === 'sq' || language === 'mk') return language;
  if (language === 'sr') return rest.includes('latn') || rest.includes('me') ? 'sr-Latn' : 'sr-Cyrl';
  return 'en';
}
