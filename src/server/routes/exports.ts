import { Hono } from 'hono';
import { requireDevice, type AuthEnv } from '../auth/device-auth.ts';
import type { Database } from '../database/connect.ts';
import { checkinsCsv, feedbackCsv, participantsCsv } from '../exports/queries.ts';

const EXPORTS = { 'participants.csv': participantsCsv, 'checkins.csv': checkinsCsv, 'feedback.csv': feedbackCsv } as const;

/**
 * GET /api/events/:slug/exports/{participants,checkins,feedback}.csv: organizers of that event
 * only. `?separator=semicolon` writes `;` between cells, for French Excel; `?setAside=include`
 * adds the feedback answers set aside by organizers, marked.
 */
export function exportRoutes(database: Database): Hono<AuthEnv> {
  const { db } = database;
  const app = new Hono<AuthEnv>();
  app.use('/:slug/exports/*', requireDevice(db, ['organizer']));
  app.get('/:slug/exports/:file', async (c) => {
    const file = c.req.param('file');
    const build = Object.hasOwn(EXPORTS, file) ? EXPORTS[file as keyof typeof EXPORTS] : undefined;
    const event = await db.selectFrom('events').select(['id', 'slug']).where('id', '=', c.get('device').eventId).executeTakeFirst();
    // Another event's slug is answered like an unknown one: a device sees its own event only.
    if (!build || !event || event.slug !== c.req.param('slug')) {
      return c.json({ error: 'not-found', message: `No export ${file} for event "${c.req.param('slug')}".` }, 404);
    }
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${event.slug}-${file}"`);
    c.header('Cache-Control', 'no-store');
    const separator = c.req.query('separator') === 'semicolon' ? ';' : ',';
    // ?setAside=include: the feedback answers organizers set aside too, marked (left out otherwise).
    return c.body(await build(db, event.id, { separator, includeSetAside: c.req.query('setAside') === 'include' }));
  });
  return app;
}
