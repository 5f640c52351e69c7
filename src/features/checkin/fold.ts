/** Lower case without accents, so that "helene" finds "Hélène" and "chely" finds "Chély". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}
