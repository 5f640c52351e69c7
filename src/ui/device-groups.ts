import type { DeviceListItem } from '../sync/devices-api.ts';

/** All the participants' phones that came through one poster, as one line. */
export interface PosterLine {
  posterId: string;
  stageId: string | null;
  phones: number;
  answers: number;
  lastSeenAt: string | null;
  pendingOps: number | null;
}

export type DeviceLine = { kind: 'device'; device: DeviceListItem } | ({ kind: 'poster' } & PosterLine);

/**
 * The device list as organizers read it: staff devices one a line, participants' phones one line
 * per poster (a poster can bring hundreds), at the place of its most recently seen phone.
 */
export function groupPosterPhones(devices: readonly DeviceListItem[]): DeviceLine[] {
  const lines: DeviceLine[] = [];
  const posters = new Map<string, PosterLine & { kind: 'poster' }>();
  for (const device of devices) {
    if (!device.posterId) {
      lines.push({ kind: 'device', device });
      continue;
    }
    let line = posters.get(device.posterId);
    if (!line) {
      line = { kind: 'poster', posterId: device.posterId, stageId: device.stageId, phones: 0, answers: 0, lastSeenAt: null, pendingOps: 0 };
      posters.set(device.posterId, line);
      lines.push(line);
    }
    line.phones += 1;
    line.answers += device.answers ?? 0;
    if (device.lastSeenAt && (!line.lastSeenAt || device.lastSeenAt > line.lastSeenAt)) line.lastSeenAt = device.lastSeenAt;
    line.pendingOps = line.pendingOps === null || device.pendingOps === null ? null : line.pendingOps + device.pendingOps;
  }
  return lines;
}
