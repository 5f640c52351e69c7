import * as v from 'valibot';
import { signOp, signingKeyOf } from '../shared/op-signature.ts';
import { OpSchema, type Op } from '../shared/protocol.ts';
import { getMeta, putMeta, read, write, type DatabaseRef } from './database.ts';
import { isIdentity } from './device.ts';
import { InvalidWriteError } from './errors.ts';
import { META } from './meta.ts';

/** The file a device with no network writes, to be carried to another device or to the server. */
export interface OpsFile {
  format: 'etape-ops';
  version: 1;
  exportedAt: string;
  deviceId: string | null;
  ops: Op[];
}

const OpsFileSchema = v.object({
  format: v.literal('etape-ops'),
  version: v.literal(1),
  exportedAt: v.string(),
  deviceId: v.nullable(v.string()),
  ops: v.array(OpSchema),
});

/**
 * Every waiting op (this device's and those it forwards), as a JSON-serialisable file. This
 * device signs its own ops with its token, so that the device or server that receives the file
 * can prove who wrote them; forwarded ops keep their author's signature.
 */
export async function exportPendingOps(ref: DatabaseRef, now = () => new Date()): Promise<OpsFile> {
  const { device, ops } = await read(ref, ['outbox', 'meta'], async (tx) => {
    const stored = await getMeta(tx, META.device);
    return { device: isIdentity(stored) ? stored : undefined, ops: await tx.objectStore('outbox').getAll() };
  });
  // WebCrypto is asynchronous: sign after the IndexedDB transaction, never inside it.
  const key = device?.token ? await signingKeyOf(device.token) : undefined;
  const signed = await Promise.all(
    ops.map(async (op) => (key && op.deviceId === device?.deviceId && !op.sig ? { ...op, sig: await signOp(op, key) } : op)),
  );
  // Remembers the last seq exported per author, so that forgetting or re-enrolling the device knows what a file holds.
  await write(ref, ['meta'], async (tx) => {
    const exported = { ...(((await getMeta(tx, META.exported)) ?? {}) as Record<string, number>) };
    for (const op of signed) exported[op.deviceId] = Math.max(exported[op.deviceId] ?? 0, op.seq);
    await putMeta(tx, META.exported, exported);
  });
  return { format: 'etape-ops', version: 1, exportedAt: now().toISOString(), deviceId: device?.deviceId ?? null, ops: signed };
}

/**
 * Queues the ops of a file made by another device, to forward them with this device's pushes.
 * Idempotent: an op already queued (same opId, or same device and seq) is skipped, and so is
 * any op of this very device (it is either still queued or already acknowledged). The server
 * skips ops it has already applied, so importing a file twice, or on two devices, is harmless.
 * A malformed file is refused whole. Ops are not applied to this device's own tables.
 */
export async function importOps(ref: DatabaseRef, file: unknown): Promise<{ added: number; skipped: number }> {
  const parsed = v.safeParse(v.union([OpsFileSchema, v.array(OpSchema)]), file);
  if (!parsed.success) throw new InvalidWriteError(`Not an Étape ops file: ${parsed.issues[0].message}`);
  const ops = Array.isArray(parsed.output) ? parsed.output : parsed.output.ops;
  return write(ref, ['outbox', 'meta'], async (tx) => {
    const device = await getMeta(tx, META.device);
    const ownId = isIdentity(device) ? device.deviceId : undefined;
    const outbox = tx.objectStore('outbox');
    const [byOpId, byKey] = await Promise.all([
      Promise.all(ops.map((op) => outbox.index('opId').getKey(op.opId))),
      Promise.all(ops.map((op) => outbox.getKey([op.deviceId, op.seq]))),
    ]);
    const seenKeys = new Set<string>();
    const seenOpIds = new Set<string>();
    const fresh = ops.filter((op, index) => {
      const key = `${op.deviceId}\u0000${op.seq}`;
      if (op.deviceId === ownId || byOpId[index] || byKey[index] || seenKeys.has(key) || seenOpIds.has(op.opId)) return false;
      seenKeys.add(key);
      seenOpIds.add(op.opId);
      return true;
    });
    for (const op of fresh) await outbox.add(op);
    return { added: fresh.length, skipped: ops.length - fresh.length };
  });
}
