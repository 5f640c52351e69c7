import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The repository paths a Markdown text names (`src/…`, `tests/…`, `sw/…`, `docs/…`). */
function namedPaths(markdown: string): string[] {
  return [...new Set(markdown.match(/\b(?:src|tests|sw|docs)\/[A-Za-z0-9_./-]*[A-Za-z0-9_]/g) ?? [])];
}

describe('docs/architecture.md', () => {
  it('names only files and folders that exist, so a rename that leaves it behind fails here', () => {
    const named = namedPaths(read('docs/architecture.md'));
    expect(named).toContain('src/db/schema.ts');
    expect(named.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });

  it('is linked from the README', () => {
    expect(read('README.md')).toContain('](docs/architecture.md)');
  });
});
