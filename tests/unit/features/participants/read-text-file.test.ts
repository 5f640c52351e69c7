import { describe, expect, it } from 'vitest';
import { NotUtf8Error, readUtf8 } from '../../../../src/features/participants/read-text-file.ts';

describe('reading a registration file', () => {
  it('reads UTF-8 with or without a BOM, accents intact', async () => {
    const text = 'Nom;Structure\nHélène;Chély\n';
    expect(await readUtf8(new Blob([new TextEncoder().encode(text)]))).toBe(text);
    expect(await readUtf8(new Blob([new Uint8Array([0xef, 0xbb, 0xbf]), new TextEncoder().encode(text)]))).toBe(text);
  });

  it('refuses a Windows-1252 file (old Excel CSV) instead of garbling the accents', async () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode('Nom\nH'), 0xe9, ...new TextEncoder().encode('l'), 0xe8, ...new TextEncoder().encode('ne\n')]);
    await expect(readUtf8(new Blob([latin1]))).rejects.toBeInstanceOf(NotUtf8Error);
  });
});
