import { describe, expect, it } from 'vitest';
import { recordCheckin } from '../../../src/db/checkins.ts';
import { readIdentity } from '../../../src/db/device.ts';
import { DeviceRevokedError } from '../../../src/db/errors.ts';
import { exportPendingOps } from '../../../src/db/ops-file.ts';
import { signOp, signingKeyOf } from '../../../src/shared/op-signature.ts';
import { createSyncEngine } from '../../../src/sync/engine.ts';
import { enrolledDatabase } from '../db/test-db.ts';
import { fakeSyncServer } from './fake-server.ts';

/** The server's answer to a revoked token (src/server/auth/device-auth.ts). */
const revoked = () =>
  new Response(JSON.stringify({ error: 'unauthorized', reason: 'revoked', message: 'This device was revoked by an organizer.' }), {
    status: 401,
    headers: { 'content-type': 'application/json' },
  });

describe('a device told it is revoked', () => {
  it('erases the participants it holds and its token, keeps its waiting ops signed for export, and says so', async () => {
    const db = await enrolledDatabase();
    await db.participants.bulkPut([
      { id: 'p-1', eventId: 'event-1', name: 'Anaïs Brunel', organisation: 'Mairie', profile: 'elected', email: 'anais@example.fr', badgeCode: 'E1.x', origin: 'import', consent: true },
      { id: 'p-2', eventId: 'event-1', name: 'Marc Roux', organisation: '', profile: 'other', email: null, badgeCode: 'E1.y', origin: 'import', consent: true },
    ] as never);
    await recordCheckin(db, { participantId: 'p-1', stageId: 'stage-florac', method: 'camera' });
    await db.sent.put({ opId: 'o-0', deviceId: 'phone-florac', seq: 0, type: 'participant.set', payload: { id: 'p-9', fields: { name: 'Lise Dumas' } }, hlc: 'x', schemaVersion: 1, ackedAt: 0 });
    const server = fakeSyncServer();
    server.failNext(revoked);
    const engine = createSyncEngine({ db, fetchImpl: server.fetchImpl, triggers: false });
    const status = await engine.syncNow();

    expect(status.lastError).toMatchObject({ kind: 'revoked' });
    expect(status.nextAttemptAt).toBeNull();
    const identity = await readIdentity(db);
    expect(identity).toMatchObject({ deviceId: 'phone-florac', token: '' });
    expect(identity?.revokedAt).toEqual(expect.any(String));
    expect(await db.participants.count()).toBe(0);
    expect(await db.sent.count()).toBe(0);
    expect(JSON.stringify(await db.meta.toArray())).not.toContain('token-florac');

    const file = await exportPendingOps(db);
    expect(file.ops).toHaveLength(1);
    const { sig, ...unsigned } = file.ops[0]!;
    expect(sig).toBe(await signOp(unsigned, await signingKeyOf('token-florac')));

    // Nothing more is sent, and nothing more is recorded.
    await engine.syncNow();
    expect(server.requests).toHaveLength(1);
    await expect(recordCheckin(db, { participantId: 'p-2', stageId: 'stage-florac', method: 'camera' })).rejects.toBeInstanceOf(DeviceRevokedError);
  });

  it('keeps everything on a 401 that does not say revoked (a proxy, an unknown token)', async () => {
    const db = await enrolledDatabase();
    await db.participants.put({ id: 'p-1', eventId: 'event-1', name: 'Anaïs Brunel', organisation: '', profile: 'other', email: null, badgeCode: 'E1.x', origin: 'import', consent: true } as never);
    const server = fakeSyncServer();
    server.failNext(() => new Response('Unauthorized', { status: 401 }));
    const engine = createSyncEngine({ db, fetchImpl: server.fetchImpl, triggers: false });
    expect((await engine.syncNow()).lastError).toMatchObject({ kind: 'unauthorized' });
    expect(await readIdentity(db)).toMatchObject({ token: 'token-florac' });
    expect(await db.participants.count()).toBe(1);
  });
});
