import { describe, expect, it } from 'vitest';
import type { DeviceListItem } from '../../../src/sync/devices-api.ts';
import { groupPosterPhones } from '../../../src/ui/device-groups.ts';

const device = (id: string, more: Partial<DeviceListItem> = {}): DeviceListItem => ({
  id, name: id, role: 'kiosk', stageId: 'florac', enrolledAt: '2026-12-01T08:00:00Z', lastSeenAt: null, revokedAt: null, pendingOps: 0, ...more,
});

describe('the device list grouped for organizers', () => {
  it('shows one line per poster with its phones and answers, staff devices one a line', () => {
    const lines = groupPosterPhones([
      device('laptop', { role: 'organizer', stageId: null, lastSeenAt: '2026-12-01T10:00:00Z' }),
      device('phone-1', { posterId: 'poster-florac', answers: 2, lastSeenAt: '2026-12-01T09:00:00Z', pendingOps: 1 }),
      device('tablet', { answers: 40 }),
      device('phone-2', { posterId: 'poster-florac', answers: 1, lastSeenAt: '2026-12-01T09:30:00Z', pendingOps: 2 }),
      device('phone-3', { posterId: 'poster-mende', stageId: 'mende', answers: 0, pendingOps: null }),
    ]);
    expect(lines.map((line) => (line.kind === 'device' ? line.device.id : line.posterId))).toEqual(['laptop', 'poster-florac', 'tablet', 'poster-mende']);
    expect(lines[1]).toEqual({ kind: 'poster', posterId: 'poster-florac', stageId: 'florac', phones: 2, answers: 3, lastSeenAt: '2026-12-01T09:30:00Z', pendingOps: 3 });
    expect(lines[3]).toMatchObject({ phones: 1, answers: 0, pendingOps: null });
  });
});
