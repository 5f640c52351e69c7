import { getMeta, putMeta, read, write, type DatabaseRef } from './database.ts';
import { META } from './meta.ts';

/**
 * The talks a participant starred for "my programme": kept on this device only (never synced,
 * no account needed), per event. Kept in the meta table.
 */
export async function readStars(ref: DatabaseRef, slug: string): Promise<string[]> {
  return starsIn(await read(ref, ['meta'], (tx) => getMeta(tx, META.stars(slug)), () => undefined));
}

/** Stars a talk, or removes its star, in one transaction; resolves to whether it is starred now. */
export function toggleStar(ref: DatabaseRef, slug: string, talkId: string): Promise<boolean> {
  return write(ref, ['meta'], async (tx) => {
    const stars = starsIn(await getMeta(tx, META.stars(slug)));
    const starred = !stars.includes(talkId);
    await putMeta(tx, META.stars(slug), starred ? [...stars, talkId] : stars.filter((id) => id !== talkId));
    return starred;
  });
}

function starsIn(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}
