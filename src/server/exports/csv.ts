/**
 * A CSV writer for spreadsheets (every export of the server goes through it): UTF-8 with a BOM so
 * that Excel reads accents, CRLF line ends, and spreadsheet formulas neutralised: a cell that
 * starts with = + - @ a tab or a carriage return gets a leading apostrophe, so that a name like
 * `=HYPERLINK(…)` is shown as text and never run.
 */

export type CsvCell = string | number | boolean | null | undefined;

export interface CsvOptions {
  /** `,` by default; `;` for French Excel. */
  separator?: ',' | ';';
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell as text: neutralised, then quoted when it holds the separator, a quote or a line break. */
export function csvCell(value: CsvCell, separator: ',' | ';' = ','): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole file: a BOM, the header row, then the rows. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>, options: CsvOptions = {}): string {
  const separator = options.separator ?? ',';
  const lines = [header.map((cell) => csvCell(cell, separator)).join(separator)];
  for (const row of rows) lines.push(row.map((cell) => csvCell(cell, separator)).join(separator));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
