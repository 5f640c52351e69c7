// @ts-check
import css from '@eslint/css';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** One module per outside library: the device database's (docs/architecture.md, "The device database"). */
const IDB_ONLY_IN_DATABASE = { name: 'idb', message: 'Only src/db/database.ts imports idb: use its read/write and the accessors of src/db.' };
const NO_FEATURES = { group: ['**/features/**'], message: 'Nothing imports features (docs/architecture.md, "Layers").' };

export default tseslint.config(
  { ignores: ['dist/', 'dist-*/', 'node_modules/', 'data/', 'coverage/', '.tmp/'] },
  { files: ['**/*.{js,mjs,cjs,ts,tsx}'], ...js.configs.recommended },
  ...tseslint.configs.recommended.map((config) => ({ files: ['**/*.{js,mjs,cjs,ts,tsx}'], ...config })),
  // Stylesheets are parsed: an unclosed block or a stray brace fails the lint.
  // Baseline: the app targets evergreen browsers and prints (@page); !important overrides the inline size html5-qrcode sets.
  {
    files: ['**/*.css'],
    plugins: { css },
    language: 'css/css',
    rules: { ...css.configs.recommended.rules, 'css/use-baseline': 'off', 'css/no-important': 'off' },
  },
  {
    files: ['**/*.{js,mjs,cjs,ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [IDB_ONLY_IN_DATABASE], patterns: [NO_FEATURES] }],
    },
  },
  {
    files: ['src/app/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [IDB_ONLY_IN_DATABASE] }] },
  },
  {
    files: ['src/db/database.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_FEATURES] }] },
  },
  // The server, the service worker and src/shared import nothing of the browser app (docs/architecture.md, "Layers").
  ...[1, 2, 3].map((depth) => ({
    files: [`src/server/${'*/'.repeat(depth - 1)}*.ts`, `src/shared/${'*/'.repeat(depth - 1)}*.ts`, `sw/${'*/'.repeat(depth - 1)}*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['preact', 'idb', 'workbox-window'].map((name) => ({ name, message: 'Browser-only library.' })),
          patterns: [
            {
              regex: `^(\\.\\./){${depth}}(db|sync|ui|app|features)/`,
              message: 'The server, the service worker and src/shared import only src/shared (docs/architecture.md, "Layers").',
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['tests/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
