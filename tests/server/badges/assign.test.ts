import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBadge, walkInBadge, readBadge } from '../../../src/shared/badge.ts';
import { seedDemoWeek } from '../../../src/server/demo/seed.ts';
import { ENGINE } from '../test-database.ts';
import { createTestApp, type TestApp } from '../test-app.ts';
import { demoIds, enrolDevice, type TestDevice } from '../sync-fixtures.ts';

describe(`badge codes assigned by the server (${ENGINE})`, () => {
  let t: TestApp;
  let organizer: TestDevice;
  let event: { id: string; badgePublicKey: string };
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoWeek(t.database.db);
    organizer = await enrolDevice(t.app, t.database, 'organizer');
    event = await t.database.db.selectFrom('events').select(['id', 'badgePublicKey']).executeTakeFirstOrThrow();
  });
  afterAll(() => t.close());

  const codeOf = async (id: string) =>
    (await t.database.db.selectFrom('participants').select('badgeCode').where('id', '=', id).executeTakeFirstOrThrow()).badgeCode;

  it('signs the code of a participant imported without one, and sends it to devices on pull', async () => {
    const id = randomUUID();
    const { body } = await organizer.push([
      organizer.op('participant.set', { id, fields: { name: 'Hélène Chély', organisation: 'Mairie de Mende', profile: 'elected-official', origin: 'import', consent: true } }),
    ]);
    expect(body.rejections).toEqual([]);
    const code = await codeOf(id);
    expect(await readBadge(code, event)).toEqual({ ok: true, kind: 'signed', eventId: event.id, participantId: id });
    const pulled = (await organizer.pullAll()).filter((change) => change.entity === 'participant' && change.id === id);
    expect(pulled.at(-1)?.data).toMatchObject({ name: 'Hélène Chély', badgeCode: code });
  });

  it('keeps a walk-in’s device-made W1 code', async () => {
    const phone = await enrolDevice(t.app, t.database, 'animator');
    const id = randomUUID();
    const code = walkInBadge(event.id, id);
    const { body } = await phone.push([phone.op('participant.set', { id, fields: { name: 'Noël Pagès', origin: 'walk-in', badgeCode: code } })]);
    expect(body.rejections).toEqual([]);
    expect(await codeOf(id)).toBe(code);
  });

  it('never takes a code chosen by a device: a new participant gets a signed one instead', async () => {
    const id = randomUUID();
    // Another participant's valid signed code, and another participant's walk-in code.
    const [victim] = (await demoIds(t.database)).participants;
    await organizer.push([organizer.op('participant.set', { id, fields: { name: 'Imposteur', badgeCode: victim!.badgeCode } })]);
    const code = await codeOf(id);
    expect(code).not.toBe(victim!.badgeCode);
    expect(await readBadge(code, event)).toMatchObject({ ok: true, kind: 'signed', participantId: id });
    const other = randomUUID();
    await organizer.push([organizer.op('participant.set', { id: other, fields: { name: 'Autre', badgeCode: walkInBadge(event.id, randomUUID()) } })]);
    expect(await readBadge(await codeOf(other), event)).toMatchObject({ ok: true, kind: 'signed', participantId: other });
  });

  it('ignores a badge code sent for an existing participant, and tells the device the real one', async () => {
    const [target] = (await demoIds(t.database)).participants;
    const forged = await signBadge(
      // A key the device made itself: the signature is valid for that key only.
      Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url'),
      event.id,
      target!.id,
    );
    const edit = organizer.op('participant.set', { id: target!.id, fields: { organisation: 'Nouvelle structure', badgeCode: forged } });
    const { body } = await organizer.push([edit]);
    expect(body.rejections).toEqual([]);
    const row = await t.database.db.selectFrom('participants').selectAll().where('id', '=', target!.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ organisation: 'Nouvelle structure', badgeCode: target!.badgeCode });
    const last = (await organizer.pullAll()).filter((change) => change.id === target!.id).at(-1);
    expect(last?.data).toMatchObject({ badgeCode: target!.badgeCode });
  });

  it('refuses a new participant whose id cannot go into a badge', async () => {
    const op = organizer.op('participant.set', { id: 'with.dots', fields: { name: 'Point' } });
    const { body } = await organizer.push([op]);
    expect(body.rejections.map((r) => r.code)).toEqual(['invalid-op']);
  });
});
