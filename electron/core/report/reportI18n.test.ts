import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESULT_COUNTS } from '../../../shared/domain';
import { LOCALES } from '../../../shared/intlLocales';
import { namespaceToCyrillic } from '../../../shared/serbianScript';
import { LANGUAGES, type Language } from '../../../shared/settings';
import { CORE_RESOURCES } from '../i18n/coreTranslations';
import { reportLanguage } from './reportI18n';
import { RESPONSE_MEASURES } from './types';

/**
 * The after-action report's catalogue (shared/locales/<language>/report.json) is complete in every
 * language: the same keys as English, the same placeholders, the plural forms the language's
 * Intl.PluralRules asks for, Serbian Cyrillic derived from the Latin, and every key the report's
 * code asks for present. A failure names the language and the key.
 */

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** "a.b.c" → string for every leaf of a catalogue. */
function flatten(tree: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (tree && typeof tree === 'object' && !Array.isArray(tree)) {
    for (const [key, value] of Object.entries(tree)) {
      for (const [k, v] of flatten(value, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
    }
  } else out.set(prefix, tree);
  return out;
}

const catalogue = (language: Language): Map<string, unknown> => flatten(CORE_RESOURCES[language].report);

/** Keys with their plural suffix taken off, each with the plural categories found. */
function bases(keys: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const key of keys) {
    const m = PLURAL.exec(key);
    const base = m ? key.slice(0, m.index) : key;
    out.set(base, [...(out.get(base) ?? []), ...(m?.[1] ? [m[1]] : [])].sort());
  }
  return out;
}

const placeholdersOf = (text: unknown): string =>
  typeof text === 'string'
    ? [...text.matchAll(/\{\{\s*(\w+)/g)]
        .map((m) => m[1])
        .sort()
        .join(',')
    : '';

const english = catalogue('en');
const englishBases = bases(english.keys());

describe('the report catalogue', () => {
  it('has every key of English in every language and no other', () => {
    const problems: string[] = [];
    for (const language of LANGUAGES) {
      const own = bases(catalogue(language).keys());
      for (const base of englishBases.keys())
        if (!own.has(base)) problems.push(`${language}: ${base} missing`);
      for (const base of own.keys())
        if (!englishBases.has(base)) problems.push(`${language}: ${base} not in English`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps the placeholders of English in every string, and no string is empty', () => {
    const problems: string[] = [];
    for (const language of LANGUAGES) {
      for (const [key, value] of catalogue(language)) {
        if (typeof value !== 'string' || value.trim() === '') problems.push(`${language}: ${key} empty`);
        const base = key.replace(PLURAL, '');
        const source = english.get(base) ?? english.get(`${base}_other`);
        if (placeholdersOf(value) !== placeholdersOf(source))
          problems.push(`${language}: ${key} {{${placeholdersOf(value)}}} vs {{${placeholdersOf(source)}}}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has exactly the plural forms each language needs', () => {
    const problems: string[] = [];
    for (const language of LANGUAGES) {
      const needed = [...new Intl.PluralRules(LOCALES[language]).resolvedOptions().pluralCategories].sort();
      const own = bases(catalogue(language).keys());
      for (const [base, forms] of englishBases) {
        if (forms.length === 0) continue;
        if (own.get(base)?.join() !== needed.join())
          problems.push(
            `${language}: ${base} has [${own.get(base)?.join() ?? ''}], needs [${needed.join()}]`,
          );
      }
    }
    expect(problems).toEqual([]);
    // And the right one is picked: Serbian says "2 slučaja", "5 slučajeva", "21 slučaj".
    const sr = reportLanguage('sr-Latn');
    expect([1, 2, 5, 21].map((n) => sr.t('cases', { count: n, n: String(n) }))).toEqual([
      '1 slučaj',
      '2 slučaja',
      '5 slučajeva',
      '21 slučaj',
    ]);
  });

  it('is translated, not English copied', () => {
    const problems: string[] = [];
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      for (const [key, value] of catalogue(language)) {
        const words = String(value)
          .replace(/\{\{[^}]*\}\}/g, '')
          .match(/\p{L}{3,}/gu);
        if ((words?.length ?? 0) >= 2 && value === english.get(key)) problems.push(`${language}: ${key}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has Serbian in Cyrillic as the transliteration of the Latin (npm run i18n:sr-cyrl)', () => {
    for (const ns of ['report', 'domain'] as const) {
      expect(CORE_RESOURCES['sr-Cyrl'][ns], ns).toEqual(namespaceToCyrillic(CORE_RESOURCES['sr-Latn'][ns]));
    }
  });

  it('has every key the report asks for', () => {
    const dir = import.meta.dirname;
    const used = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/\bL\.t\(\s*'([\w.]+)'/g))
        used.add(m[1] ?? '');
    }
    // The keys built from a value, by the lists the values come from.
    for (const mode of ['exercise', 'live', 'unknown'])
      used.add(`mode.${mode}.banner`).add(`mode.${mode}.page`);
    for (const m of RESPONSE_MEASURES) used.add(`response.to.${m}`).add(`charts.measure.${m}`);
    for (const k of RESULT_COUNTS) used.add(`result.${k}`).add(`resultShort.${k}`);
    for (const k of ['period', 'days', 'credit', 'response', 'readmissions', 'activity'])
      used.add(`method.${k}`);
    for (const k of ['units', 'reports', 'distanceKm', 'patrol', 'responding', 'onScene', 'callsign'])
      used.add(`activity.col.${k}`);
    for (const k of ['requesting', 'requestedCountry', 'requested', 'accepted', 'refused', 'handedOver'])
      used.add(`procedure.col.${k}`);
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((key) => !englishBases.has(key))).toEqual([]);
  });
});
