import { readFileSync } from 'node:fs';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
const buildId = process.env.ETAPE_BUILD_ID || new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);

const serverTests = (database: 'sqlite' | 'postgres') => ({
  test: {
    name: `server:${database}`,
    include: ['tests/server/**/*.test.ts'],
    environment: 'node',
    env: { ETAPE_TEST_DATABASE: database },
    globalSetup: database === 'postgres' ? ['tests/setup/ensure-postgres.ts'] : [],
    testTimeout: 30_000,
  },
});

export default defineConfig({
  define: {
    __APP_VERSION__: JSON.stringify(version),
    __APP_BUILD__: JSON.stringify(buildId),
  },
  plugins: [
    preact(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'sw',
      filename: 'sw.ts',
      injectRegister: false,
      registerType: 'prompt',
      includeManifestIcons: false, // the glob below already lists them
      devOptions: { enabled: false },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,woff2}'],
      },
      manifest: {
        id: '/',
        name: 'Étape – événements itinérants',
        short_name: 'Étape',
        description: 'Le programme, les badges et les avis d’un événement itinérant, même sans réseau.',
        lang: 'fr',
        dir: 'ltr',
        start_url: '/programme',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#1f5f4a',
        background_color: '#f7f5ef',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    // .vite/manifest.json: which chunks each page needs; the server announces them in the HTML
    // of a first visit (src/server/http/page-hints.ts).
    manifest: true,
    rolldownOptions: {
      output: {
        // Chunks follow the imports, never file names: every page is a dynamic import
        // (src/app/routes.ts), and so are the sync engine and the scanner, so each loads with what
        // it imports and nothing else. The one group: the app shell, everything src/app/main.tsx
        // imports statically (rolldown's `$initial` tag), in one chunk rather than a dozen small
        // ones split by which pages share them. The scanner stays out of a page unless that page
        // imports it; tests/e2e/budgets.test.ts checks /programme and /kiosk.
        codeSplitting: {
          groups: [{ name: 'shell', tags: ['$initial'] }],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: ['fake-indexeddb/auto'],
        },
      },
      serverTests('sqlite'),
      serverTests('postgres'),
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/ensure-browser.ts', 'tests/setup/build-apps.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Real browsers on a loaded machine: a cold first load (service worker, programme stored,
          // rendered) can take more than expect.poll's default 1 s. A poll still ends at its condition.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
