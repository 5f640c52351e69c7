import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { createEnrolmentCode } from '../../src/server/devices/enrolment.ts';
import type { Database } from '../../src/server/database/connect.ts';
import { encodeHlc } from '../../src/shared/hlc.ts';
import { SCHEMA_VERSION, type Op, type OpType, type PullResponse, type PushResponse, type Role } from '../../src/shared/protocol.ts';

/** A device enrolled through the real API, with its own op counter. */
export interface TestDevice {
  token: string;
  deviceId: string;
  name: string;
  role: Role;
  seq: number;
  op(type: OpType | string, payload: unknown, options?: { hlcMs?: number }): Op;
  push(ops: unknown[], extra?: Record<string, unknown>): Promise<{ status: number; body: PushResponse & { error?: string; message?: string } }>;
  pull(cursor?: number, limit?: number): Promise<{ status: number; body: PullResponse & { error?: string } }>;
  pullAll(): Promise<PullResponse['changes']>;
}

/** Enrols a device of the demo event (or of `eventSlug`) through POST /api/devices/enroll. */
export async function enrolDevice(
  app: Hono,
  database: Database,
  role: Role,
  name = `${role}-${randomUUID().slice(0, 4)}`,
  { stageId = null, eventSlug = 'tiers-lieux-lozere' }: { stageId?: string | null; eventSlug?: string } = {},
): Promise<TestDevice> {
  const { code } = await createEnrolmentCode(database.db, { eventSlug, role, stageId, expiresInMs: 60_000 });
  const response = await app.request('/api/devices/enroll', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, name }),
  });
  if (response.status !== 201) throw new Error(`enrolment failed: ${response.status} ${await response.text()}`);
  const enrolled = (await response.json()) as { token: string; deviceId: string };
  const auth = { authorization: `Bearer ${enrolled.token}` };
  const device: TestDevice = {
    token: enrolled.token,
    deviceId: enrolled.deviceId,
    name,
    role,
    seq: 0,
    op(type, payload, options = {}) {
      device.seq += 1;
      const hlc = encodeHlc({ wallMs: options.hlcMs ?? Date.now(), counter: device.seq, node: device.deviceId });
      return { opId: randomUUID(), deviceId: device.deviceId, seq: device.seq, type, payload, hlc, schemaVersion: SCHEMA_VERSION };
    },
    async push(ops, extra = {}) {
      const res = await app.request('/api/sync/push', {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ ops, ...extra }),
      });
      return { status: res.status, body: (await res.json()) as never };
    },
    async pull(cursor = 0, limit = 1000) {
      const res = await app.request(`/api/sync/pull?cursor=${cursor}&limit=${limit}`, { headers: auth });
      return { status: res.status, body: (await res.json()) as never };
    },
    async pullAll() {
      const all: PullResponse['changes'] = [];
      let cursor = 0;
      for (let page = 0; page < 1000; page += 1) {
        const { body } = await device.pull(cursor, 500);
        all.push(...body.changes);
        cursor = body.nextCursor;
        if (!body.hasMore) break;
      }
      return all;
    },
  };
  return device;
}

/** Ids of the seeded demo week: stages in time order and participants by name. */
export async function demoIds(database: Database) {
  const stages = await database.db.selectFrom('stages').select(['id', 'town']).orderBy('startsAt').execute();
  const participants = await database.db.selectFrom('participants').select(['id', 'name', 'badgeCode']).orderBy('name').execute();
  return { stages, participants };
}

/** A check-in op payload. */
export function checkin(participantId: string, stageId: string, id = randomUUID()) {
  return { id, participantId, stageId, scannedAt: new Date().toISOString(), method: 'camera' as const };
}
