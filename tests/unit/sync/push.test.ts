import { describe, expect, it } from 'vitest';
import { recordCheckin } from '../../../src/db/checkins.ts';
import { exportPendingOps, importOps } from '../../../src/db/ops-file.ts';
import { countPending } from '../../../src/db/outbox.ts';
import { META } from '../../../src/db/meta.ts';
import { readMeta, type DeviceDatabase } from '../../support/device-database.ts';
import type { Op, Rejection } from '../../../src/shared/protocol.ts';
import { HttpFailure } from '../../../src/sync/http.ts';
import { push } from '../../../src/sync/push.ts';
import { onTablesChanged } from '../../../src/db/table-changes.ts';
import { enrolledDatabase } from '../db/test-db.ts';
import { answer, fakeSyncServer } from './fake-server.ts';

async function scans(db: DeviceDatabase, count: number) {
  for (let i = 0; i < count; i += 1) await recordCheckin(db, { participantId: `p-${i}`, stageId: 'stage-florac', method: 'camera' });
}

describe('push', () => {
  it('sends the waiting ops in seq order with the device token and the count still waiting, then forgets the acknowledged ones', async () => {
    const db = await enrolledDatabase();
    await scans(db, 5);
    const server = fakeSyncServer();
    const result = await push({ db, baseUrl: '', token: 'token-florac', fetchImpl: server.fetchImpl, batchSize: 2 });
    expect(result.acked).toBe(5);
    expect(server.applied.map((op) => op.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(server.pushes().map((r) => (r.body as { pending: number }).pending)).toEqual([3, 1, 0]);
    expect(server.pushes().every((r) => r.auth === 'Bearer token-florac')).toBe(true);
    expect(await countPending(db)).toBe(0);
  });

  it('announces the check-ins changed only when a rejection undid one: the check-in screen does not re-read its stage after each push', async () => {
    const db = await enrolledDatabase();
    await scans(db, 2);
    const announced: string[][] = [];
    const stop = onTablesChanged(db.name, (tables) => announced.push([...tables].sort()));
    const server = fakeSyncServer({ reject: (op) => (op.seq === 3 ? 'unknown-participant' : undefined) });
    try {
      await push({ db, baseUrl: '', token: 't', fetchImpl: server.fetchImpl });
      expect(announced).toEqual([['meta', 'outbox', 'sent']]);
      await scans(db, 1);
      announced.length = 0;
      await push({ db, baseUrl: '', token: 't', fetchImpl: server.fetchImpl });
      expect(announced).toEqual([['attendance', 'attendanceLog', 'checkins', 'feedback', 'meta', 'outbox', 'sent', 'stageCounts']]);
      expect(await db.checkins.count()).toBe(2); // the refused one undone
    } finally {
      stop();
    }
  });

  it('keeps the acknowledged ops 7 days, then drops them', async () => {
    const db = await enrolledDatabase();
    const server = fakeSyncServer();
    const day = 24 * 3_600_000;
    const start = Date.parse('2026-11-20T10:00:00.000Z');
    await scans(db, 2);
    await push({ db, baseUrl: '', token: 't', fetchImpl: server.fetchImpl, now: () => start });
    expect((await db.sent.toArray()).map((op) => [op.seq, op.ackedAt])).toEqual([[1, start], [2, start]]);
    await scans(db, 1);
    await push({ db, baseUrl: '', token: 't', fetchImpl: server.fetchImpl, now: () => start + 7 * day });
    expect((await db.sent.toArray()).map((op) => op.seq)).toEqual([1, 2, 3]);
    await scans(db, 1);
    await push({ db, baseUrl: '', token: 't', fetchImpl: server.fetchImpl, now: () => start + 7 * day + 1 });
    expect((await db.sent.toArray()).map((op) => op.seq)).toEqual([3, 4]);
    expect(await countPending(db)).toBe(0);
  });

  it('halves the batch on 413 until the server takes it, and keeps that size', async () => {
    const db = await enrolledDatabase();
    await scans(db, 10);
    const server = fakeSyncServer({ maxOps: 3 });
    await push({ db, baseUrl: '', token: 't', fetchImpl: server.fetchImpl, batchSize: 8 });
    expect(server.pushes().map((r) => (r.body as { ops: Op[] }).ops.length)).toEqual([8, 4, 2, 2, 2, 2, 2]);
    expect(server.applied.map((op) => op.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await countPending(db)).toBe(0);
  });

  it('gives up with the 413 when even one op is too large, and keeps it', async () => {
    const db = await enrolledDatabase();
    await scans(db, 2);
    const server = fakeSyncServer({ maxOps: 0 });
    const failure = await push({ db, baseUrl: '', token: 't', fetchImpl: server.fetchImpl, batchSize: 2 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(HttpFailure);
    expect((failure as HttpFailure).status).toBe(413);
    expect(server.pushes().map((r) => (r.body as { ops: Op[] }).ops.length)).toEqual([2, 1]);
    expect(await countPending(db)).toBe(2);
  });

  it('acknowledges rejected ops too, so the queue goes on, and keeps the rejections to show', async () => {
    const db = await enrolledDatabase();
    await scans(db, 3);
    const server = fakeSyncServer({ reject: (op) => (op.seq === 2 ? 'unknown-participant' : undefined) });
    const result = await push({ db, baseUrl: '', token: 't', fetchImpl: server.fetchImpl });
    expect(await countPending(db)).toBe(0);
    expect(result.rejections.map((r) => r.seq)).toEqual([2]);
    expect(((await readMeta(db, META.rejections)) as Rejection[]).map((r) => [r.seq, r.code])).toEqual([[2, 'unknown-participant']]);
  });

  it('removes from the device a check-in the server refused, so that it is not counted here either', async () => {
    const db = await enrolledDatabase();
    const kept = await recordCheckin(db, { participantId: 'p-1', stageId: 'stage-florac', method: 'camera' });
    const refused = await recordCheckin(db, { participantId: 'p-2', stageId: 'stage-deleted', method: 'camera' });
    const server = fakeSyncServer({ reject: (op) => ((op.payload as { stageId: string }).stageId === 'stage-deleted' ? 'unknown-stage' : undefined) });
    await push({ db, baseUrl: '', token: 't', fetchImpl: server.fetchImpl });
    expect((await db.checkins.toArray()).map((c) => c.id)).toEqual([kept.id]);
    expect(await db.checkins.get(refused.id)).toBeUndefined();
  });

  it('sends again after a lost answer without anything applied twice', async () => {
    const db = await enrolledDatabase();
    await scans(db, 3);
    const server = fakeSyncServer();
    server.loseNextAnswer();
    await expect(push({ db, baseUrl: '', token: 't', fetchImpl: server.fetchImpl })).rejects.toMatchObject({ kind: 'offline' });
    expect(await countPending(db)).toBe(3);
    await push({ db, baseUrl: '', token: 't', fetchImpl: server.fetchImpl });
    expect(server.applied.map((op) => op.seq)).toEqual([1, 2, 3]);
    expect(await countPending(db)).toBe(0);
  });

  it('keeps an error answer as it is and forgets nothing', async () => {
    const db = await enrolledDatabase();
    await scans(db, 1);
    const server = fakeSyncServer();
    server.failNext(answer(401, 'revoked', 'This device was removed'));
    const failure = await push({ db, baseUrl: '', token: 't', fetchImpl: server.fetchImpl }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ status: 401, code: 'revoked' });
    expect(await countPending(db)).toBe(1);
  });

  it('sends its own ops even when forwarded ops of another device wait behind a gap', async () => {
    const stand = await enrolledDatabase({ deviceId: 'a-stand' });
    await scans(stand, 3);
    const file = await exportPendingOps(stand);
    const db = await enrolledDatabase({ deviceId: 'phone-florac' });
    await importOps(db, { ...file, ops: file.ops.slice(1) }); // seq 1 of the stand never reached this phone
    await scans(db, 2);

    const server = fakeSyncServer();
    const result = await push({ db, baseUrl: '', token: 't', fetchImpl: server.fetchImpl });
    expect(server.applied.map((op) => `${op.deviceId}:${op.seq}`)).toEqual(['phone-florac:1', 'phone-florac:2']);
    expect(result.gaps).toEqual([{ deviceId: 'a-stand', expected: 1, got: 2 }]);
    expect((await db.outbox.toArray()).map((op) => `${op.deviceId}:${op.seq}`)).toEqual(['a-stand:2', 'a-stand:3']);
  });
});

describe('push with forwarded ops the server refuses whole', () => {
  it('sets that device aside and still sends this device’s own ops', async () => {
    const stand = await enrolledDatabase({ deviceId: 'stand-1', token: 't-stand' });
    await scans(stand, 2);
    const phone = await enrolledDatabase({ deviceId: 'phone-1' });
    await importOps(phone, await exportPendingOps(stand));
    await scans(phone, 1);
    const server = fakeSyncServer();
    const fetchImpl: typeof fetch = async (input, init) => {
      const body = JSON.parse(String(init?.body)) as { ops: Op[] };
      if (body.ops[0]?.deviceId === 'stand-1') {
        return new Response(JSON.stringify({ error: 'invalid-request', message: 'Op 0 is not a valid op' }), { status: 400 });
      }
      return server.fetchImpl(input, init);
    };
    const result = await push({ db: phone, baseUrl: '', token: 't', fetchImpl });
    expect(server.applied.map((op) => op.deviceId)).toEqual(['phone-1']);
    expect(result.refused).toEqual([{ deviceId: 'stand-1', reason: expect.stringContaining('Op 0 is not a valid op') }]);
    expect((await phone.outbox.toArray()).map((op) => op.deviceId)).toEqual(['stand-1', 'stand-1']);
  });
});
