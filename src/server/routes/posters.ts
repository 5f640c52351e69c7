import { Hono } from 'hono';
import * as v from 'valibot';
import { requireDevice, type AuthEnv } from '../auth/device-auth.ts';
import type { RateLimiter } from '../auth/rate-limit.ts';
import type { Database } from '../database/connect.ts';
import { PosterError, createPoster, listPosters, redeemPoster, revokePoster } from '../posters/posters.ts';
import { logSecurityEvent } from '../security-log.ts';
import { clientAddress, hitByClient, jsonBody } from './request-helpers.ts';

const RedeemSchema = v.object({
  token: v.pipe(v.string(), v.minLength(1, 'the poster token is missing'), v.maxLength(200)),
  stageId: v.pipe(v.string(), v.minLength(1, 'the stage is missing'), v.maxLength(64)),
});
const NewPosterSchema = v.object({ stageId: v.pipe(v.string(), v.minLength(1, 'choose a stage'), v.maxLength(64)) });

const STATUS = { 'unknown-poster': 404, 'revoked-poster': 410, 'wrong-stage': 409, 'unknown-stage': 400, 'busy-poster': 429 } as const;

/** Stage posters: organizers make, list and revoke them; a participant's phone trades one (rate-limited). */
export function posterRoutes(database: Database, limiter: RateLimiter): Hono<AuthEnv> {
  const { db } = database;
  const app = new Hono<AuthEnv>();

  app.post('/posters/enroll', async (c) => {
    const wait = hitByClient(limiter, c);
    if (wait > 0) {
      if (limiter.firstRefusal) await logSecurityEvent(db, { kind: 'rate-limited', address: clientAddress(c), detail: { route: 'posters/enroll' } });
      c.header('Retry-After', String(wait));
      return c.json({ error: 'rate-limited', message: `Too many attempts from this network: try again in ${wait} s.` }, 429);
    }
    const body = v.safeParse(RedeemSchema, await jsonBody(c));
    if (!body.success) return c.json({ error: 'invalid-request', message: body.issues[0].message }, 400);
    try {
      return c.json({ ...(await redeemPoster(db, body.output.token, body.output.stageId)), poster: true }, 201);
    } catch (error) {
      if (!(error instanceof PosterError)) throw error;
      if (error.code === 'busy-poster') {
        // Phones come through this poster faster than people do: slowed down (per poster, whatever the address), and logged once a minute.
        if (error.poster?.firstRefusal) {
          await logSecurityEvent(db, { kind: 'poster-burst', eventId: error.poster.eventId, address: clientAddress(c), detail: { posterId: error.poster.id } });
        }
        c.header('Retry-After', String(error.retryAfter));
        return c.json({ error: 'rate-limited', message: error.message }, 429);
      }
      if (error.code === 'unknown-poster' || error.code === 'revoked-poster') {
        await logSecurityEvent(db, { kind: 'refused-code', address: clientAddress(c), detail: { route: 'posters/enroll', reason: error.code } });
      }
      return c.json({ error: error.code, message: error.message }, STATUS[error.code]);
    }
  });

  app.use('/posters', requireDevice(db, ['organizer']));
  app.use('/posters/:id/revoke', requireDevice(db, ['organizer']));

  app.get('/posters', async (c) => c.json({ posters: await listPosters(db, c.get('device').eventId) }));

  app.post('/posters', async (c) => {
    const body = v.safeParse(NewPosterSchema, await jsonBody(c));
    if (!body.success) return c.json({ error: 'invalid-request', message: body.issues[0].message }, 400);
    try {
      return c.json(await createPoster(db, c.get('device').eventId, body.output.stageId), 201);
    } catch (error) {
      if (error instanceof PosterError) return c.json({ error: error.code, message: error.message }, STATUS[error.code]);
      throw error;
    }
  });

  app.post('/posters/:id/revoke', async (c) => {
    const done = await revokePoster(db, c.get('device').eventId, c.req.param('id'));
    if (!done) return c.json({ error: 'not-found', message: 'No such poster in this event.' }, 404);
    await logSecurityEvent(db, { kind: 'poster-revoked', eventId: c.get('device').eventId, deviceId: c.get('device').id, detail: { posterId: c.req.param('id') } });
    return c.json({ revoked: true });
  });

  return app;
}
