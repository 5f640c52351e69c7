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
    ['\tcmd', `"'\tcmd"`],
    ['\rcmd', `"'\rcmd"`],
    [' =1+1', "' =1+1"],
    ['  "@SUM(1)"', `"'  ""@SUM(1)"""`],
    ['x;=1+1', `"x;'=1+1"`],
    ['a, -2', `"a,' -2"`],
    ['ligne\r\n+1', `"ligne\r\n'+1"`],
    ['Marie-Hélène', 'Marie-Hélène'],
    ['2 - 1 = 1', '2 - 1 = 1'],
  ])('neutralises %j', (value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it('leaves numbers as they are', () => {
    expect(csvCell(-2)).toBe('-2');
  });

  it('quotes commas, semicolons, quotes, tabs and line breaks whatever the separator', () => {
    expect(csvCell('Lozère, France')).toBe('"Lozère, France"');
    expect(toCsv(['a'], [['Lozère, France'], ['a;b'], ['t\tab']], { separator: ';' })).toBe('\uFEFFa\r\n"Lozère, France"\r\n"a;b"\r\n"t\tab"\r\n');
    expect(toCsv(['a'], [['a;b']])).toBe('\uFEFFa\r\n"a;b"\r\n');
    expect(csvCell('dit "Lulu"\nici')).toBe('"dit ""Lulu""\nici"');
    expect(toCsv(['x', 'y'], [[1, null]], { separator: ';' })).toBe('\uFEFFx;y\r\n1;\r\n');
  });
});
