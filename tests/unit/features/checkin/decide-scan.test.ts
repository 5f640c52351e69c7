import { generateKeyPairSync } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { recordCheckin, voidCheckin } from '../../../../src/db/checkins.ts';
import { eraseParticipant } from '../../../../src/db/editable.ts';

import type { DeviceDatabase } from '../../../support/device-database.ts';
import type { ParticipantRow } from '../../../../src/db/schema.ts';
import { signBadge, walkInBadge } from '../../../../src/shared/badge.ts';
import { repeatGuard, scanCode, type ScanContext } from '../../../../src/features/checkin/decide-scan.ts';
import { enrolledDatabase } from '../../db/test-db.ts';

function eventKeys(id: string) {
  const keys = generateKeyPairSync('ed25519');
  return { id, badgePublicKey: keys.publicKey.export({ format: 'jwk' }).x!, privateKey: keys.privateKey.export({ format: 'jwk' }).d! };
}

const event = eventKeys('event-1');
const otherEvent = eventKeys('event-2');
const helene: ParticipantRow = {
  id: 'p-helene',
  eventId: 'event-1',
  name: 'Hélène Martin',
  organisation: 'Tiers-lieu de Florac',
  profile: 'association',
  email: null,
  badgeCode: '',
  origin: 'import',
  consent: true,
};

describe('deciding a scan on the device', () => {
  let db: DeviceDatabase;
  let clock: number;
  let context: ScanContext;
  beforeEach(async () => {
    db = await enrolledDatabase();
    clock = Date.UTC(2026, 10, 26, 13, 2);
    context = { event, stageId: 'stage-florac', method: 'camera', now: () => new Date(clock) };
    await db.participants.put({ ...helene, badgeCode: await signBadge(event.privateKey, event.id, helene.id) });
  });

  it('green: a signed badge of a known participant is checked in, committed with its op', async () => {
    const outcome = await scanCode(db, await signBadge(event.privateKey, event.id, helene.id), context);
    expect(outcome).toMatchObject({ kind: 'welcome', participant: { name: 'Hélène Martin' }, checkin: { participantId: helene.id, method: 'camera' } });
    expect(await db.checkins.count()).toBe(1);
    expect((await db.outbox.toArray()).map((op) => op.type)).toEqual(['checkin.record']);
  });

  it('amber: a later scan is a repeat, kept, naming the earliest check-in with its time and device', async () => {
    const code = await signBadge(event.privateKey, event.id, helene.id);
    await scanCode(db, code, context);
    clock += 40 * 60_000;
    const outcome = await scanCode(db, code, { ...context, method: 'scanner' });
    expect(outcome).toMatchObject({ kind: 'repeat', earlier: { scannedAt: '2026-11-26T13:02:00.000Z', deviceId: 'phone-florac' } });
    expect(await db.checkins.count()).toBe(2);
  });

  it('a voided earlier check-in does not make the next scan a repeat', async () => {
    const first = await recordCheckin(db, { participantId: helene.id, stageId: 'stage-florac', method: 'camera' });
    await voidCheckin(db, first.id);
    expect((await scanCode(db, await signBadge(event.privateKey, event.id, helene.id), context)).kind).toBe('welcome');
  });

  it('red, each with its reason, and nothing written: another event, forged, erased, not Étape', async () => {
    const other = await signBadge(otherEvent.privateKey, otherEvent.id, helene.id);
    expect(await scanCode(db, other, context)).toEqual({ kind: 'refused', reason: 'other-event' });
    const forged = await signBadge(otherEvent.privateKey, event.id, helene.id); // right event, wrong key
    expect(await scanCode(db, forged, context)).toEqual({ kind: 'refused', reason: 'forged' });
    expect(await scanCode(db, 'https://example.org/', context)).toEqual({ kind: 'refused', reason: 'not-etape' });
    await eraseParticipant(db, helene.id);
    expect(await scanCode(db, await signBadge(event.privateKey, event.id, helene.id), context)).toEqual({ kind: 'refused', reason: 'erased' });
    expect(await db.checkins.count()).toBe(0);
  });

  it('accepts a correctly signed badge whose participant has not reached this device yet', async () => {
    const outcome = await scanCode(db, await signBadge(event.privateKey, event.id, 'p-not-here'), context);
    expect(outcome).toMatchObject({ kind: 'welcome', participant: undefined, checkin: { participantId: 'p-not-here' } });
    expect(await db.checkins.count()).toBe(1);
  });

  it('a walk-in badge: accepted once the participant is on the device, refused before, forged if the code differs', async () => {
    const code = walkInBadge('event-1', 'w-1');
    expect(await scanCode(db, code, context)).toEqual({ kind: 'refused', reason: 'walk-in-unknown' });
    await db.participants.put({ ...helene, id: 'w-1', name: 'Noël Pradal', origin: 'walk-in', badgeCode: code });
    expect(await scanCode(db, code, context)).toMatchObject({ kind: 'welcome', participant: { name: 'Noël Pradal' } });
    await db.participants.put({ ...helene, id: 'w-2', origin: 'walk-in', badgeCode: walkInBadge('event-1', 'w-other') });
    expect(await scanCode(db, walkInBadge('event-1', 'w-2'), context)).toEqual({ kind: 'refused', reason: 'forged' });
    expect(await db.checkins.count()).toBe(1);
  });

  it('ignores the same code read again within 3 s: no second check-in, no second outcome', async () => {
    const code = await signBadge(event.privateKey, event.id, helene.id);
    const guarded = { ...context, ignore: repeatGuard(3_000) };
    expect((await scanCode(db, code, guarded)).kind).toBe('welcome');
    clock += 2_999;
    expect(await scanCode(db, `${code}\n`, guarded)).toEqual({ kind: 'ignored' });
    expect(await scanCode(db, 'not a badge', guarded)).toMatchObject({ kind: 'refused' }); // another code is answered
    expect(await scanCode(db, 'not a badge', guarded)).toEqual({ kind: 'ignored' });
    clock += 1;
    expect((await scanCode(db, code, guarded)).kind).toBe('repeat');
    expect(await db.checkins.count()).toBe(2);
  });
});
