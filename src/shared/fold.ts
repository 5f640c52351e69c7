/**
 * Accent- and case-folded search, the same on every screen: "helene" finds "Hélène", "chely"
 * finds "Chély", "hel mar" finds "Hélène Martin".
 */

const SEPARATORS = /[\s'’-]+/;

/** Latin letters that Unicode does not decompose, written as people type them without the key. */
const LETTERS: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h', ŧ: 't', ŋ: 'n', ĸ: 'k', ſ: 's' };
const LETTER = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'gu');

/**
 * Lower case without accents: Unicode's compatibility decompositions (ﬁ → fi, Ｍ → m, Ǆ → dž → dz)
 * with their marks dropped, and the letters that have none (Œ → oe, Æ → ae, ß → ss, Ø → o, Ł → l).
 */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\p{M}\p{Diacritic}]/gu, '')
    .replace(LETTER, (letter) => LETTERS[letter]!)
    .toLowerCase();
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
