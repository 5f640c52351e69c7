import { Hono, type Context } from 'hono';
import { requireDevice, type AuthEnv } from '../auth/device-auth.ts';
import type { Database } from '../database/connect.ts';
import { archiveEvent } from '../events/archive-event.ts';
import { eventZip } from '../events/export-zip.ts';

/**
 * An organizer's actions on the whole event, for that event's organizers only (another event's
 * slug is answered like an unknown one):
 * POST /api/events/:slug/archive, and GET /api/events/:slug/export.zip (Tout télécharger;
 * `?comments=ID,ID` picks the comments the report quotes, every comment without it).
 */
export function eventAdminRoutes(database: Database, publicUrl?: string): Hono<AuthEnv> {
  const { db } = database;
  const app = new Hono<AuthEnv>();
  const notFound = (c: Context<AuthEnv>) => c.json({ error: 'not-found', message: `No event "${c.req.param('slug')}" for this device.` }, 404);
  const ownEvent = async (c: Context<AuthEnv>) => {
    const event = await db.selectFrom('events').select('slug').where('id', '=', c.get('device').eventId).executeTakeFirst();
    return event !== undefined && event.slug === c.req.param('slug');
  };
  app.use('/:slug/archive', requireDevice(db, ['organizer']));
  app.use('/:slug/export.zip', requireDevice(db, ['organizer']));
  app.post('/:slug/archive', async (c) => {
    if (!(await ownEvent(c))) return notFound(c);
    const archived = await archiveEvent(db, c.req.param('slug'));
    return archived ? c.json(archived) : notFound(c);
  });
  app.get('/:slug/export.zip', async (c) => {
    if (!(await ownEvent(c))) return notFound(c);
    const slug = c.req.param('slug');
    const picked = c.req.query('comments');
    const origin = publicUrl ?? new URL(c.req.url).origin;
    const zip = await eventZip(db, slug, origin, picked === undefined ? {} : { comments: picked.split(',').filter(Boolean) });
    if (!zip) return notFound(c);
    c.header('Content-Type', 'application/zip');
    c.header('Content-Disposition', `attachment; filename="${slug}.zip"`);
    c.header('Cache-Control', 'no-store');
    return c.body(zip.buffer.slice(zip.byteOffset, zip.byteOffset + zip.byteLength) as ArrayBuffer);
  });
  return app;
}
