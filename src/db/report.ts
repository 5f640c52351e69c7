import { META, readMeta } from './meta.ts';
import { withDatabase } from './reliable.ts';
import type { EtapeDatabase } from './dexie.ts';

/** The comments (feedback ids) the organizer picked for the week's report, kept on this device. */
export async function readReportComments(db: EtapeDatabase, slug: string): Promise<string[]> {
  const value = await readMeta(db, META.reportComments(slug));
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}

/** Puts a comment in the report, or takes it out. */
export async function toggleReportComment(db: EtapeDatabase, slug: string, feedbackId: string): Promise<void> {
  await withDatabase(db, () =>
    db.transaction('rw', db.meta, async () => {
      const chosen = await readReportComments(db, slug);
      const next = chosen.includes(feedbackId) ? chosen.filter((id) => id !== feedbackId) : [...chosen, feedbackId];
      await db.meta.put({ key: META.reportComments(slug), value: next });
    }),
  );
}
