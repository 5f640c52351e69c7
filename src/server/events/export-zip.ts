import type { Kysely } from 'kysely';
import { strToU8, zipSync } from 'fflate';
import { weekCalendar } from '../../shared/programme-calendar.ts';
import type { Tables } from '../database/tables.ts';
import { checkinsCsv, feedbackCsv, participantsCsv } from '../exports/queries.ts';
import { loadProgramme } from '../programme-query.ts';
import { formRecord } from '../sync/records.ts';
import { reportHtml, serverEventRows, type ReportOptions } from './report-html.ts';

/** The files of the "Tout télécharger" archive, in this order, in a folder named after the event. */
export const ZIP_FILES = ['participants.csv', 'checkins.csv', 'feedback.csv', 'programme.ics', 'programme.json', 'report.html'] as const;

/**
 * Everything of an event in one .zip (the only module that imports fflate): the three CSV exports
 * as the export routes serve them, the programme as iCalendar and JSON, and the week's report as
 * a standalone HTML file. Undefined for an unknown slug. `origin` is where the app is reached (for
 * the calendar's links).
 */
export async function eventZip(db: Kysely<Tables>, slug: string, origin: string, options: ReportOptions = {}): Promise<Uint8Array | undefined> {
  const programme = await loadProgramme(db, slug, options.now);
  if (!programme) return undefined;
  const eventId = programme.event.id;
  const formRow = await db.selectFrom('forms').selectAll().where('id', '=', eventId).executeTakeFirst();
  const rows = await serverEventRows(db, eventId, programme);
  const contents: Record<(typeof ZIP_FILES)[number], string> = {
    'participants.csv': await participantsCsv(db, eventId),
    'checkins.csv': await checkinsCsv(db, eventId),
    'feedback.csv': await feedbackCsv(db, eventId),
    'programme.ics': weekCalendar(programme, origin, options.now),
    'programme.json': `${JSON.stringify(programme, null, 2)}\n`,
    'report.html': reportHtml(programme, rows, formRow ? formRecord(formRow) : undefined, options),
  };
  const mtime = options.now ?? new Date();
  return zipSync(
    Object.fromEntries(ZIP_FILES.map((name) => [`${slug}/${name}`, [strToU8(contents[name]), { mtime }]])),
    { level: 6 },
  );
}
