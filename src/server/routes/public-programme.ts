import { Hono } from 'hono';
import { stageCalendar, weekCalendar } from '../../shared/programme-calendar.ts';
import type { Database } from '../database/connect.ts';
import { linkOrigin } from '../http/own-origin.ts';
import { loadProgramme } from '../programme-query.ts';

/**
 * Public, unauthenticated programme of an event:
 * GET /api/public/events/:slug/programme.json, and the same as iCalendar,
 * GET /api/public/events/:slug/programme.ics (the whole week, or one stage with `?stage=ID`).
 */
export function publicProgrammeRoutes(database: Database, publicUrl?: string): Hono {
  return new Hono()
    .get('/events/:slug/programme.json', async (c) => {
      const slug = c.req.param('slug');
      const programme = await loadProgramme(database.db, slug);
      if (!programme) return c.json({ error: 'not-found', message: `No event "${slug}".` }, 404);
      c.header('Cache-Control', 'no-cache');
      return c.json(programme);
    })
    .get('/events/:slug/programme.ics', async (c) => {
      const slug = c.req.param('slug');
      const programme = await loadProgramme(database.db, slug);
      if (!programme) return c.json({ error: 'not-found', message: `No event "${slug}".` }, 404);
      const stageId = c.req.query('stage');
      if (stageId !== undefined && !programme.stages.some((stage) => stage.id === stageId)) {
        return c.json({ error: 'not-found', message: `No stage "${stageId}" in event "${slug}".` }, 404);
      }
      // Links point where people reach the app: PUBLIC_URL behind a proxy, else this machine's own
      // address the request came to; never a Host header a client made up (then no links).
      const origin = linkOrigin(c.req.url, publicUrl);
      const body = stageId === undefined ? weekCalendar(programme, origin) : stageCalendar(programme, stageId, origin);
      c.header('Cache-Control', 'no-cache');
      c.header('Content-Type', 'text/calendar; charset=utf-8');
      c.header('Content-Disposition', `inline; filename="${slug}${stageId === undefined ? '' : '-etape'}.ics"`);
      return c.body(body);
    });
}
