import { isIdentity, type DeviceIdentity } from './device.ts';
import { signAll } from './sign-ops.ts';
import { ownPendingRange } from './outbox.ts';
import { all, getMeta, putMeta, read, write, type DatabaseRef } from './database.ts';
import { META } from './meta.ts';
import { PARTICIPANT_TABLES } from './participant-kinds.ts';

/**
 * What a device does when the server says an organizer revoked it (the sync engine hears it): it erases every participant it holds (names, e-mails, organisations), the
 * acknowledged ops it kept (they may name participants) and its token, and keeps its waiting ops, first signed with that token so that the file they are
 * exported to still proves who wrote them. From then on it records and sends nothing
 * (op-logic.ts, engine.ts). Done once; repeating it changes nothing.
 */
export async function eraseRevokedDevice(ref: DatabaseRef, at: string): Promise<void> {
  // WebCrypto is asynchronous: sign outside the transaction, then check nothing was queued meanwhile.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const { identity, ops } = await read(ref, ['meta', 'outbox'], async (tx) => {
      const stored = await getMeta(tx, META.device);
      const identity = isIdentity(stored) && !stored.revokedAt ? stored : undefined;
      return { identity, ops: identity ? await tx.objectStore('outbox').getAll(ownPendingRange(identity.deviceId)) : [] };
    });
    if (!identity) return;
    const signed = await signAll(ops.filter((op) => !op.sig), identity.token);
    const done = await write(ref, ['meta', 'outbox', 'sent', ...PARTICIPANT_TABLES], async (tx) => {
      const stored = await getMeta(tx, META.device);
      if (!isIdentity(stored) || stored.deviceId !== identity.deviceId || stored.revokedAt) return true;
      const outbox = tx.objectStore('outbox');
      const unsigned = (await outbox.getAll(ownPendingRange(identity.deviceId))).filter((op) => !op.sig);
      const byId = new Map(signed.map((op) => [op.opId, op]));
      if (unsigned.some((op) => !byId.has(op.opId))) return false; // queued meanwhile: sign again
      await all((send) => {
        for (const op of unsigned) send(outbox.put(byId.get(op.opId)));
        for (const table of PARTICIPANT_TABLES) send(tx.objectStore(table).clear());
        send(tx.objectStore('sent').clear()); // acknowledged ops: the server has them, and they may name participants
      });
      const revoked: DeviceIdentity = { ...stored, token: '', revokedAt: at };
      await putMeta(tx, META.device, revoked);
      return true;
    });
    if (done) return;
  }
  throw new Error('The device kept writing while its revocation was being recorded: it will be recorded at the next sync.');
}
