import { Hono } from 'hono';
import type { Database } from '../database/connect.ts';

/** What the home page lists of each event: public facts only (no key, no count of people). */
export interface PublicEventSummary {
  slug: string;
  name: string;
  startsOn: string;
  endsOn: string;
  timeZone: string;
  place: string;
  archived: boolean;
}

/** GET /api/public/events: the server's events, soonest first, for the home page at `/`. */
export function publicEventsRoutes(database: Database): Hono {
  return new Hono().get('/events', async (c) => {
    const rows = await database.db
      .selectFrom('events')
      .select(['slug', 'name', 'startsOn', 'endsOn', 'timeZone', 'place', 'archivedAt'])
      .orderBy('startsOn')
      .orderBy('slug')
      .execute();
    const events: PublicEventSummary[] = rows.map(({ archivedAt, ...row }) => ({ ...row, archived: archivedAt !== null }));
    c.header('Cache-Control', 'no-cache');
    return c.json({ events });
  });
}
