import type { ParticipantRow } from '../../db/schema.ts';
import { foldedWords, wordsMatch } from '../../shared/fold.ts';

/** A participant with the folded words of their name and organisation, built once per list. */
export interface SearchEntry {
  person: ParticipantRow;
  words: string[];
}

/**
 * The search index of the check-in screen: the entries (erased participants left out, words folded
 * once), and every word of every entry sorted, with the entry it belongs to, so that the entries
 * with a word starting with some letters are one range of that list, found by bisection.
 */
export interface SearchIndex {
  entries: SearchEntry[];
  words: string[];
  /** The position in `entries` of the entry of each word of `words`. */
  owners: Int32Array;
}

export function buildSearchIndex(people: readonly ParticipantRow[]): SearchIndex {
  const entries = people.filter((person) => !person.erased).map((person) => ({ person, words: foldedWords(`${person.name} ${person.organisation}`) }));
  const pairs: { word: string; owner: number }[] = [];
  entries.forEach((entry, owner) => {
    for (const word of entry.words) pairs.push({ word, owner });
  });
  pairs.sort((a, b) => (a.word < b.word ? -1 : a.word > b.word ? 1 : a.owner - b.owner));
  return { entries, words: pairs.map((pair) => pair.word), owners: Int32Array.from(pairs, (pair) => pair.owner) };
}

/** The first position in the sorted `words` whose word is not below `prefix`. */
function firstFrom(words: readonly string[], prefix: string): number {
  let [low, high] = [0, words.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (words[middle]! < prefix) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The first position from `from` in the sorted `words` whose word does not start with `prefix`:
 * the words from `firstFrom(words, prefix)` that start with it are one range, found by bisection.
 */
function endOf(words: readonly string[], prefix: string, from: number): number {
  let [low, high] = [from, words.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (words[middle]!.startsWith(prefix)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The first `limit` entries (in the order of the list) where every word of the query starts a word
 * of the name or the organisation, accents folded ("hel mar" finds "Hélène Martin"). This runs on
 * every key over 20,000 names at a festival: the query's longest word picks its candidates from
 * the sorted words (a bisection, not a pass over every name), marked in a bitmap of the entries;
 * the marks are then read in the list's order until `limit` match (a first letter marks thousands
 * of entries: no set of them is built and sorted).
 */
export function searchPeople(index: SearchIndex, query: string, limit = 20): SearchEntry[] {
  const wanted = foldedWords(query);
  if (wanted.length === 0) return [];
  const longest = wanted.reduce((a, b) => (b.length > a.length ? b : a));
  const candidate = new Uint8Array(index.entries.length);
  let first = index.entries.length;
  // Both ends of the range by bisection: a first letter marks thousands of entries, with no string compared per word.
  const from = firstFrom(index.words, longest);
  const to = endOf(index.words, longest, from);
  for (let i = from; i < to; i += 1) {
    const owner = index.owners[i]!;
    candidate[owner] = 1;
    if (owner < first) first = owner;
  }
  const found: SearchEntry[] = [];
  for (let owner = first; owner < candidate.length && found.length < limit; owner += 1) {
    if (candidate[owner] && wordsMatch(wanted, index.entries[owner]!.words)) found.push(index.entries[owner]!);
  }
  return found;
}
