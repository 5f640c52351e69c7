/**
 * Accent- and case-folded search, the same on every screen: "helene" finds "Hélène", "chely"
 * finds "Chély", "hel mar" finds "Hélène Martin".
 */

const SEPARATORS = /[\s'’-]+/;

/** Lower case without accents. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

/** The folded words of a text (built once per list, not per keystroke). */
export function foldedWords(text: string): string[] {
  return foldText(text).split(SEPARATORS).filter(Boolean);
}

/** Whether every word of the query starts one of the words; an empty query matches nothing. */
export function wordsMatch(queryWords: readonly string[], words: readonly string[]): boolean {
  return queryWords.length > 0 && queryWords.every((word) => words.some((target) => target.startsWith(word)));
}

/** Whether every word of the query starts a word of the folded haystack. */
export function matchesQuery(foldedHaystack: string, query: string): boolean {
  return wordsMatch(foldedWords(query), foldedHaystack.split(SEPARATORS));
}
