import type { Context, MiddlewareHandler } from 'hono';
import type { Kysely, Selectable } from 'kysely';
import type { Role } from '../../shared/protocol.ts';
import type { DevicesTable, Tables } from '../database/tables.ts';
import { hashSecret } from './secrets.ts';

/** The enrolled device making the request. */
export type AuthDevice = Selectable<DevicesTable> & { role: Role };

export type AuthEnv = { Variables: { device: AuthDevice } };

/** Why a token was refused: devices tell "enrol again" (unknown) from "removed by an organizer" (revoked). */
type Reason = 'missing-token' | 'unknown-token' | 'revoked';

function unauthorized(c: Context, reason: Reason, message: string) {
  c.header('WWW-Authenticate', 'Bearer');
  return c.json({ error: 'unauthorized', reason, message }, 401);
}

/**
 * Requires `Authorization: Bearer TOKEN` of an enrolled, non-revoked device (and one of `roles`
 * if given). A revoked token stops at once: every request looks it up.
 */
export function requireDevice(db: Kysely<Tables>, roles?: readonly Role[]): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) return unauthorized(c, 'missing-token', 'This request needs a device token: enrol this device first.');
    const device = await db.selectFrom('devices').selectAll().where('tokenHash', '=', hashSecret(token)).executeTakeFirst();
    if (!device) return unauthorized(c, 'unknown-token', 'Unknown device token: enrol this device again.');
    if (device.revokedAt) return unauthorized(c, 'revoked', 'This device was removed by an organizer: enrol it again to continue.');
    if (roles && !roles.includes(device.role as Role)) {
      return c.json({ error: 'forbidden', message: `A device with the ${device.role} role may not do this.` }, 403);
    }
    c.set('device', device as AuthDevice);
    await next();
  };
}
