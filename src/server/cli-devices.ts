import { readFile } from 'node:fs/promises';
import * as v from 'valibot';
import { ROLES, type Role } from '../shared/protocol.ts';
import { DEMO_EVENT_SLUG } from '../shared/programme.ts';
import type { ServerConfig } from './config.ts';
import type { Database } from './database/connect.ts';
import { listDevices, revokeDevice } from './devices/devices.ts';
import { EnrolmentError, createEnrolmentCode } from './devices/enrolment.ts';
import { importOpsFile } from './devices/import-ops.ts';
import { logSecurityEvent } from './security-log.ts';
import { terminalQr } from './terminal-qr.ts';

/** A mistake in how a command was called; the message says how to call it. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Out = (line: string) => void;

/** "24h", "30m", "7d" to milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(m|h|d)$/.exec(text.trim());
  if (!match) throw new UsageError(`--expires takes a duration such as 30m, 24h or 7d, not "${text}".`);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'];
  const ms = Number(match[1]) * unit;
  if (ms <= 0 || ms > 30 * 86_400_000) throw new UsageError('--expires must be more than 0 and at most 30d.');
  return ms;
}

/** The address phones should open, from the server's settings. */
export function publicBaseUrl(config: ServerConfig): string {
  const host = ['0.0.0.0', '::', ''].includes(config.host) ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

/** Prints an enrolment link and its QR code. */
export async function printEnrolmentLink(out: Out, baseUrl: string, code: string, role: Role, expiresAt: string): Promise<void> {
  const link = `${baseUrl}/enroll#code=${code}`;
  out(`Enrolment link for a device with the ${role} role (single use, expires ${expiresAt}):`);
  out(`  ${link}`);
  out(await terminalQr(link));
}

/** etape enroll --role R [--event SLUG] [--stage ID] [--expires 24h] */
export async function enrollCommand(
  database: Database,
  config: ServerConfig,
  values: Record<string, string | boolean | undefined>,
  out: Out,
): Promise<number> {
  const role = values.role;
  if (typeof role !== 'string' || !v.is(v.picklist(ROLES), role)) {
    throw new UsageError(`--role must be one of ${ROLES.join(', ')}.`);
  }
  const expiresInMs = parseDuration(typeof values.expires === 'string' ? values.expires : '24h');
  try {
    const created = await createEnrolmentCode(database.db, {
      eventSlug: typeof values.event === 'string' ? values.event : await defaultEventSlug(database),
      role,
      stageId: typeof values.stage === 'string' ? values.stage : null,
      expiresInMs,
    });
    await printEnrolmentLink(out, publicBaseUrl(config), created.code, role, created.expiresAt);
    return 0;
  } catch (error) {
    if (error instanceof EnrolmentError) throw new UsageError(error.message);
    throw error;
  }
}

/** The event a command means when none is named: the only event, else the demo week; otherwise ask for --event. */
export async function defaultEventSlug(database: Database): Promise<string> {
  const slugs = (await database.db.selectFrom('events').select('slug').execute()).map((row) => row.slug);
  if (slugs.length === 1) return slugs[0]!;
  if (slugs.includes(DEMO_EVENT_SLUG)) return DEMO_EVENT_SLUG;
  if (slugs.length === 0) throw new UsageError('There is no event yet: create one with "etape event create" (see "etape --help").');
  throw new UsageError(`Say which event with --event SLUG: ${slugs.join(', ')}.`);
}

/** etape devices [--event SLUG] */
export async function devicesCommand(database: Database, out: Out, slug?: string): Promise<number> {
  const wanted = slug ?? (await defaultEventSlug(database));
  const event = await database.db.selectFrom('events').select('id').where('slug', '=', wanted).executeTakeFirst();
  if (!event) throw new UsageError(`No event "${wanted}" (see "etape event list").`);
  const devices = await listDevices(database.db, event.id);
  if (devices.length === 0) {
    out('No device is enrolled yet. Make an enrolment link with "etape enroll --role organizer".');
    return 0;
  }
  out(['id', 'name', 'role', 'stage', 'last seen', 'ops waiting', 'revoked'].join('\t'));
  for (const d of devices) {
    out([d.id, d.name, d.role, d.stageId ?? '-', d.lastSeenAt ?? 'never', d.pendingOps ?? '?', d.revokedAt ?? '-'].join('\t'));
  }
  return 0;
}

/** etape revoke ID */
export async function revokeCommand(database: Database, id: string | undefined, out: Out): Promise<number> {
  if (!id) throw new UsageError('revoke needs the id of a device (see "etape devices").');
  if (!(await revokeDevice(database.db, id))) throw new UsageError(`No device "${id}".`);
  const device = await database.db.selectFrom('devices').select('eventId').where('id', '=', id).executeTakeFirst();
  await logSecurityEvent(database.db, { kind: 'revoked', eventId: device?.eventId ?? null, detail: { revoked: id, by: 'command line' } });
  out(`Device ${id} is revoked: its next request will be refused.`);
  return 0;
}

/** etape import-ops FILE */
export async function importOpsCommand(database: Database, file: string | undefined, out: Out): Promise<number> {
  if (!file) throw new UsageError('import-ops needs the path of a file exported by a device.');
  let content: unknown;
  try {
    content = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read ${file} as JSON: ${(error as Error).message}`);
  }
  let report;
  try {
    report = await importOpsFile(database.db, content);
  } catch (error) {
    if (error instanceof v.ValiError) throw new UsageError(`${file} is not an Étape ops file: ${error.message}`);
    throw error;
  }
  out(`Imported ${report.ops} op(s) from ${report.devices} device(s); ${report.rejected} rejected (see the rejections list).`);
  for (const gap of report.gaps) {
    out(`Device ${gap.deviceId}: stopped at op ${gap.got}, op ${gap.expected} is missing. Import the earlier file first.`);
  }
  for (const id of report.unknownDevices) out(`Device ${id} is not enrolled on this server: its ops were left out.`);
  return report.gaps.length || report.unknownDevices.length ? 1 : 0;
}
