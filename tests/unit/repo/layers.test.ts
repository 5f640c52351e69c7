import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layers of docs/architecture.md are eslint.config.js rules: this lints one import line as if it
 * were in a file of each layer, so `npm test` fails when a rule stops refusing what the doc forbids.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function refusal(filePath: string, importLine: string): Promise<string | undefined> {
  const [result] = await eslint.lintText(`${importLine}\nexport const used = [x];\n`, { filePath });
  return result!.messages.find((message) => message.ruleId === 'no-restricted-imports')?.message;
}

describe('the layers of docs/architecture.md', () => {
  it.each([
    ['src/db/example.ts', "import { x } from '../features/checkin/search.ts';"],
    ['src/db/example.ts', "import { x } from '../sync/engine.ts';"],
    ['src/db/example.ts', "import { x } from '../ui/i18n.ts';"],
    ['src/sync/example.ts', "import { x } from '../ui/i18n.ts';"],
    ['src/sync/example.ts', "import { x } from '../features/checkin/search.ts';"],
    ['src/sync/example.ts', "import { useState as x } from 'preact/hooks';"],
    ['src/ui/example.ts', "import { readMeta as x } from '../db/meta.ts';"],
    ['src/ui/example.ts', "import { x } from '../app/routes.ts';"],
    ['src/features/dashboard/example.ts', "import { ProgrammePage as x } from '../schedule/ProgrammePage.tsx';"],
    ['src/features/dashboard/example.ts', "import { x } from '../../features/schedule/ProgrammePage.tsx';"],
    ['src/shared/example.ts', "import { x } from '../db/meta.ts';"],
    ['src/server/sync/example.ts', "import { x } from '../../sync/engine.ts';"],
    ['sw/example.ts', "import { x } from '../src/features/kiosk/KioskPage.tsx';"],
    ['src/features/checkin/example.ts', "import { openDB as x } from 'idb';"],
    ['src/db/records.ts', "import { openDB as x } from 'idb';"],
    ['src/app/example.ts', "import { openDB as x } from 'idb';"],
  ])('refuses in %s: %s', async (filePath, importLine) => {
    expect(await refusal(filePath, importLine)).toBeTruthy();
  });

  it.each([
    ['src/app/example.ts', "import { x } from '../features/schedule/ProgrammePage.tsx';"],
    ['src/features/dashboard/example.ts', "import { x } from './use-figures.ts';"],
    ['src/features/dashboard/example.ts', "import { x } from '../../db/meta.ts';"],
    ['src/features/dashboard/example.ts', "import { x } from '../../ui/DownloadAllButton.tsx';"],
    ['src/ui/example.ts', "import type { MetaRow as x } from '../db/schema.ts';"],
    ['src/ui/example.ts', "import { HttpFailure as x } from '../sync/http.ts';"],
    ['src/sync/example.ts', "import { x } from '../db/meta.ts';"],
    ['src/db/database.ts', "import { openDB as x } from 'idb';"],
  ])('allows in %s: %s', async (filePath, importLine) => {
    expect(await refusal(filePath, importLine)).toBeUndefined();
  });
});
