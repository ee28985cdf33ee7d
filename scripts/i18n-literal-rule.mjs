// @ts-check
/**
 * The rule that keeps written-out text out of the renderer: eslint-plugin-i18next's
 * no-literal-string over every string literal and template (mode "all"), in JSX and outside it,
 * since hover texts, log lines and store messages are shown too. Used by eslint.config.js and by
 * tests/i18n/translations.test.ts.
 *
 * Not text, so not flagged: strings without letters; identifiers, event and channel names and CSS
 * values (one lowercase token: "pixels", "settings:get", "wf-row"); all-capital codes; arguments
 * of t() and of the event and DOM calls listed; the JSX attributes that are never shown. A
 * technical string that still looks like text takes an
 * `// eslint-disable-next-line i18next/no-literal-string -- <why>` comment.
 */
export const i18nLiteralRuleOptions = {
  mode: 'all',
  'should-validate-template': true,
  words: {
    exclude: [
      '[0-9!-/:-@[-`{-~\\s—–−×·…]+',
      '[A-Z0-9_-]+',
      '[a-z][A-Za-z0-9_.:/#-]*',
      // Numbers with units, paths and colours: "2-digit", "10px", "./locales/*.json", "#8b98a5", "rgba(...)".
      '\\d[\\w.-]*',
      '\\.{0,2}/[\\w./*-]*',
      '#[0-9a-fA-F]{3,8}',
      'rgba?\\([^)]*\\)',
      // A template made only of placeholders and identifier characters: `${id}-dots`.
      '\\s*[$]\\{[^}]*\\}[-_a-z0-9 ${}.:]*',
    ],
  },
  callees: {
    exclude: [
      'i18n(ext)?',
      't',
      'i18n.t',
      'on',
      'off',
      'invoke',
      'emit',
      'querySelector(All)?',
      'getElementById',
      'getContext',
      'getExtension',
      'matchMedia',
      'require',
      'addEventListener',
      'removeEventListener',
      'includes',
      'startsWith',
      'endsWith',
      'indexOf',
      'replace(All)?',
      'split',
      'join',
      'console.*',
      'Error',
      'RangeError',
      'TypeError',
    ],
  },
  'jsx-attributes': {
    exclude: [
      'className',
      'style',
      'type',
      'key',
      'id',
      'role',
      'data-.*',
      'htmlFor',
      'name',
      'autoComplete',
      'dateTime',
      'lang',
      'inputMode',
      'accept',
      'rel',
      'target',
      'href',
      'width',
      'height',
      'viewBox',
      'd',
      'fill',
      'stroke',
      'aria-controls',
      'aria-describedby',
      'aria-labelledby',
      'aria-live',
      'aria-haspopup',
      'pattern',
      'i18nKey',
    ],
  },
  'object-properties': { exclude: ['[A-Z_-]+', 'id', 'key', 'type', 'className'] },
};

/** The files the rule applies to: the renderer's code, without its tests and test fixtures. */
export const i18nLiteralFiles = ['renderer/src/**/*.{ts,tsx}'];
export const i18nLiteralIgnores = [
  'renderer/src/**/*.test.{ts,tsx}',
  'renderer/src/**/*.d.ts',
  'renderer/src/panels/testFixtures.ts',
];
