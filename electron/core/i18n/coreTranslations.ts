import i18next, { type TFunction } from 'i18next';
import enCore from '../../../shared/locales/en/core.json';
import enDomain from '../../../shared/locales/en/domain.json';
import enReport from '../../../shared/locales/en/report.json';
import mkCore from '../../../shared/locales/mk/core.json';
import mkDomain from '../../../shared/locales/mk/domain.json';
import mkReport from '../../../shared/locales/mk/report.json';
import sqCore from '../../../shared/locales/sq/core.json';
import sqDomain from '../../../shared/locales/sq/domain.json';
import sqReport from '../../../shared/locales/sq/report.json';
import srCyrlCore from '../../../shared/locales/sr-Cyrl/core.json';
import srCyrlDomain from '../../../shared/locales/sr-Cyrl/domain.json';
import srCyrlReport from '../../../shared/locales/sr-Cyrl/report.json';
import srLatnCore from '../../../shared/locales/sr-Latn/core.json';
import srLatnDomain from '../../../shared/locales/sr-Latn/domain.json';
import srLatnReport from '../../../shared/locales/sr-Latn/report.json';
import { spokenParams, type CoreMessage } from '../../../shared/coreMessage';
import { LANGUAGES, type Language } from '../../../shared/settings';

/**
 * What the core writes in the officer's language, through the same i18next the page uses: the
 * core's messages and the diagnostics' labels (`core`), the after-action report (`report`) and the
 * domain's coded values both name (`domain`), all from shared/locales, which the page reads too.
 * One instance per language, made on first use; plurals by the language's rules (Intl.PluralRules),
 * `{{name}}` for values. Nothing is escaped here: the report escapes what it writes itself.
 */

/** The core's catalogues, by language and namespace. */
export const CORE_RESOURCES = {
  en: { core: enCore, report: enReport, domain: enDomain },
  sq: { core: sqCore, report: sqReport, domain: sqDomain },
  mk: { core: mkCore, report: mkReport, domain: mkDomain },
  'sr-Latn': { core: srLatnCore, report: srLatnReport, domain: srLatnDomain },
  'sr-Cyrl': { core: srCyrlCore, report: srCyrlReport, domain: srCyrlDomain },
} as const satisfies Record<Language, { core: object; report: object; domain: object }>;

const translators = new Map<Language, TFunction>();

/** The `t` of `language` (English for a language the interface does not have). */
export function translator(language: Language = 'en'): TFunction {
  const lang: Language = (LANGUAGES as readonly string[]).includes(language) ? language : 'en';
  let t = translators.get(lang);
  if (!t) {
    const i18n = i18next.createInstance();
    void i18n.init({
      resources: CORE_RESOURCES,
      lng: lang,
      fallbackLng: 'en',
      supportedLngs: [...LANGUAGES],
      load: 'currentOnly',
      ns: ['core', 'report', 'domain'],
      defaultNS: 'core',
      initAsync: false,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    t = i18n.t.bind(i18n);
    translators.set(lang, t);
  }
  return t;
}

/**
 * A message of the core in `language`: the catalogue's sentence with its values, or the message's
 * own English text for a code this build does not know (a message from a newer core).
 */
export function coreMessageText(message: CoreMessage, language: Language): string {
  return translator(language)(`core:message.${message.code}`, {
    ...spokenParams(message.params, (inner) => coreMessageText(inner, language)),
    defaultValue: message.text,
  });
}
