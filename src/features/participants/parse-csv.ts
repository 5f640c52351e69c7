import Papa from 'papaparse';

/** A row of a CSV file with the line it starts on (1 = the first line of the file). */
export interface CsvLine {
  line: number;
  cells: string[];
}

export interface ParsedCsv {
  separator: ',' | ';';
  header: string[];
  rows: CsvLine[];
}

/**
 * Reads CSV text (the only module that imports papaparse). UTF-8 with or without a BOM; the
 * separator is the one of `,` and `;` (French Excel) found more often in the first line. Cells
 * are kept as text, exactly: nothing is evaluated, a value starting with `=` stays that text.
 * Blank lines are skipped, but line numbers still count them, so that errors name the line the
 * organizer sees in their editor.
 */
export function parseCsv(text: string): ParsedCsv {
  const source = text.replace(/^\uFEFF/, '');
  const firstLine = source.slice(0, source.search(/\r?\n|$/));
  const separator = count(firstLine, ';') > count(firstLine, ',') ? ';' : ',';
  const records: CsvLine[] = [];
  let line = 1;
  let consumed = 0;
  Papa.parse<string[]>(source, {
    delimiter: separator,
    skipEmptyLines: false,
    step: (result) => {
      const end = result.meta.cursor;
      const cells = result.data;
      // The record starts after the line breaks that precede it (blank lines included).
      const before = source.slice(consumed, end);
      const leading = /^(?:\r?\n)*/.exec(before)?.[0] ?? '';
      const start = line + count(leading, '\n');
      line = start + count(before.slice(leading.length), '\n');
      consumed = end;
      if (cells.some((cell) => cell.trim() !== '')) records.push({ line: start, cells });
    },
  });
  const [header, ...rows] = records;
  return { separator, header: header?.cells.map((cell) => cell.trim()) ?? [], rows };
}

function count(text: string, character: string): number {
  return text.split(character).length - 1;
}
