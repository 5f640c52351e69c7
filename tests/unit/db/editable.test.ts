import { beforeEach, describe, expect, it } from 'vitest';
import { deleteRecord, deleteStage, eraseParticipant, setFields } from '../../../src/db/editable.ts';
import { InvalidWriteError } from '../../../src/db/errors.ts';

import type { DeviceDatabase } from '../../support/device-database.ts';
import { sampleProgramme } from '../fixtures.ts';
import { enrolledDatabase } from './test-db.ts';

describe('editing stages, talks and participants on the device', () => {
  let db: DeviceDatabase;
  beforeEach(async () => {
    db = await enrolledDatabase({ role: 'organizer' });
    const { stages, talks } = sampleProgramme();
    await db.stages.bulkPut(stages);
    await db.talks.bulkPut(talks);
  });

  it('changes only the fields edited, at once, and queues exactly those fields', async () => {
    await setFields(db, 'stage', 'stage-florac', { venue: 'Salle polyvalente', hosts: ['Mairie de Florac'] });
    expect(await db.stages.get('stage-florac')).toMatchObject({ title: 'Florac', venue: 'Salle polyvalente', hosts: ['Mairie de Florac'] });
    const [op] = await db.outbox.toArray();
    expect(op).toMatchObject({ type: 'stage.set', payload: { id: 'stage-florac', fields: { venue: 'Salle polyvalente', hosts: ['Mairie de Florac'] } } });
  });

  it('creates a walk-in participant in the device’s event', async () => {
    await setFields(db, 'participant', 'walk-in-1', {
      name: 'Hélène Martin',
      organisation: 'Tiers-lieu de Meyrueis',
      profile: 'association',
      email: null,
      badgeCode: 'E1.walk-in-1.sig',
      origin: 'walk-in',
      consent: true,
    });
    expect(await db.participants.get('walk-in-1')).toMatchObject({ id: 'walk-in-1', eventId: 'event-1', name: 'Hélène Martin' });
    expect(await db.participants.where('eventId').equals('event-1').count()).toBe(1);
  });

  it('deletes a talk at once and queues the delete', async () => {
    await deleteRecord(db, 'talk', 'talk-1');
    expect(await db.talks.get('talk-1')).toBeUndefined();
    expect((await db.outbox.toArray()).map((op) => op.type)).toEqual(['talk.delete']);
  });

  it('deletes a stage with its talks in one go, talks first', async () => {
    await deleteStage(db, 'stage-langogne');
    expect(await db.stages.get('stage-langogne')).toBeUndefined();
    expect(await db.talks.where('stageId').equals('stage-langogne').count()).toBe(0);
    expect((await db.outbox.toArray()).map((op) => [op.type, (op.payload as { id: string }).id])).toEqual([
      ['talk.delete', 'talk-1'],
      ['stage.delete', 'stage-langogne'],
    ]);
  });

  it('erases a participant’s personal fields and queues the erasure', async () => {
    await db.participants.put({
      id: 'p-1',
      eventId: 'event-1',
      name: 'Jean Dupont',
      organisation: 'Mairie',
      profile: 'elected-official',
      email: 'jean@example.org',
      badgeCode: 'E1.p-1.sig',
      origin: 'import',
      consent: true,
    });
    await eraseParticipant(db, 'p-1');
    expect(await db.participants.get('p-1')).toMatchObject({ name: '', organisation: '', email: null, erased: true });
    expect((await db.outbox.toArray()).map((op) => op.type)).toEqual(['participant.erase']);
    await expect(eraseParticipant(db, 'nobody')).rejects.toBeInstanceOf(InvalidWriteError);
  });

  it('refuses an invalid edit and leaves the record as it was', async () => {
    await expect(setFields(db, 'stage', 'stage-florac', { title: '' })).rejects.toBeInstanceOf(InvalidWriteError);
    expect((await db.stages.get('stage-florac'))?.title).toBe('Florac');
    expect(await db.outbox.toArray()).toEqual([]);
  });
});
