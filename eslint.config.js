// @ts-check
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import i18next from 'eslint-plugin-i18next';
import reactHooks from 'eslint-plugin-react-hooks';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import {
  i18nLiteralFiles,
  i18nLiteralIgnores,
  i18nLiteralRuleOptions,
} from './scripts/i18n-literal-rule.mjs';

/** Node's built-in modules under both spellings, for the "no Node here" boundary rules. */
const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);

/** One no-restricted-imports rule per root, so an import across a runtime line fails lint. */
function boundary(message, paths, groups) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: paths.map((name) => ({ name, message })),
        patterns: groups.length ? [{ group: groups, message }] : [],
      },
    ],
  };
}

/** The renderer's feature folders: each may use another's modules, never another's components. */
const RENDERER_FOLDERS = [
  'api',
  'commands',
  'i18n',
  'map',
  'panels',
  'replay',
  'settings',
  'store',
  'timeline',
];

/** Restrictions for every file; the keyed-record rule below adds to them. */
const restrictedSyntax = [
  { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
  { selector: "CallExpression[callee.name='eval']", message: 'No eval.' },
  {
    selector: "MemberExpression[property.name='innerHTML']",
    message: 'No innerHTML: feed text is untrusted.',
  },
];

/**
 * The picture's records are keyed by ids off the wire, and an id may be `constructor`:
 * `units[id]` would then read Object's constructor. Reads go through getOwn, writes through
 * setOwn (shared/getOwn.ts). Catches the records by their names, which is what the code uses.
 */
const KEYED =
  '/^(sectors|crossings|units|incidents|bookmarks|readmissions|linkedCases|trails|impactAtStart)$/';
const keyedRecordSyntax = [
  ...restrictedSyntax,
  ...[`object.name=${KEYED}`, `object.property.name=${KEYED}`].map((object) => ({
    selector: `MemberExpression[computed=true][${object}][property.type!='Literal']`,
    message: 'A record keyed by feed ids: read it with getOwn and write it with setOwn (shared/getOwn.ts).',
  })),
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'release/',
      'resources/',
      'test-output/',
      '.data/',
      '**/*.d.ts',
      '**/*.d.mts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts', 'electron.vite.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': ['error', ...restrictedSyntax],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly' },
    },
  },
  {
    files: [
      'shared/**/*.ts',
      'electron/core/{report,export,replay}/**/*.ts',
      'renderer/src/{store,map,panels,timeline}/**/*.{ts,tsx}',
    ],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-restricted-syntax': ['error', ...keyedRecordSyntax] },
  },
  {
    files: ['eslint.config.js', 'electron.vite.config.ts', 'vitest.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: boundary(
      'shared/ is pure: no Node, DOM, Electron or app-side imports.',
      [...nodeBuiltins, 'electron', 'better-sqlite3', 'socket.io', 'socket.io-client', 'react', 'react-dom'],
      ['**/electron/**', '**/renderer/**', '**/simulator/**', '**/tests/**'],
    ),
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: boundary(
      'electron/core is plain Node: no Electron, no renderer, nothing of a host (electron/host).',
      ['electron', 'react', 'react-dom'],
      ['**/renderer/**', '**/simulator/**', '**/host/**'],
    ),
  },
  {
    // Tests and their fixtures may drive the reference scenario: it is test data, never shipped.
    files: ['electron/core/**/*.test.ts', 'electron/core/**/*Fixtures.ts'],
    rules: boundary(
      'electron/core is plain Node: no Electron, no renderer, nothing of a host (electron/host).',
      ['electron', 'react', 'react-dom'],
      ['**/renderer/**', '**/host/**'],
    ),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: boundary(
      'renderer/ runs in the sandboxed page: no Node, Electron or main-process imports; use the IPC contract.',
      [...nodeBuiltins, 'electron', 'better-sqlite3', 'socket.io'],
      ['**/electron/**', '**/simulator/**', '**/tests/**'],
    ),
  },
  {
    files: ['simulator/**/*.ts'],
    rules: boundary(
      'The simulator is a separate server: it shares only shared/.',
      ['electron', 'react'],
      ['**/electron/**', '**/renderer/**'],
    ),
  },
  {
    // No import loops: a cycle makes the load order decide what is defined (and hides a layer
    // that should be split). Resolved as the bundler does, .ts and .tsx included.
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // No sideways imports in the renderer: a folder takes another folder's plain modules (format,
    // selectors, the store), never its components (.tsx): what two features share moves to a
    // module of its own.
    files: ['renderer/src/**/*.ts', 'renderer/src/**/*.tsx'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: RENDERER_FOLDERS.map((folder) => ({
            target: `./renderer/src/${folder}/**/*`,
            from: `./renderer/src/!(${folder})/**/*.tsx`,
            message: `renderer/src/${folder} may not import another folder's component: move what is shared into a plain module.`,
          })),
        },
      ],
    },
  },
  {
    // Every string the renderer shows goes through i18next (renderer/src/i18n/i18n.ts).
    files: i18nLiteralFiles,
    ignores: i18nLiteralIgnores,
    plugins: { i18next },
    rules: { 'i18next/no-literal-string': ['error', i18nLiteralRuleOptions] },
  },
  {
    // React's rules of hooks, and effects and memos that name everything they depend on.
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
