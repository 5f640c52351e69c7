import { describe, expect, it } from 'vitest';
import { recordCheckin } from '../../../src/db/checkins.ts';
import { InvalidWriteError } from '../../../src/db/errors.ts';
import { recordFeedback } from '../../../src/db/feedback.ts';
import { exportPendingOps, importOps } from '../../../src/db/ops-file.ts';
import { write } from '../../../src/db/database.ts';
import { ackOpsIn } from '../../../src/db/outbox.ts';
import { enrolledDatabase } from './test-db.ts';
import { hashSecret } from '../../../src/server/auth/secrets.ts';
import { verifySignature } from '../../../src/server/sync/push.ts';

/** A stand device with no network that recorded two scans and one feedback. */
async function standDevice() {
  const db = await enrolledDatabase({ deviceId: 'stand-1', token: 't-stand' });
  await recordCheckin(db, { participantId: 'p-1', stageId: 'stage-florac', method: 'camera' });
  await recordCheckin(db, { participantId: 'p-2', stageId: 'stage-florac', method: 'search' });
  await recordFeedback(db, { stageId: 'stage-florac', rating: 4, answers: { q1: 'oui' }, comment: 'Très bien' });
  return db;
}

describe('ops files, for a stand that never gets a network', () => {
  it('round-trips through JSON into another device, which queues them under their own device and seq', async () => {
    const stand = await standDevice();
    const file = await exportPendingOps(stand, () => new Date('2026-11-26T18:00:00.000Z'));
    expect(file).toMatchObject({ format: 'etape-ops', version: 1, exportedAt: '2026-11-26T18:00:00.000Z', deviceId: 'stand-1' });
    const carried: unknown = JSON.parse(JSON.stringify(file));

    const phone = await enrolledDatabase({ deviceId: 'phone-2' });
    expect(await importOps(phone, carried)).toEqual({ added: 3, skipped: 0 });
    const forwarded = await phone.outbox.toArray();
    expect(forwarded.map(({ sig: _sig, ...op }) => op)).toEqual(await stand.outbox.toArray());
    // Signed by the stand with its token, as the server checks it (src/server/sync/push.ts).
    for (const op of forwarded) expect(verifySignature(op, hashSecret('t-stand'))).toBe(true);
    expect(verifySignature({ ...forwarded[0]!, seq: 9 }, hashSecret('t-stand'))).toBe(false);
    expect(verifySignature(forwarded[0]!, hashSecret('another-token'))).toBe(false);
  });

  it('is idempotent: importing the same file twice, or an overlapping later file, queues each op once', async () => {
    const stand = await standDevice();
    const first = await exportPendingOps(stand);
    await recordCheckin(stand, { participantId: 'p-3', stageId: 'stage-florac', method: 'camera' });
    const second = await exportPendingOps(stand);

    const phone = await enrolledDatabase({ deviceId: 'phone-2' });
    await importOps(phone, first);
    expect(await importOps(phone, first)).toEqual({ added: 0, skipped: 3 });
    expect(await importOps(phone, second)).toEqual({ added: 1, skipped: 3 });
    expect((await phone.outbox.toArray()).map((op) => op.seq)).toEqual([1, 2, 3, 4]);
  });

  it('does not queue again what the device forwarding them already had acknowledged, nor its own ops', async () => {
    const stand = await standDevice();
    const file = await exportPendingOps(stand);
    expect(await importOps(stand, file)).toEqual({ added: 0, skipped: 3 });
    await write(stand, ['outbox', 'sent'], (tx) => ackOpsIn(tx, { 'stand-1': 3 }, Date.now()));
    expect(await importOps(stand, file)).toEqual({ added: 0, skipped: 3 });
    expect(await stand.outbox.toArray()).toEqual([]);
  });

  it('refuses a file that is not an ops file, whole, and queues nothing', async () => {
    const phone = await enrolledDatabase({ deviceId: 'phone-2' });
    const stand = await standDevice();
    const file = await exportPendingOps(stand);
    const damaged = { ...file, ops: [file.ops[0], { ...file.ops[1], seq: 0 }] };
    await expect(importOps(phone, damaged)).rejects.toBeInstanceOf(InvalidWriteError);
    await expect(importOps(phone, { hello: 'world' })).rejects.toBeInstanceOf(InvalidWriteError);
    expect(await phone.outbox.toArray()).toEqual([]);
  });
});
