import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBadge } from '../../../src/shared/badge.ts';
import { seedDemoWeek } from '../../../src/server/demo/seed.ts';
import { ENGINE } from '../test-database.ts';
import { createTestApp, type TestApp } from '../test-app.ts';
import { enrolDevice, type TestDevice } from '../sync-fixtures.ts';

describe(`erasing an imported participant (${ENGINE})`, () => {
  let t: TestApp;
  let organizer: TestDevice;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoWeek(t.database.db);
    organizer = await enrolDevice(t.app, t.database, 'organizer');
  });
  afterAll(() => t.close());

  it('removes the personal fields for every device, from the whole history, and keeps the signed badge', async () => {
    const id = randomUUID();
    const fields = { name: 'Jeanne Rouvière', organisation: 'Mairie de Florac', profile: 'elected-official', email: 'jeanne@example.org', origin: 'import', consent: true } as const;
    const phone = await enrolDevice(t.app, t.database, 'animator');
    await organizer.push([organizer.op('participant.set', { id, fields })]);
    const { badgeCode } = await t.database.db.selectFrom('participants').select('badgeCode').where('id', '=', id).executeTakeFirstOrThrow();

    // A stale edit from another organizer arrives after the erasure: it cannot bring the name back.
    const other = await enrolDevice(t.app, t.database, 'organizer');
    const stale = other.op('participant.set', { id, fields: { name: 'Jeanne Rouvière', email: 'jeanne@example.org' } });
    const { body } = await organizer.push([organizer.op('participant.erase', { id })]);
    expect(body.rejections).toEqual([]);
    await other.push([stale]);

    for (const device of [organizer, phone]) {
      const history = (await device.pullAll()).filter((change) => change.entity === 'participant' && change.id === id);
      expect(history.length).toBeGreaterThan(0);
      expect(JSON.stringify(history)).not.toContain('Rouvière');
      expect(JSON.stringify(history)).not.toContain('jeanne@');
      expect(history.at(-1)?.data).toMatchObject({ name: '', organisation: '', erased: true, badgeCode });
    }
    const event = await t.database.db.selectFrom('events').select(['id', 'badgePublicKey']).executeTakeFirstOrThrow();
    expect(await readBadge(badgeCode, event)).toMatchObject({ ok: true, participantId: id });
    const row = await t.database.db.selectFrom('participants').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: '', organisation: '', email: null, consent: 0, erased: 1, badgeCode });
  });

  it('refuses to erase someone who does not exist, with a clear code', async () => {
    const { body } = await organizer.push([organizer.op('participant.erase', { id: randomUUID() })]);
    expect(body.rejections.map((r) => r.code)).toEqual(['unknown-participant']);
  });
});
