import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const HEADER = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` (all modules) or `npm run bench -- NAME` (one module); do not edit by hand',
  'between the markers. Each section states its budgets beside its figures, and the run exits with an',
  'error when one is missed. Each run replaces the machine block and the sections of the modules it',
  'ran, and leaves the others as they were.',
].join('\n');

const open = (name: string) => `<!-- bench:${name} -->`;
const close = (name: string) => `<!-- /bench:${name} -->`;

/** `text` with the block between the markers of `name` replaced by `body` (appended if absent). */
export function replaceBlock(text: string, name: string, body: string): string {
  const block = `${open(name)}\n${body.trim()}\n${close(name)}`;
  const start = text.indexOf(open(name));
  const end = text.indexOf(close(name));
  if (start >= 0 && end > start) return text.slice(0, start) + block + text.slice(end + close(name).length);
  return `${text.trimEnd()}\n\n${block}\n`;
}

/** Writes the machine block and the given sections into the markdown file at `path`. */
export function updateReport(path: string, machine: string, sections: Map<string, string>): void {
  let text = existsSync(path) ? readFileSync(path, 'utf8') : `${HEADER}\n`;
  text = replaceBlock(text, 'machine', machine);
  for (const [name, body] of sections) text = replaceBlock(text, name, body);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text.endsWith('\n') ? text : `${text}\n`);
}
