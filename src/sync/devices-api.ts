import type { DeviceIdentity } from '../db/device.ts';
import type { Role } from '../shared/protocol.ts';
import { fetchWithTimeout, readJson } from './http.ts';
import { syncHeaders } from './request.ts';

/** Calls of the device-management API (enrolment, and organizers' list, revoke and new codes). */

interface EnrolAnswer {
  token: string;
  deviceId: string;
  role: Role;
  stageId: string | null;
  event: { id: string; slug: string; name: string };
}

/** Trades an enrolment code for this device's identity. Failures are HttpFailures with the server's code. */
export async function enrolDevice(code: string, name: string, baseUrl = ''): Promise<DeviceIdentity & { eventName: string }> {
  const response = await fetchWithTimeout(`${baseUrl}/api/devices/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, name }),
  });
  const body = (await readJson(response, 'The enrolment answer')) as EnrolAnswer;
  return {
    deviceId: body.deviceId,
    token: body.token,
    role: body.role,
    name,
    eventId: body.event.id,
    eventSlug: body.event.slug,
    eventName: body.event.name,
    stageId: body.stageId,
  };
}

/** A device as the organizer's list shows it. */
export interface DeviceListItem {
  id: string;
  name: string;
  role: Role;
  stageId: string | null;
  enrolledAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  pendingOps: number | null;
  /** The poster a participant's phone came through, if it did. */
  posterId?: string | null;
  /** Feedback answers the server holds from this device. */
  answers?: number;
}

/** The devices of the organizer's event. */
export async function listDevices(token: string, baseUrl = ''): Promise<DeviceListItem[]> {
  const response = await fetchWithTimeout(`${baseUrl}/api/devices`, { headers: syncHeaders(token) });
  return ((await readJson(response, 'The device list')) as { devices: DeviceListItem[] }).devices;
}

/** Revokes a device of the organizer's event. */
export async function revokeDevice(token: string, deviceId: string, baseUrl = ''): Promise<void> {
  await fetchWithTimeout(`${baseUrl}/api/devices/${encodeURIComponent(deviceId)}/revoke`, {
    method: 'POST',
    headers: syncHeaders(token),
  });
}

/** A new single-use enrolment code; `path` is `/enroll#code=…`. */
export async function createEnrolmentCode(
  token: string,
  request: { role: Role; stageId: string | null; expiresInHours: number },
  baseUrl = '',
): Promise<{ code: string; expiresAt: string; path: string }> {
  const response = await fetchWithTimeout(`${baseUrl}/api/enrolment-codes`, {
    method: 'POST',
    headers: { ...syncHeaders(token), 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  return (await readJson(response, 'The enrolment code')) as { code: string; expiresAt: string; path: string };
}

/** Trades a stage poster's token for this phone's own device (role kiosk, bound to that stage). */
export async function enrolWithPoster(token: string, stageId: string, baseUrl = ''): Promise<DeviceIdentity & { eventName: string }> {
  const response = await fetchWithTimeout(`${baseUrl}/api/posters/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, stageId }),
  });
  const body = (await readJson(response, 'The poster answer')) as EnrolAnswer;
  return {
    deviceId: body.deviceId,
    token: body.token,
    role: body.role,
    name: 'Poster phone',
    eventId: body.event.id,
    eventSlug: body.event.slug,
    eventName: body.event.name,
    stageId: body.stageId,
    poster: true,
  };
}

/** A stage poster as organizers see it. */
export interface PosterItem {
  id: string;
  stageId: string;
  createdAt: string;
  revokedAt: string | null;
  phones: number;
}

/** The posters of the organizer's event. */
export async function listPosters(token: string, baseUrl = ''): Promise<PosterItem[]> {
  const response = await fetchWithTimeout(`${baseUrl}/api/posters`, { headers: syncHeaders(token) });
  return ((await readJson(response, 'The poster list')) as { posters: PosterItem[] }).posters;
}

/** A new poster for a stage; `path` is `/feedback/STAGE#poster=…` (the token is shown only now). */
export async function createPoster(token: string, stageId: string, baseUrl = ''): Promise<{ id: string; path: string }> {
  const response = await fetchWithTimeout(`${baseUrl}/api/posters`, {
    method: 'POST',
    headers: { ...syncHeaders(token), 'content-type': 'application/json' },
    body: JSON.stringify({ stageId }),
  });
  return (await readJson(response, 'The new poster')) as { id: string; path: string };
}

/** Withdraws a poster: its QR and every phone enrolled through it stop at once. */
export async function revokePoster(token: string, posterId: string, baseUrl = ''): Promise<void> {
  await fetchWithTimeout(`${baseUrl}/api/posters/${encodeURIComponent(posterId)}/revoke`, { method: 'POST', headers: syncHeaders(token) });
}
