import { describe, expect, it } from 'vitest';
import { foldText, matchesQuery } from '../../../../src/features/checkin/fold.ts';

describe('name search that folds accents and case', () => {
  it.each([
    ['helene', 'Hélène Vézian — Mairie'],
    ['chely', "MSAP de Saint-Chély-d'Apcher"],
    ['HEL vez', 'Hélène Vézian'],
    ['noel', 'Noël Pagès'],
    ['apcher', "Saint-Chély-d'Apcher"],
  ])('"%s" finds "%s"', (query, text) => {
    expect(matchesQuery(foldText(text), query)).toBe(true);
  });

  it.each([
    ['lene', 'Hélène'], // words match from their start
    ['helene martin', 'Hélène Vézian'],
    ['   ', 'Hélène'],
  ])('"%s" does not find "%s"', (query, text) => {
    expect(matchesQuery(foldText(text), query)).toBe(false);
  });
});
