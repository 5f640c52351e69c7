// @ts-check
import css from '@eslint/css';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** One module per outside library: the device database's (docs/architecture.md, "The device database"). */
const IDB_ONLY_IN_DATABASE = { name: 'idb', message: 'Only src/db/database.ts imports idb: use its read/write and the accessors of src/db.' };
const NO_FEATURES = { group: ['**/features/**'], message: 'Nothing imports features (docs/architecture.md, "Layers").' };

/** no-restricted-imports for the .ts/.tsx files of one browser layer (up to two folders deep). */
function layerRules(folder, patterns, paths = []) {
  return [
    {
      files: [`${folder}/*.{ts,tsx}`, `${folder}/*/*.{ts,tsx}`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: [IDB_ONLY_IN_DATABASE, ...paths.map((name) => ({ name, message: `${folder} does not use ${name} (docs/architecture.md, "Layers").` }))],
            patterns: [NO_FEATURES, ...patterns],
          },
        ],
      },
    },
  ];
}

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
      'no-restricted-imports': [
        'error',
        { paths: [IDB_ONLY_IN_DATABASE], patterns: [NO_FEATURES] },
      ],
    },
  },
  {
    files: ['src/app/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [IDB_ONLY_IN_DATABASE] }] },
  },
  // The browser layers (docs/architecture.md, "Layers"): each imports only the layers below it.
  // A rule's options replace, not extend, an earlier block's: each block repeats "nothing imports features".
  ...layerRules('src/features', [
    { regex: '^\\.\\./[^./]', message: 'A feature does not import another feature: what two features share goes to src/ui, src/db or src/sync.' },
  ]),
  ...layerRules('src/db', [{ regex: '^\\.\\./(sync|ui|app)/', message: 'src/db imports only src/shared.' }], ['preact']),
  {
    files: ['src/db/database.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'preact', message: 'src/db does not use preact.' }], patterns: [NO_FEATURES, { regex: '^\\.\\./(sync|ui|app)/', message: 'src/db imports only src/shared.' }] }] },
  },
  ...layerRules('src/sync', [{ regex: '^\\.\\./(ui|app)/', message: 'src/sync imports src/db and src/shared, never the screens.' }], ['preact', 'preact/hooks']),
  ...layerRules('src/ui', [
    { regex: '^\\.\\./app/', message: 'src/ui does not import the app.' },
    { regex: '^\\.\\./db/', allowTypeImports: true, message: 'src/ui takes types from src/db, never its code: screens read the database.' },
  ]),
  // The server, the service worker and src/shared import nothing of the browser app (docs/architecture.md, "Layers").
  ...[1, 2, 3].flatMap((depth) => [
    { folders: ['src/server', 'src/shared'], app: `^(\\.\\./){${depth}}` },
    { folders: ['sw'], app: `^(\\.\\./){${depth}}src/` },
  ].map(({ folders, app }) => ({
    files: folders.map((folder) => `${folder}/${'*/'.repeat(depth - 1)}*.ts`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['preact', 'idb', 'workbox-window'].map((name) => ({ name, message: 'Browser-only library.' })),
          patterns: [
            {
              regex: `${app}(db|sync|ui|app|features)/`,
              message: 'The server, the service worker and src/shared import only src/shared (docs/architecture.md, "Layers").',
            },
          ],
        },
      ],
    },
  }))),
  {
    files: ['tests/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
