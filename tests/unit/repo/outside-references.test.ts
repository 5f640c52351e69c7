import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The team's founding notes live outside the repository, so a reference to them helps no reader
 * of the code: what they said belongs here, in place or in docs/ (docs/architecture.md for the
 * layers). The names are assembled so that this file does not name them itself.
 */
const OUTSIDE_NOTES = ['DESIGN', 'TOOLCHAIN', 'STYLE'].map((name) => `${name}.md`);
const OUTSIDE = new RegExp(`\\b(${OUTSIDE_NOTES.map((name) => name.replace('.', '\\.')).join('|')})\\b`, 'i');

const root = join(import.meta.dirname, '../../..');

/** The repository's files: tracked ones and new ones not ignored, as `git ls-files` lists them. */
function repositoryFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' });
  return out.split('\0').filter((path) => path !== '');
}

/** Each line of `text` that names an outside note, as `path:line: text`. */
function outsideReferences(path: string, text: string): string[] {
  return text.split('\n').flatMap((line, index) => (OUTSIDE.test(line) ? [`${path}:${index + 1}: ${line.trim()}`] : []));
}

describe('references to files outside the repository', () => {
  it('finds a named outside note, whatever its case or folder', () => {
    const [design, toolchain] = OUTSIDE_NOTES as [string, string, string];
    const sample = [`// see shared/${toolchain}`, `Budgets of ${design.toLowerCase()}`, 'docs/architecture.md'].join('\n');
    expect(outsideReferences('x.ts', sample)).toEqual([`x.ts:1: // see shared/${toolchain}`, `x.ts:2: Budgets of ${design.toLowerCase()}`]);
  });

  it('no file of the repository names one', () => {
    const files = repositoryFiles();
    expect(files).toContain('README.md');
    const found = files.flatMap((path) => {
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(root, path));
      } catch {
        return []; // listed by git but deleted in the working tree
      }
      return bytes.includes(0) ? [] : outsideReferences(path, bytes.toString('utf8'));
    });
    expect(found).toEqual([]);
  });
});
