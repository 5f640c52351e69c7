import { Hono } from 'hono';
import { sql } from 'kysely';
import type { Database } from '../database/connect.ts';
import { VERSION } from '../version.ts';

/** GET /api/health: the server is up and its database answers. */
export function healthRoutes(database: Database): Hono {
  return new Hono().get('/', async (c) => {
    try {
      await sql`select 1`.execute(database.db);
    } catch {
      return c.json({ ok: false, version: VERSION, database: database.kind, error: 'database unavailable' }, 503);
    }
    return c.json({ ok: true, version: VERSION, database: database.kind });
  });
}
