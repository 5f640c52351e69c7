import type { Kysely } from 'kysely';
import * as v from 'valibot';
import { OpSchema } from '../../shared/protocol.ts';
import type { Tables } from '../database/tables.ts';
import { applyPush } from '../sync/push.ts';

/** The file a device exports when it never gets a network (src/db/ops-file.ts writes it). */
export const OpsFileSchema = v.object({
  format: v.literal('etape-ops'),
  version: v.literal(1),
  exportedAt: v.string(),
  deviceId: v.string(),
  ops: v.array(OpSchema),
});

export interface ImportReport {
  devices: number;
  ops: number;
  rejected: number;
  /** Devices whose ops stopped at a gap (an earlier op is missing: import the earlier file first). */
  gaps: { deviceId: string; expected: number; got: number }[];
  unknownDevices: string[];
}

/**
 * Applies an ops file on the server with the same idempotency as a push: each author device's
 * ops go through applyPush, so importing a file twice, or after the device synced, changes nothing.
 * Every op must carry its author's signature (devices sign what they export).
 */
export async function importOpsFile(db: Kysely<Tables>, content: unknown, now = new Date()): Promise<ImportReport> {
  const file = v.parse(OpsFileSchema, content);
  const byDevice = new Map<string, typeof file.ops>();
  for (const op of file.ops) byDevice.set(op.deviceId, [...(byDevice.get(op.deviceId) ?? []), op]);
  const report: ImportReport = { devices: byDevice.size, ops: file.ops.length, rejected: 0, gaps: [], unknownDevices: [] };
  for (const [deviceId, ops] of byDevice) {
    const device = await db.selectFrom('devices').select(['id', 'eventId']).where('id', '=', deviceId).executeTakeFirst();
    if (!device) {
      report.unknownDevices.push(deviceId);
      continue;
    }
    ops.sort((a, b) => a.seq - b.seq);
    const result = await applyPush(db, device, ops, undefined, now, { touchPusher: false, verifyAll: true });
    report.rejected += result.rejections.length;
    if (result.gap) report.gaps.push(result.gap);
  }
  return report;
}
