import { describe, expect, it } from 'vitest';
import { environmentLanguage, localeTagLanguage } from './environmentLanguage';

describe("the terminal's language", () => {
  it("maps the POSIX locale to the app's languages, English for the rest", () => {
    const cases: [Record<string, string | undefined>, string][] = [
      [{ LANG: 'sr_RS.UTF-8@latin' }, 'sr-Latn'],
      [{ LANG: 'sr_RS.UTF-8' }, 'sr-Cyrl'],
      [{ LANG: 'sr_RS@latin' }, 'sr-Latn'],
      [{ LANG: 'sr_ME.UTF-8' }, 'sr-Latn'],
      [{ LANG: 'mk_MK.UTF-8' }, 'mk'],
      [{ LANG: 'sq_AL.UTF-8' }, 'sq'],
      [{ LANG: 'sq_XK' }, 'sq'],
      [{ LANG: 'de_DE.UTF-8' }, 'en'],
      [{ LANG: 'C.UTF-8' }, 'en'],
      [{ LANG: 'POSIX' }, 'en'],
      [{}, 'en'],
    ];
    for (const [env, language] of cases) expect(environmentLanguage(env), JSON.stringify(env)).toBe(language);
  });

  it('reads LC_ALL before LC_MESSAGES before LANG, skipping one set empty', () => {
    expect(environmentLanguage({ LC_ALL: 'mk_MK.UTF-8', LC_MESSAGES: 'sq_AL', LANG: 'en_GB' })).toBe('mk');
    expect(environmentLanguage({ LC_MESSAGES: 'sq_AL.UTF-8', LANG: 'mk_MK.UTF-8' })).toBe('sq');
    expect(environmentLanguage({ LC_ALL: '', LANG: 'sr_RS.UTF-8@latin' })).toBe('sr-Latn');
    expect(environmentLanguage({ LC_ALL: 'C', LANG: 'mk_MK.UTF-8' })).toBe('en');
  });

  it("maps the system's locale tag (the desktop app's start-up failure box) the same way", () => {
    const cases: [string, string][] = [
      ['sr-Latn-RS', 'sr-Latn'],
      ['sr-Latn', 'sr-Latn'],
      ['sr', 'sr-Cyrl'],
      ['sr-Cyrl-RS', 'sr-Cyrl'],
      ['sr-ME', 'sr-Latn'],
      ['mk', 'mk'],
      ['mk-MK', 'mk'],
      ['sq-AL', 'sq'],
      ['en-US', 'en'],
      ['hr', 'en'],
      ['', 'en'],
    ];
    for (const [tag, language] of cases) expect(localeTagLanguage(tag), tag).toBe(language);
  });
});
