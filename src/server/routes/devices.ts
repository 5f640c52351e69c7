import { Hono } from 'hono';
import * as v from 'valibot';
import { ROLES } from '../../shared/protocol.ts';
import { requireDevice, type AuthEnv } from '../auth/device-auth.ts';
import type { RateLimiter } from '../auth/rate-limit.ts';
import type { Database } from '../database/connect.ts';
import { listDevices, revokeDevice } from '../devices/devices.ts';
import { EnrolmentError, createEnrolmentCode, redeemEnrolmentCode } from '../devices/enrolment.ts';
import { listSecurityLog, logSecurityEvent } from '../security-log.ts';
import { clientAddress, hitByClient, jsonBody } from './request-helpers.ts';

const EnrolSchema = v.object({
  code: v.pipe(v.string(), v.minLength(1, 'code is missing'), v.maxLength(200)),
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'give this device a name'), v.maxLength(80)),
});

const NewCodeSchema = v.object({
  role: v.picklist(ROLES, 'role must be organizer, animator or kiosk'),
  stageId: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(64)))),
  expiresInHours: v.optional(v.pipe(v.number(), v.minValue(0.05), v.maxValue(24 * 30)), 24),
});

/** Enrolment (public, rate-limited), and device management for organizers. */
export function deviceRoutes(database: Database, limiter: RateLimiter): Hono<AuthEnv> {
  const { db } = database;
  const app = new Hono<AuthEnv>();

  app.post('/devices/enroll', async (c) => {
    const wait = hitByClient(limiter, c);
    if (wait > 0) {
      if (limiter.firstRefusal) await logSecurityEvent(db, { kind: 'rate-limited', address: clientAddress(c), detail: { route: 'devices/enroll' } });
      c.header('Retry-After', String(wait));
      return c.json({ error: 'rate-limited', message: `Too many enrolment attempts: try again in ${wait} s.` }, 429);
    }
    const body = v.safeParse(EnrolSchema, await jsonBody(c));
    if (!body.success) return c.json({ error: 'invalid-request', message: body.issues[0].message }, 400);
    try {
      const enrolled = await redeemEnrolmentCode(db, body.output.code, body.output.name);
      await logSecurityEvent(db, {
        kind: 'enrolled',
        eventId: enrolled.event.id,
        deviceId: enrolled.deviceId,
        address: clientAddress(c),
        detail: { role: enrolled.role, stageId: enrolled.stageId ?? null },
      });
      return c.json(enrolled, 201);
    } catch (error) {
      if (error instanceof EnrolmentError) {
        await logSecurityEvent(db, { kind: 'refused-code', address: clientAddress(c), detail: { route: 'devices/enroll', reason: error.code } });
        return c.json({ error: error.code, message: error.message }, error.code === 'used-code' ? 409 : error.code === 'expired-code' ? 410 : 404);
      }
      throw error;
    }
  });

  app.use('/devices', requireDevice(db, ['organizer']));
  app.use('/devices/:id/revoke', requireDevice(db, ['organizer']));
  app.use('/enrolment-codes', requireDevice(db, ['organizer']));
  app.use('/security-log', requireDevice(db, ['organizer']));

  /** The security log of this event (enrolments, revocations, refused codes, limits hit, poster bursts, set-asides). */
  app.get('/security-log', async (c) => c.json({ entries: await listSecurityLog(db, c.get('device').eventId) }));

  app.get('/devices', async (c) => c.json({ devices: await listDevices(db, c.get('device').eventId) }));

  app.post('/devices/:id/revoke', async (c) => {
    const revoked = await revokeDevice(db, c.req.param('id'), new Date(), c.get('device').eventId);
    if (!revoked) return c.json({ error: 'not-found', message: 'No such device in this event.' }, 404);
    await logSecurityEvent(db, { kind: 'revoked', eventId: c.get('device').eventId, deviceId: c.get('device').id, detail: { revoked: c.req.param('id') } });
    return c.json({ revoked: true });
  });

  app.post('/enrolment-codes', async (c) => {
    const body = v.safeParse(NewCodeSchema, await jsonBody(c));
    if (!body.success) return c.json({ error: 'invalid-request', message: body.issues[0].message }, 400);
    const event = await db.selectFrom('events').select('slug').where('id', '=', c.get('device').eventId).executeTakeFirstOrThrow();
    try {
      const created = await createEnrolmentCode(db, {
        eventSlug: event.slug,
        role: body.output.role,
        stageId: body.output.stageId ?? null,
        expiresInMs: body.output.expiresInHours * 3_600_000,
      });
      return c.json({ ...created, path: `/enroll#code=${created.code}` }, 201);
    } catch (error) {
      if (error instanceof EnrolmentError) return c.json({ error: error.code, message: error.message }, 400);
      throw error;
    }
  });

  return app;
}
