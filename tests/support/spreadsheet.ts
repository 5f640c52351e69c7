import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';

/** A cell as the spreadsheet read it: its text (or number), and its formula if it made one. */
export interface SheetCell {
  ref: string;
  text: string;
  formula?: string;
}

const run = promisify(execFile);

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');
}

/** The cells of the first sheet of an .xlsx file, read from its XML (shared strings resolved). */
export function readXlsx(bytes: Uint8Array): SheetCell[] {
  const files = unzipSync(bytes);
  const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
  const shared = files['xl/sharedStrings.xml']
    ? [...strFromU8(files['xl/sharedStrings.xml']).matchAll(/<si>([\s\S]*?)<\/si>/g)].map((si) =>
        [...si[1]!.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => unescapeXml(t[1]!)).join(''),
      )
    : [];
  const cells: SheetCell[] = [];
  for (const match of sheet.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const [, ref, attributes, inner = ''] = match;
    const formula = /<f[^>]*>([\s\S]*?)<\/f>|<f[^>]*\/>/.exec(inner);
    const value = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
    const inline = /<is>([\s\S]*?)<\/is>/.exec(inner)?.[1];
    let text = '';
    if (/t="s"/.test(attributes!) && value !== undefined) text = shared[Number(value)] ?? '';
    else if (inline !== undefined) text = [...inline.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => unescapeXml(t[1]!)).join('');
    else if (value !== undefined) text = unescapeXml(value);
    cells.push({ ref: ref!, text, ...(formula ? { formula: unescapeXml(formula[1] ?? '') } : {}) });
  }
  return cells;
}

/**
 * Opens CSV files in LibreOffice Calc as a spreadsheet user would, splitting every line on
 * `splitOn` (whatever separator the file was written with), UTF-8, quotes as text delimiters,
 * spaces trimmed and formulas evaluated; converts them to .xlsx and reads their cells.
 */
export async function openCsvInCalc(soffice: string, files: Record<string, string>, splitOn: ',' | ';'): Promise<Record<string, SheetCell[]>> {
  const dir = mkdtempSync(join(tmpdir(), 'etape-calc-'));
  try {
    const paths = Object.entries(files).map(([name, text]) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    });
    // Tokens: separator, text delimiter ("), UTF-8, first line, column formats, language, quoted
    // as text (no), special numbers, -, -, trim spaces (yes), -, evaluate formulas (yes).
    const filter = `CSV:${splitOn.charCodeAt(0)},34,76,1,,,false,,,,true,,true`;
    await run(
      soffice,
      [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', `--infilter=${filter}`, '--convert-to', 'xlsx', '--outdir', join(dir, 'out'), ...paths],
      { timeout: 120_000 },
    );
    const sheets: Record<string, SheetCell[]> = {};
    for (const path of paths) {
      sheets[basename(path)] = readXlsx(readFileSync(join(dir, 'out', basename(path).replace(/\.csv$/, '.xlsx'))));
    }
    return sheets;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
