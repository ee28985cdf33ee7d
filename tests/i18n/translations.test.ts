import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import i18nextPlugin from 'eslint-plugin-i18next';
import reactHooks from 'eslint-plugin-react-hooks';
import ts from 'typescript';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import {
  i18nLiteralFiles,
  i18nLiteralIgnores,
  i18nLiteralRuleOptions,
} from '../../scripts/i18n-literal-rule.mjs';
import {
  AGENCIES,
  COUNTRY_NAMES,
  CROSSING_KINDS,
  IMPACT_LEVELS,
  INCIDENT_CATEGORIES,
  INCIDENT_STATUSES,
  OPERATION_MODES,
  PARTNER_REFERENCE_KINDS,
  READMISSION_STATUSES,
  UNIT_KINDS,
  UNIT_STATUSES,
} from '../../shared/domain';
import { LANGUAGES, type Language } from '../../shared/settings';
import {
  applyLanguage,
  countryName,
  label,
  LOCALES,
  NAMESPACES,
  RESOURCES,
  t,
} from '../../renderer/src/i18n/i18n';
import { namespaceToCyrillic } from '../../shared/serbianScript';

/**
 * The translations are complete and used as they are meant to be. Each check names what is wrong
 * and where, so a failure says which string to add or fix.
 */

const root = join(import.meta.dirname, '..', '..');
const rendererDir = join(root, 'renderer', 'src');
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Every leaf of a namespace as [dotted key, string]. */
function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, value]];
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1] ?? '').sort();
}

function pluralCategories(language: Language): string[] {
  return [...new Intl.PluralRules(LOCALES[language]).resolvedOptions().pluralCategories].sort();
}

/** Keys of a namespace grouped by base (plural suffixes removed), with the suffixes found. */
function keyBases(ns: Record<string, unknown>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [key] of leaves(ns)) {
    const m = PLURAL_SUFFIX.exec(key);
    const base = m ? key.slice(0, m.index) : key;
    const set = out.get(base) ?? new Set<string>();
    if (m?.[1]) set.add(m[1]);
    out.set(base, set);
  }
  return out;
}

const en = RESOURCES['en'] ?? {};

describe('translations', () => {
  it('has every language, each with every namespace English has', () => {
    expect(Object.keys(RESOURCES).sort()).toEqual([...LANGUAGES].sort());
    expect(NAMESPACES.length).toBeGreaterThan(0);
    for (const language of LANGUAGES) {
      expect(Object.keys(RESOURCES[language] ?? {}).sort(), language).toEqual([...NAMESPACES]);
    }
  });

  it('has every key of English in every language, and no key English lacks', () => {
    const problems: string[] = [];
    for (const ns of NAMESPACES) {
      const source = keyBases(en[ns] ?? {});
      for (const language of LANGUAGES) {
        const target = keyBases(RESOURCES[language]?.[ns] ?? {});
        for (const base of source.keys())
          if (!target.has(base)) problems.push(`${language} ${ns}:${base} missing`);
        for (const base of target.keys())
          if (!source.has(base)) problems.push(`${language} ${ns}:${base} not in English`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has exactly the plural forms each language needs', () => {
    const problems: string[] = [];
    for (const language of LANGUAGES) {
      const needed = pluralCategories(language).join(',');
      for (const ns of NAMESPACES) {
        const englishPlurals = [...keyBases(en[ns] ?? {})].filter(([, s]) => s.size > 0).map(([b]) => b);
        const bases = keyBases(RESOURCES[language]?.[ns] ?? {});
        for (const base of englishPlurals) {
          const found = [...(bases.get(base) ?? [])].sort().join(',');
          if (found !== needed) problems.push(`${language} ${ns}:${base} has [${found}], needs [${needed}]`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps the placeholders of English, and no string is empty', () => {
    const problems: string[] = [];
    for (const ns of NAMESPACES) {
      const source = new Map(leaves(en[ns]).map(([k, v]) => [k.replace(PLURAL_SUFFIX, ''), v]));
      for (const language of LANGUAGES) {
        for (const [key, value] of leaves(RESOURCES[language]?.[ns])) {
          if (typeof value !== 'string' || value.trim() === '') {
            problems.push(`${language} ${ns}:${key} is empty or not text`);
            continue;
          }
          const english = source.get(key.replace(PLURAL_SUFFIX, ''));
          if (typeof english !== 'string') continue;
          // A plural form for one may say "one" in words instead of {{count}}.
          const a = placeholders(value).filter((p) => p !== 'count');
          const b = placeholders(english).filter((p) => p !== 'count');
          if (a.join() !== b.join())
            problems.push(`${language} ${ns}:${key} has {{${a.join()}}}, English {{${b.join()}}}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('is translated, not English copied (text of two words or more)', () => {
    const problems: string[] = [];
    for (const ns of NAMESPACES) {
      const source = new Map(leaves(en[ns]));
      for (const language of LANGUAGES.filter((l) => l !== 'en')) {
        for (const [key, value] of leaves(RESOURCES[language]?.[ns])) {
          const words =
            typeof value === 'string' ? value.replace(/\{\{[^}]*\}\}/g, '').match(/\p{L}{3,}/gu) : null;
          // A plural form English lacks (Serbian _few) is compared with English's _other.
          const english = source.get(key) ?? source.get(key.replace(PLURAL_SUFFIX, '_other'));
          if (value === english && (words?.length ?? 0) >= 2) problems.push(`${language} ${ns}:${key}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('writes no word in two scripts (a Latin è in a Macedonian word looks right and searches wrong)', () => {
    const mixed = /\p{Script=Cyrillic}+\p{Script=Latin}+|\p{Script=Latin}+\p{Script=Cyrillic}+/u;
    const problems: string[] = [];
    for (const language of LANGUAGES) {
      for (const ns of NAMESPACES) {
        for (const [key, value] of leaves(RESOURCES[language]?.[ns])) {
          const found = typeof value === 'string' ? mixed.exec(value.replace(/\{\{[^}]*\}\}/g, ' ')) : null;
          if (found) problems.push(`${language} ${ns}:${key} "${found[0]}"`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('has Serbian in Cyrillic as the transliteration of the Latin (npm run i18n:sr-cyrl)', () => {
    for (const ns of NAMESPACES) {
      expect(RESOURCES['sr-Cyrl']?.[ns], ns).toEqual(namespaceToCyrillic(RESOURCES['sr-Latn']?.[ns]));
    }
  });

  it('labels every coded value of the domain in every language', () => {
    const groups = {
      operationMode: OPERATION_MODES,
      impactLevel: IMPACT_LEVELS,
      agency: AGENCIES,
      unitKind: UNIT_KINDS,
      unitStatus: UNIT_STATUSES,
      incidentCategory: INCIDENT_CATEGORIES,
      incidentStatus: INCIDENT_STATUSES,
      partnerReferenceKind: PARTNER_REFERENCE_KINDS,
      readmissionStatus: READMISSION_STATUSES,
      crossingKind: CROSSING_KINDS,
    } as const;
    const domain = en['domain'] as Record<string, Record<string, string>>;
    for (const [group, codes] of Object.entries(groups)) {
      expect(Object.keys(domain[group] ?? {}).sort(), group).toEqual([...codes].sort());
    }
    expect(Object.keys(domain['country'] ?? {}).sort()).toEqual(Object.keys(COUNTRY_NAMES).sort());
    try {
      applyLanguage('sr-Cyrl');
      expect(label('incidentCategory', 'stolen_vehicle')).toBe('украдено возило');
      expect(countryName('MK')).toBe('Северна Македонија');
      // A code from a newer server is shown, not hidden.
      expect(label('incidentCategory', 'cash_smuggling')).toBe('cash smuggling');
      expect(countryName('IT')).toBe('IT');
    } finally {
      applyLanguage('en');
    }
  });
});

/** The renderer's source files the checks below read. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'locales' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.(test|d)\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Whether a key (plural forms included) or a group of keys exists in English. */
function englishHas(ns: string, key: string, group: boolean): boolean {
  let node: unknown = en[ns];
  const parts = key.split('.');
  for (const [i, part] of parts.entries()) {
    if (!node || typeof node !== 'object') return false;
    const record = node as Record<string, unknown>;
    if (i === parts.length - 1 && !group) {
      return typeof record[part] === 'string' || typeof record[`${part}_other`] === 'string';
    }
    node = record[part];
  }
  return group && !!node && typeof node === 'object';
}

describe('the renderer', () => {
  it('uses only keys that English has', () => {
    const problems: string[] = [];
    // i18n.ts builds the domain's keys from codes; the domain test above checks those.
    for (const file of sourceFiles(rendererDir).filter((f) => !f.endsWith('i18n.ts'))) {
      const name = relative(root, file);
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const namespaces = new Set<string>();
      const calls: ts.CallExpression[] = [];
      const transKeys: [string, ts.Node][] = [];
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node)) {
          const callee = node.expression.getText(source);
          const first = node.arguments[0];
          if (callee === 'useTranslation' && first && ts.isStringLiteral(first)) namespaces.add(first.text);
          if (callee === 'useTranslation' && first && ts.isArrayLiteralExpression(first)) {
            const head = first.elements[0];
            if (head && ts.isStringLiteral(head)) namespaces.add(head.text);
          }
          if (callee === 't' || callee.endsWith('.t')) calls.push(node);
        }
        // <Trans i18nKey="..."> names its key in an attribute.
        if (ts.isJsxAttribute(node) && node.name.getText(source) === 'i18nKey') {
          const value = node.initializer;
          if (value && ts.isStringLiteral(value)) transKeys.push([value.text, value]);
          else problems.push(`${name}: an i18nKey the test cannot check: ${node.getText(source)}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
      if (namespaces.size > 1)
        problems.push(`${name}: several namespaces in useTranslation; prefix the keys`);
      const defaultNs = [...namespaces][0] ?? 'common';
      for (const [key, node] of transKeys) {
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        const [ns, k] = key.includes(':') ? (key.split(':', 2) as [string, string]) : [defaultNs, key];
        if (!englishHas(ns, k, false)) problems.push(`${name}:${line}: ${ns}:${k} is not in English`);
      }
      for (const call of calls) {
        const arg = call.arguments[0];
        const line = source.getLineAndCharacterOfPosition(call.getStart()).line + 1;
        if (!arg) continue;
        let key: string;
        let group = false;
        if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) key = arg.text;
        else if (ts.isTemplateExpression(arg) && arg.head.text.endsWith('.')) {
          // `domain:unitKind.${kind}`: the group must exist (its codes are checked against the domain).
          key = arg.head.text.slice(0, -1);
          group = true;
        } else {
          problems.push(`${name}:${line}: a key t() cannot check: ${arg.getText(source)}`);
          continue;
        }
        const [ns, k] = key.includes(':') ? (key.split(':', 2) as [string, string]) : [defaultNs, key];
        if (!englishHas(ns, k, group)) problems.push(`${name}:${line}: ${ns}:${k} is not in English`);
      }
    }
    expect(problems).toEqual([]);
  });

  const lint = async (files: string[]) => {
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [
        { ignores: i18nLiteralIgnores },
        {
          files: i18nLiteralFiles,
          languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
          // react-hooks too: the renderer's disable comments for its rules must name a rule that exists.
          plugins: { i18next: i18nextPlugin, 'react-hooks': { rules: reactHooks.rules } },
          linterOptions: { reportUnusedDisableDirectives: 'off' },
          rules: { 'i18next/no-literal-string': ['error', i18nLiteralRuleOptions] },
        },
      ],
    });
    return eslint.lintFiles(files);
  };

  it('has no string written out instead of translated', async () => {
    const results = await lint(i18nLiteralFiles);
    expect(results.length).toBeGreaterThan(30);
    const found = results.flatMap((r) =>
      r.messages.map(
        (m) => `${relative(root, r.filePath)}:${m.line} ${m.message.split('\n')[0]?.slice(0, 100)}`,
      ),
    );
    expect(found).toEqual([]);
  });

  it('would catch one (the check itself works)', async () => {
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.tsx'],
          languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
          // react-hooks too: the renderer's disable comments for its rules must name a rule that exists.
          plugins: { i18next: i18nextPlugin, 'react-hooks': { rules: reactHooks.rules } },
          rules: { 'i18next/no-literal-string': ['error', i18nLiteralRuleOptions] },
        },
      ],
    });
    const [result] = await eslint.lintText(
      [
        'const ok = <span className="wf-x" title={t(\'status.link\')}>{count}</span>;',
        'const a = <span title="Lost contact">Units</span>;',
        "const b = error ? 'Could not save the profile.' : null;",
      ].join('\n'),
      { filePath: join(rendererDir, 'panels', 'Planted.tsx') },
    );
    expect(result?.messages.map((m) => m.line)).toEqual([2, 2, 3]);
  });

  it('translates at once when the language changes', () => {
    try {
      expect(t('common:notAvailable')).toBe('n/a');
      applyLanguage('sr-Latn');
      expect(t('common:notAvailable')).toBe('n/p');
    } finally {
      applyLanguage('en');
    }
  });
});
