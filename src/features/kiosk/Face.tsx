/** A face drawn for a rating (1 frowning … 5 beaming), with the colour of its mood; decorative (the button carries the label). */
const COLOURS = ['#b42318', '#c4570f', '#8a6d00', '#3f7d2c', '#1f5f4a'];

export function Face({ rating }: { rating: number }) {
  const smile = (rating - 3) * 7; // mouth curve: negative frowns, positive smiles
  return (
    <svg viewBox="0 0 100 100" width="100%" height="100%" aria-hidden="true" focusable="false">
      <circle cx="50" cy="50" r="46" fill={COLOURS[rating - 1]} />
      <circle cx="34" cy="40" r="6" fill="#fff" />
      <circle cx="66" cy="40" r="6" fill="#fff" />
      <path d={`M28 ${68 - smile / 2} Q50 ${68 + smile} 72 ${68 - smile / 2}`} stroke="#fff" stroke-width="7" fill="none" stroke-linecap="round" />
    </svg>
  );
}
