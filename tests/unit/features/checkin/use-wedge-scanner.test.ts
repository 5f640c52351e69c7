import { describe, expect, it } from 'vitest';
import { looksLikeBadge, wedgeReader } from '../../../../src/features/checkin/use-wedge-scanner.ts';

/** Feeds keys `gapMs` apart from `startMs` and returns what the reader answered for each Enter. */
function feed(read: ReturnType<typeof wedgeReader>, keys: string[], gapMs: number, startMs = 1_000): (string | undefined)[] {
  const answers: (string | undefined)[] = [];
  keys.forEach((key, i) => {
    const answer = read(key, startMs + i * gapMs);
    if (key === 'Enter') answers.push(answer);
  });
  return answers;
}

describe('keyboard-wedge scanner', () => {
  const code = 'W1.event-1.0d9c8b7a-6f5e';

  it('a fast burst ending with Enter is a scan, Shift keys skipped', () => {
    expect(feed(wedgeReader(), ['Shift', ...code, 'Enter'], 8)).toEqual([code]);
  });

  it('a person typing is not a scan, nor a short burst', () => {
    expect(feed(wedgeReader(), [...code, 'Enter'], 180)).toEqual([undefined]);
    expect(feed(wedgeReader(), [...'abc', 'Enter'], 5)).toEqual([undefined]);
  });

  it('a pause starts over: only the keys of the last burst make the code', () => {
    const read = wedgeReader();
    read('x', 0);
    read('y', 10);
    expect(feed(read, [...code, 'Enter'], 10, 5_000)).toEqual([code]);
  });

  it('one key delayed by a busy device does not cut the code in two', () => {
    const read = wedgeReader();
    const half = Math.floor(code.length / 2);
    let at = 0;
    for (const [i, key] of [...code].entries()) read(key, (at += i === half ? 400 : 6));
    expect(read('Enter', at + 6)).toBe(code);
  });

  it('two scans in a row give two codes', () => {
    expect(feed(wedgeReader(), [...code, 'Enter', ...code, 'Enter'], 5)).toEqual([code, code]);
  });

  it('recognises a badge typed into the search box, not a name', () => {
    expect(looksLikeBadge(code)).toBe(true);
    expect(looksLikeBadge('E1.e.p.sig')).toBe(true);
    expect(looksLikeBadge('Hélène')).toBe(false);
  });
});
