import { META, readMeta } from './meta.ts';
import { withDatabase } from './reliable.ts';
import type { EtapeDatabase } from './schema.ts';

/**
 * The talks a participant starred for "my programme": kept on this device only (never synced,
 * no account needed), per event.
 */
export async function readStars(db: EtapeDatabase, slug: string): Promise<string[]> {
  const value = await readMeta(db, META.stars(slug));
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}

/** Stars a talk, or removes its star; resolves to whether it is starred now. */
export async function toggleStar(db: EtapeDatabase, slug: string, talkId: string): Promise<boolean> {
  return withDatabase(db, () =>
    db.transaction('rw', db.meta, async () => {
      const stars = await readStars(db, slug);
      const starred = !stars.includes(talkId);
      await db.meta.put({ key: META.stars(slug), value: starred ? [...stars, talkId] : stars.filter((id) => id !== talkId) });
      return starred;
    }),
  );
}
