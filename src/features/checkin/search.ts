import type { ParticipantRow } from '../../db/schema.ts';
import { foldedWords, wordsMatch } from '../../shared/fold.ts';

/** A participant with the folded words of their name and organisation, built once per list. */
export interface SearchEntry {
  person: ParticipantRow;
  words: string[];
}

/** The search index of the check-in screen: erased participants left out, words folded once. */
export function buildSearchIndex(people: readonly ParticipantRow[]): SearchEntry[] {
  return people
    .filter((person) => !person.erased)
    .map((person) => ({ person, words: foldedWords(`${person.name} ${person.organisation}`) }));
}

/**
 * The first `limit` entries where every word of the query starts a word of the name or the
 * organisation, accents folded ("hel mar" finds "Hélène Martin"). The query is folded once per
 * keystroke, not once per participant: this runs on every key over 10,000 names.
 */
export function searchPeople(index: readonly SearchEntry[], query: string, limit = 20): SearchEntry[] {
  const wanted = foldedWords(query);
  if (wanted.length === 0) return [];
  const found: SearchEntry[] = [];
  for (const entry of index) {
    if (wordsMatch(wanted, entry.words)) {
      found.push(entry);
      if (found.length === limit) break;
    }
  }
  return found;
}
