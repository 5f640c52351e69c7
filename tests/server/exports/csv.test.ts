import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../src/server/exports/csv.ts';

describe('the CSV writer', () => {
  it('starts with a BOM and ends every line with CRLF', () => {
    expect(toCsv(['a', 'b'], [['Hélène', 'Chély']])).toBe('\uFEFFa,b\r\nHélène,Chély\r\n');
  });

  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+33 4 66', "'+33 4 66"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['Marie-Hélène', 'Marie-Hélène'],
  ])('neutralises %j', (value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it('quotes separators, quotes and line breaks; a semicolon file quotes semicolons instead of commas', () => {
    expect(csvCell('Lozère, France')).toBe('"Lozère, France"');
    expect(csvCell('Lozère, France', ';')).toBe('Lozère, France');
    expect(csvCell('a;b', ';')).toBe('"a;b"');
    expect(csvCell('dit "Lulu"\nici')).toBe('"dit ""Lulu""\nici"');
    expect(toCsv(['x', 'y'], [[1, null]], { separator: ';' })).toBe('\uFEFFx;y\r\n1;\r\n');
  });
});
