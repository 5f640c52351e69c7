import { describe, expect, it } from 'vitest';
import type { ParticipantRow } from '../../../../src/db/schema.ts';
import { buildSearchIndex, searchPeople } from '../../../../src/features/checkin/search.ts';
import { foldedWords, wordsMatch } from '../../../../src/shared/fold.ts';

const person = (id: string, name: string, organisation = ''): ParticipantRow => ({
  id, eventId: 'event-1', name, organisation, profile: 'other', email: null, badgeCode: `E1.x.${id}`, origin: 'import', consent: true,
});
const finds = (text: string, query: string) => searchPeople(buildSearchIndex([person('p', text)]), query).length === 1;

describe('name search that folds accents and case', () => {
  it.each([
    ['helene', 'Hélène Vézian — Mairie'],
    ['chely', "MSAP de Saint-Chély-d'Apcher"],
    ['HEL vez', 'Hélène Vézian'],
    ['noel', 'Noël Pagès'],
    ['apcher', "Saint-Chély-d'Apcher"],
  ])('"%s" finds "%s"', (query, text) => {
    expect(finds(text, query)).toBe(true);
  });

  it.each([
    ['lene', 'Hélène'], // words match from their start
    ['helene martin', 'Hélène Vézian'],
    ['   ', 'Hélène'],
  ])('"%s" does not find "%s"', (query, text) => {
    expect(finds(text, query)).toBe(false);
  });

  it('searches the organisation too, leaves erased people out, and stops at the limit', () => {
    const index = buildSearchIndex([
      person('a', 'Hélène Vézian', 'Mairie de Florac'),
      { ...person('b', '', ''), erased: true },
      ...Array.from({ length: 30 }, (_, i) => person(`m${i}`, `Martin ${i}`)),
    ]);
    expect(searchPeople(index, 'florac').map((entry) => entry.person.id)).toEqual(['a']);
    expect(searchPeople(index, 'martin')).toHaveLength(20);
    expect(searchPeople(index, 'martin', 5)).toHaveLength(5);
  });

  it('finds the same people, in the same order, as checking every name in turn', () => {
    const firsts = ['Hélène', 'Jérôme', 'Noël', 'Anaïs', 'Marc', 'Marc-Antoine', 'Zoé', 'Élodie'];
    const lasts = ['Vézian', 'Pagès', 'Martin', 'Rouvière', 'Chély', 'Marchand', 'Mende'];
    const orgs = ['Mairie de Florac', 'Tiers-lieu de Mende', "MSAP de Saint-Chély-d'Apcher", 'Atelier Mende', ''];
    const people = Array.from({ length: 300 }, (_, i) =>
      person(`p${i}`, `${firsts[i % firsts.length]} ${lasts[(i * 3) % lasts.length]} ${i}`, orgs[(i * 7) % orgs.length]),
    );
    const index = buildSearchIndex(people);
    const everyName = (query: string, limit: number) =>
      people.filter((p) => wordsMatch(foldedWords(query), foldedWords(`${p.name} ${p.organisation}`))).slice(0, limit).map((p) => p.id);
    for (const query of ['m', 'mar', 'marc', 'marc an', 'mende', 'de mende', 'helene mar', 'chely', 'zo', '1', '12', 'tiers-lieu', 'zzz', 'e']) {
      for (const limit of [5, 9, 20]) expect(searchPeople(index, query, limit).map((entry) => entry.person.id), `${query} (${limit})`).toEqual(everyName(query, limit));
    }
  });
});
