/** Lower case without accents, so that "helene" finds "Hélène" and "chely" finds "Chély". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

/** Whether every word of the query starts a word of the folded haystack ("hel mar" finds "Hélène Martin"). */
export function matchesQuery(foldedHaystack: string, query: string): boolean {
  const words = foldText(query).split(/[\s'’-]+/).filter(Boolean);
  if (words.length === 0) return false;
  const targets = foldedHaystack.split(/[\s'’-]+/);
  return words.every((word) => targets.some((target) => target.startsWith(word)));
}
