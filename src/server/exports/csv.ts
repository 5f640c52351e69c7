/**
 * A CSV writer for spreadsheets (every export of the server goes through it): UTF-8 with a BOM so
 * that Excel reads accents, CRLF line ends, and spreadsheet formulas neutralised.
 *
 * A spreadsheet may split a line on another separator than the one the file was written with
 * (French Excel splits a comma file on `;`), and may trim spaces and quotes. So a formula is
 * neutralised wherever a cell could start: at the start of the text, and after every `,` `;`
 * tab or line break inside it, even after spaces or quotes. A leading apostrophe goes there
 * (`x;=1+1` is written `x;'=1+1`; a text starting with a tab or a carriage return gets one too), so that the text is shown as typed and never run. And every
 * cell that holds a `,` `;` quote, tab or line break is quoted, whatever the separator.
 */

export type CsvCell = string | number | boolean | null | undefined;

export interface CsvOptions {
  /** `,` by default; `;` for French Excel. */
  separator?: ',' | ';';
}

/**
 * A place where a spreadsheet could start a cell, followed (after spaces or quotes) by a formula's
 * first character; or a text that starts with a tab or a carriage return (which some spreadsheets
 * drop before reading a formula).
 */
const FORMULA_AT_CELL_START = /(^|[,;\t\r\n])(?=[ \u00a0"]*[=+\-@])|^(?=[\t\r])/g;
const NEEDS_QUOTES = /[,;"\t\r\n]/;

/** One cell as text: neutralised, then quoted when it holds a separator, a quote, a tab or a line break. */
export function csvCell(value: CsvCell): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string') text = text.replace(FORMULA_AT_CELL_START, "$1'");
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole file: a BOM, the header row, then the rows. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>, options: CsvOptions = {}): string {
  const separator = options.separator ?? ',';
  const lines = [header.map((cell) => csvCell(cell)).join(separator)];
  for (const row of rows) lines.push(row.map((cell) => csvCell(cell)).join(separator));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
