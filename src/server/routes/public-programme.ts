import { Hono } from 'hono';
import type { Database } from '../database/connect.ts';
import { loadProgramme } from '../programme-query.ts';

/** Public, unauthenticated programme of an event: GET /api/public/events/:slug/programme.json. */
export function publicProgrammeRoutes(database: Database): Hono {
  return new Hono().get('/events/:slug/programme.json', async (c) => {
    const slug = c.req.param('slug');
    const programme = await loadProgramme(database.db, slug);
    if (!programme) return c.json({ error: 'not-found', message: `No event "${slug}".` }, 404);
    c.header('Cache-Control', 'no-cache');
    return c.json(programme);
  });
}
