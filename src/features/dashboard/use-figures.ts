import { readIdentity, type DeviceIdentity } from '../../db/device.ts';
import { readEventRows } from '../../db/event-rows.ts';
import type { LiveResult } from '../../db/live-query.ts';
import { readProgramme, type StoredProgramme } from '../../db/programme.ts';
import { readFormRow } from '../../db/forms.ts';
import { readReportComments } from '../../db/report.ts';
import type { DatabaseRef } from '../../db/database.ts';
import type { FormRow } from '../../db/schema.ts';
import { useLiveQuery } from '../../db/live-query.ts';
import { eventFigures, posterFigures, type EventFigures, type PosterFigures } from '../../shared/figures.ts';

export interface DashboardData {
  identity: DeviceIdentity;
  programme: StoredProgramme;
  figures: EventFigures;
  /** Answers per poster (set aside ones included), bursts flagged. */
  posters: PosterFigures[];
  form: FormRow | undefined;
  reportComments: string[];
}

/**
 * The organizer's figures, recomputed whenever a sync (or this device) changes a table they come
 * from. Undefined when this device is not an organizer's. A live query (live-query.ts) over FIGURES_TABLES.
 */
export function useFigures(db: DatabaseRef): LiveResult<DashboardData | undefined> {
  return useLiveQuery(async () => {
    const identity = await readIdentity(db);
    if (!identity || identity.role !== 'organizer') return undefined;
    // Side by side, not one after the other: each read waits its turn at IndexedDB, and the page's load waits for the last.
    const [programme, rows, form, reportComments] = await Promise.all([
      readProgramme(db, identity.eventSlug),
      readEventRows(db, identity.eventId),
      readFormRow(db, identity.eventId),
      readReportComments(db, identity.eventSlug),
    ]);
    if (!programme) return undefined;
    return { identity, programme, figures: eventFigures(rows), posters: posterFigures(rows.feedback), form, reportComments };
  }, FIGURES_TABLES, [], db);
}

/** Every table the figures are read from. */
const FIGURES_TABLES = ['meta', 'events', 'stages', 'talks', 'participantKinds', 'attendance', 'feedback', 'forms'] as const;
