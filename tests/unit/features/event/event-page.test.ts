import { beforeEach, describe, expect, it } from 'vitest';

import type { DeviceDatabase } from '../../../support/device-database.ts';
import { changedFields, draftErrors, draftOf, stagesImpact } from '../../../../src/features/event/event-form.ts';
import { setEventFields } from '../../../../src/db/editable.ts';
import { applyChanges } from '../../../../src/sync/apply-changes.ts';
import { sampleProgramme } from '../../fixtures.ts';
import { enrolledDatabase } from '../../db/test-db.ts';

const { event, stages } = sampleProgramme();

describe('the Événement form', () => {
  it('refuses, field by field, an empty name, days out of order, an unknown time zone, a bad e-mail or retention', () => {
    const draft = { ...draftOf(event), name: ' ', endsOn: '2000-01-01', timeZone: 'Europe/Lozere', contactEmail: 'contact', retentionDays: '-3' };
    expect(draftErrors(draft)).toEqual({
      name: 'event.error.name',
      endsOn: 'event.error.dates',
      timeZone: 'event.error.timeZone',
      contactEmail: 'event.error.email',
      retentionDays: 'event.error.retention',
    });
    expect(draftErrors(draftOf(event))).toEqual({});
  });

  it('sends only the fields changed', () => {
    expect(changedFields(event, { ...draftOf(event), place: 'Lozère', retentionDays: '30' })).toEqual({ place: 'Lozère', retentionDays: 30 });
    expect(changedFields(event, draftOf(event))).toEqual({});
  });

  it('says what new dates or a new time zone do to the stages', () => {
    const moved = { ...draftOf(event), startsOn: '2027-05-10', endsOn: '2027-05-13' };
    expect(stagesImpact(event, moved, stages)).toEqual({ outside: stages.length, zoneShift: false });
    expect(stagesImpact(event, draftOf(event), stages)).toEqual({ outside: 0, zoneShift: false });
    expect(stagesImpact(event, { ...draftOf(event), timeZone: 'America/Montreal' }, stages).zoneShift).toBe(true);
  });
});

describe('saving the event on the device', () => {
  let db: DeviceDatabase;
  beforeEach(async () => {
    db = await enrolledDatabase({ role: 'organizer', eventId: event.id });
    await db.events.put(event);
  });

  it('writes the fields at once and queues one event.set, offline, that a pull does not hide', async () => {
    await setEventFields(db, event.id, { name: 'Semaine 2027', contactEmail: 'contact@example.org' });
    expect(await db.events.get(event.id)).toMatchObject({ name: 'Semaine 2027', contactEmail: 'contact@example.org', slug: event.slug });
    const ops = await db.outbox.toArray();
    expect(ops.map((op) => [op.type, op.payload])).toEqual([['event.set', { id: event.id, fields: { name: 'Semaine 2027', contactEmail: 'contact@example.org' } }]]);
    // The server's older record arrives before the edit was pushed: the device keeps showing its edit.
    await applyChanges(db, { changes: [{ seq: 1, entity: 'event', id: event.id, deleted: false, data: { ...event, description: 'du serveur' } }], nextCursor: 1 });
    expect(await db.events.get(event.id)).toMatchObject({ name: 'Semaine 2027', description: 'du serveur' });
  });

  it('saves nothing when nothing changed', async () => {
    await setEventFields(db, event.id, {});
    expect(await db.outbox.toArray()).toEqual([]);
  });
});
