import { useEffect, useState } from 'preact/hooks';
import { readIdentity, type DeviceIdentity } from '../../db/device.ts';
import { EVENT_ROWS_TABLES, readEventRows } from '../../db/event-rows.ts';
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

/** The organizer's device: its identity, or undefined when this device is not an organizer's. */
async function readOrganizer(db: DatabaseRef): Promise<DeviceIdentity | undefined> {
  const identity = await readIdentity(db);
  return identity?.role === 'organizer' ? identity : undefined;
}

/** What the page shows besides the figures: small, read again at every sync (each writes the device's state, `meta`). */
interface PageData {
  identity: DeviceIdentity | undefined;
  programme: StoredProgramme | undefined;
  form: FormRow | undefined;
  reportComments: string[];
}

const PAGE_TABLES = ['meta', 'events', 'stages', 'talks', 'forms'] as const;

async function readPage(db: DatabaseRef): Promise<PageData> {
  const identity = await readOrganizer(db);
  if (!identity) return { identity, programme: undefined, form: undefined, reportComments: [] };
  const [programme, form, reportComments] = await Promise.all([
    readProgramme(db, identity.eventSlug),
    readFormRow(db, identity.eventId),
    readReportComments(db, identity.eventSlug),
  ]);
  return { identity, programme, form, reportComments };
}

/** The figures and for which event they were computed. */
interface FiguresData {
  eventId: string | undefined;
  figures: EventFigures;
  posters: PosterFigures[];
}

async function readFigures(db: DatabaseRef): Promise<FiguresData | { eventId: undefined }> {
  const identity = await readOrganizer(db);
  if (!identity) return { eventId: undefined };
  const rows = await readEventRows(db, identity.eventId);
  return { eventId: identity.eventId, figures: eventFigures(rows), posters: posterFigures(rows.feedback) };
}

const samePage = (before: PageData, after: PageData) => JSON.stringify(before) === JSON.stringify(after);

/**
 * The organizer's figures, recomputed whenever a sync (or this device) changes a table they come
 * from. Undefined when this device is not an organizer's. Two live queries (live-query.ts), started
 * together: the page's small reads, and the figures over EVENT_ROWS_TABLES. The figures are not
 * computed again when only `meta` changed: every sync writes it, and at festival size the figures
 * cost about a second of a 4× slowed phone (docs/benchmarks.md, "Festival size: the dashboard").
 * Should the device's identity change to another event meanwhile (a new enrolment), they are.
 */
export function useFigures(db: DatabaseRef): LiveResult<DashboardData | undefined> {
  const page = useLiveQuery(() => readPage(db), PAGE_TABLES, [], db, samePage);
  const [again, setAgain] = useState(0);
  const figures = useLiveQuery(() => readFigures(db), EVENT_ROWS_TABLES, [again], db);
  const pageEvent = page.status === 'ready' ? page.value.identity?.eventId : undefined;
  const figuresEvent = figures.status === 'ready' ? figures.value.eventId : undefined;
  const outdated = page.status === 'ready' && figures.status === 'ready' && pageEvent !== figuresEvent;
  useEffect(() => {
    if (outdated) setAgain((count) => count + 1);
  }, [outdated, pageEvent, figuresEvent]);
  if (page.status !== 'ready') return page;
  if (figures.status === 'error') return figures;
  const { identity, programme, form, reportComments } = page.value;
  if (!identity || !programme) return { status: 'ready', value: undefined };
  if (figures.status === 'loading' || outdated || !('figures' in figures.value)) return { status: 'loading' };
  return { status: 'ready', value: { identity, programme, form, reportComments, figures: figures.value.figures, posters: figures.value.posters } };
}
