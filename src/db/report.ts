import { getMeta, read, write, type DatabaseRef, type ReadTx } from './database.ts';
import { META } from './meta.ts';

const commentsIn = async (tx: ReadTx, slug: string): Promise<string[]> => {
  const value = await getMeta(tx, META.reportComments(slug));
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
};

/** The comments (feedback ids) the organizer picked for the week's report, kept on this device. */
export function readReportComments(ref: DatabaseRef, slug: string): Promise<string[]> {
  return read(ref, ['meta'], (tx) => commentsIn(tx, slug));
}

/** Puts a comment in the report, or takes it out. */
export async function toggleReportComment(ref: DatabaseRef, slug: string, feedbackId: string): Promise<void> {
  await write(ref, ['meta'], async (tx) => {
    const chosen = await commentsIn(tx, slug);
    const next = chosen.includes(feedbackId) ? chosen.filter((id) => id !== feedbackId) : [...chosen, feedbackId];
    await tx.objectStore('meta').put({ key: META.reportComments(slug), value: next });
  });
}
