import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWeek } from '../../src/server/demo/seed.ts';
import { PULL_MAX_LIMIT, type PullResponse } from '../../src/shared/protocol.ts';
import { changesOf, type ChangeRun } from '../../src/shared/pull-runs.ts';
import { ENGINE } from './test-database.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { checkin, demoIds, enrolDevice, type TestDevice } from './sync-fixtures.ts';

describe(`push and pull (${ENGINE})`, () => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  let organizer: TestDevice;
  beforeAll(async () => {
    t = await createTestApp({ bodyLimitBytes: 64 * 1024 });
    await seedDemoWeek(t.database.db);
    ids = await demoIds(t.database);
    organizer = await enrolDevice(t.app, t.database, 'organizer');
  });
  afterAll(() => t.close());

  const stage = () => ids.stages[0]!.id;
  const person = (i: number) => ids.participants[i]!.id;
  const checkinCount = async () => (await t.database.db.selectFrom('checkins').select('id').execute()).length;

  it('applies a batch once, even when it is sent again after a lost answer', async () => {
    const phone = await enrolDevice(t.app, t.database, 'animator');
    const before = await checkinCount();
    const scan = checkin(person(0), stage());
    const batch = [phone.op('checkin.record', scan), phone.op('checkin.record', checkin(person(1), stage()))];
    const first = await phone.push(batch, { pending: 0 });
    expect(first.status).toBe(200);
    expect(first.body.acked[phone.deviceId]).toBe(2);
    expect(first.body.rejections).toEqual([]);
    const again = await phone.push(batch);
    expect(again.body.acked[phone.deviceId]).toBe(2);
    expect(await checkinCount()).toBe(before + 2);
    // The other devices learn which device it was, by name (the amber "déjà enregistrée … sur Téléphone Florac").
    const pulled = (await organizer.pullAll()).filter((change) => change.entity === 'checkin' && change.id === scan.id);
    expect(pulled).toHaveLength(1);
    expect(pulled[0]!.data).toMatchObject({ deviceId: phone.deviceId, deviceName: phone.name });
  });

  it('keeps a check-in sent twice under two ops once, and logs it once', async () => {
    const phone = await enrolDevice(t.app, t.database, 'animator');
    const scan = checkin(person(11), stage());
    const { body } = await phone.push([phone.op('checkin.record', scan), phone.op('checkin.record', scan)]);
    expect(body).toMatchObject({ acked: { [phone.deviceId]: 2 }, rejections: [] });
    expect(await t.database.db.selectFrom('checkins').select('id').where('id', '=', scan.id).execute()).toHaveLength(1);
    expect(await t.database.db.selectFrom('changes').select('seq').where('entityId', '=', scan.id).execute()).toHaveLength(1);
  });

  it('stops at a gap in seq and applies nothing past it', async () => {
    const phone = await enrolDevice(t.app, t.database, 'animator');
    const one = phone.op('checkin.record', checkin(person(2), stage()));
    phone.op('checkin.record', checkin(person(3), stage())); // seq 2, lost
    const three = phone.op('checkin.record', checkin(person(4), stage()));
    const before = await checkinCount();
    const { body } = await phone.push([one, three]);
    expect(body.acked[phone.deviceId]).toBe(1);
    expect(body.gap).toEqual({ deviceId: phone.deviceId, expected: 2, got: 3 });
    expect(await checkinCount()).toBe(before + 1);
  });

  it('records and acknowledges an op it cannot accept, so the queue goes on', async () => {
    const kiosk = await enrolDevice(t.app, t.database, 'kiosk');
    const forbidden = kiosk.op('checkin.record', checkin(person(5), stage()));
    const unknown = kiosk.op('teleport.now', {});
    const invalid = kiosk.op('feedback.record', { id: randomUUID(), stageId: stage(), rating: 9, answers: {}, comment: '', createdAt: new Date().toISOString() });
    // An answer from a newer build of the app (a schema this server does not know yet).
    const newer = { ...kiosk.op('feedback.record', { id: randomUUID(), stageId: stage(), rating: 4, answers: {}, comment: '', createdAt: new Date().toISOString() }), schemaVersion: 99 };
    const good = kiosk.op('feedback.record', { id: randomUUID(), stageId: stage(), rating: 5, answers: {}, comment: 'Super', createdAt: new Date().toISOString() });
    const { status, body } = await kiosk.push([forbidden, unknown, invalid, newer, good]);
    expect(status).toBe(200);
    expect(body.acked[kiosk.deviceId]).toBe(5);
    expect(body.rejections.map((r) => r.code)).toEqual(['forbidden', 'unknown-type', 'invalid-op', 'schema-too-new']);
    expect(body.rejections[2]!.message).toContain('rating');
    expect(body.rejections[3]!.message).toContain('update the server');
    const feedback = await t.database.db.selectFrom('feedback').selectAll().where('deviceId', '=', kiosk.deviceId).execute();
    expect(feedback.map((f) => f.comment)).toEqual(['Super']);
    const listed = await t.app.request('/api/sync/rejections', { headers: { authorization: `Bearer ${organizer.token}` } });
    const { rejections } = (await listed.json()) as { rejections: { opId: string }[] };
    expect(rejections.map((r) => r.opId)).toEqual(expect.arrayContaining([forbidden.opId, unknown.opId, invalid.opId]));
    const asKiosk = await t.app.request('/api/sync/rejections', { headers: { authorization: `Bearer ${kiosk.token}` } });
    expect(asKiosk.status).toBe(403);
  });

  it('refuses an edit clock more than 24 h ahead, but never an append-only event for its clock', async () => {
    const far = Date.now() + 48 * 3_600_000;
    const edit = organizer.op('stage.set', { id: stage(), fields: { theme: 'From the future' } }, { hlcMs: far });
    const scan = organizer.op('checkin.record', checkin(person(6), stage()), { hlcMs: far });
    const { body } = await organizer.push([edit, scan]);
    expect(body.rejections.map((r) => [r.opId, r.code])).toEqual([[edit.opId, 'clock-ahead']]);
    const row = await t.database.db.selectFrom('stages').select('theme').where('id', '=', stage()).executeTakeFirstOrThrow();
    expect(row.theme).not.toBe('From the future');
  });

  it('keeps the latest write of each field, whatever order the edits arrive in', async () => {
    const stageId = ids.stages[1]!.id;
    const other = await enrolDevice(t.app, t.database, 'organizer');
    const now = Date.now();
    const later = organizer.op('stage.set', { id: stageId, fields: { title: 'Titre tardif' } }, { hlcMs: now + 1000 });
    const earlier = other.op('stage.set', { id: stageId, fields: { title: 'Titre ancien', theme: 'Thème ancien' } }, { hlcMs: now });
    await organizer.push([later]);
    await other.push([earlier]);
    const row = await t.database.db.selectFrom('stages').select(['title', 'theme']).where('id', '=', stageId).executeTakeFirstOrThrow();
    expect(row).toEqual({ title: 'Titre tardif', theme: 'Thème ancien' });
  });

  it('deletes with a tombstone that pull hands to devices', async () => {
    const talk = await t.database.db.selectFrom('talks').select('id').executeTakeFirstOrThrow();
    const { body } = await organizer.push([organizer.op('talk.delete', { id: talk.id })]);
    expect(body.rejections).toEqual([]);
    const changes = await organizer.pullAll();
    const last = changes.filter((change) => change.id === talk.id).at(-1);
    expect(last).toMatchObject({ entity: 'talk', deleted: true, data: null });
    const programme = await t.app.request('/api/public/events/tiers-lieux-lozere/programme.json');
    expect(JSON.stringify(await programme.json())).not.toContain(talk.id);
  });

  it('takes a talk written for a stage deleted meanwhile as deleted with it, and brings one moved to a live stage back', async () => {
    const [gone, live] = [ids.stages[6]!.id, ids.stages[5]!.id];
    const phone = await enrolDevice(t.app, t.database, 'organizer');
    // A talk still standing: an earlier test deletes one talk, which may be of this stage.
    const talk = await t.database.db.selectFrom('talks').select('id').where('stageId', '=', gone).where('deleted', '=', 0).executeTakeFirstOrThrow();
    expect((await organizer.push([organizer.op('stage.delete', { id: gone })])).body.rejections).toEqual([]);
    // Edited offline on another device before it heard of the deletion: a new talk, and a retitled one.
    const addedId = randomUUID();
    const added = phone.op('talk.set', { id: addedId, fields: { stageId: gone, title: 'Atelier ajouté', startsAt: '2026-11-26T14:00:00.000Z', endsAt: '2026-11-26T15:00:00.000Z' } });
    const retitled = phone.op('talk.set', { id: talk.id, fields: { title: 'Nouveau titre' } });
    const moved = phone.op('talk.set', { id: talk.id, fields: { stageId: live } });
    const { body } = await phone.push([added, retitled, moved]);
    expect(body).toMatchObject({ acked: { [phone.deviceId]: 3 }, rejections: [] });
    // The same end as if the edits had arrived before the deletion: the new talk gone with its stage, the moved one kept.
    const latest = new Map((await phone.pullAll()).map((change) => [change.id, change]));
    expect(latest.get(addedId)).toMatchObject({ entity: 'talk', deleted: true });
    expect(latest.get(talk.id)).toMatchObject({ entity: 'talk', deleted: false, data: { stageId: live, title: 'Nouveau titre' } });
  });

  it('pulls every change in order, page by page, and the cursor moves past what the role does not get', async () => {
    const pages: number[][] = [];
    const remaining: (number | undefined)[] = [];
    let cursor = 0;
    for (let page = 0; page < 100; page += 1) {
      const { body } = await organizer.pull(cursor, 40);
      pages.push(body.changes.map((change) => change.seq));
      remaining.push(body.remaining);
      cursor = body.nextCursor;
      if (!body.hasMore) break;
    }
    const seqs = pages.flat();
    // Each page but the last says how many changes are left after it (a new device shows "45 000 sur 120 000").
    expect(remaining).toEqual([...pages.slice(1).map((_, i) => pages.slice(i + 1).flat().length), undefined]);
    expect(seqs.length).toBeGreaterThan(100);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
    const kiosk = await enrolDevice(t.app, t.database, 'kiosk');
    // The page size devices ask for (src/sync/pull.ts) is served; one more is refused.
    const { body } = await kiosk.pull(0, PULL_MAX_LIMIT);
    expect(body.hasMore).toBe(false);
    expect(body.nextCursor).toBe(cursor);
    expect((await kiosk.pull(0, PULL_MAX_LIMIT + 1)).status).toBe(400);
  });

  it('never gives a kiosk participants or check-ins, and gives an animator no email addresses', async () => {
    const kiosk = await enrolDevice(t.app, t.database, 'kiosk');
    const kioskChanges = await kiosk.pullAll();
    expect(new Set(kioskChanges.map((change) => change.entity))).toEqual(new Set(['event', 'form', 'stage', 'talk']));
    const animator = await enrolDevice(t.app, t.database, 'animator');
    const participants = (await animator.pullAll()).filter((change) => change.entity === 'participant');
    expect(participants.length).toBeGreaterThanOrEqual(90);
    expect(JSON.stringify(participants)).not.toMatch(/@example\./);
    const asOrganizer = (await organizer.pullAll()).filter((change) => change.entity === 'participant');
    expect(JSON.stringify(asOrganizer)).toMatch(/@example\./);
  });

  it('sends the same page in runs when asked (format=runs), an animator\'s without email addresses, and refuses a format it does not know', async () => {
    // Participants edited since the demo was seeded: records with clocks, in the runs too.
    const editor = await enrolDevice(t.app, t.database, 'organizer');
    const edit = editor.op('participant.set', { id: person(2), fields: { name: 'Hélène Vernhet-Runs', organisation: 'Mairie de Florac' } });
    expect((await editor.push([edit], { pending: 0 })).status).toBe(200);
    const animator = await enrolDevice(t.app, t.database, 'animator');
    for (const device of [organizer, animator]) {
      const ask = (format: string) => t.app.request(`/api/sync/pull?cursor=0&limit=${PULL_MAX_LIMIT}${format}`, { headers: { authorization: `Bearer ${device.token}` } });
      const plain = (await (await ask('')).json()) as PullResponse;
      const inRuns = (await (await ask('&format=runs')).json()) as Omit<PullResponse, 'changes'> & { runs: ChangeRun[] };
      expect(inRuns).not.toHaveProperty('changes');
      const { runs, ...rest } = inRuns;
      expect({ ...rest, changes: changesOf(runs), serverTime: plain.serverTime }).toEqual(plain);
      // The fields are named once per run, not once per record: the demo week's page is a quarter smaller (a festival's, mostly participants and check-ins, more than half).
      expect(JSON.stringify(runs).length).toBeLessThan(JSON.stringify(plain.changes).length * 0.8);
      expect(plain.changes.some((change) => change.id === person(2) && change.clocks?.name)).toBe(true);
      expect(JSON.stringify(runs).includes('@example.')).toBe(device === organizer);
    }
    const unknown = await t.app.request('/api/sync/pull?cursor=0&format=columns', { headers: { authorization: `Bearer ${organizer.token}` } });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: 'invalid-request', message: 'format is "changes" or "runs"' });
  });

  it('erases a participant: personal fields gone on the server and in what devices pull', async () => {
    const target = ids.participants[10]!;
    await organizer.push([organizer.op('participant.erase', { id: target.id })]);
    const row = await t.database.db.selectFrom('participants').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: '', organisation: '', email: null, erased: 1 });
    const history = (await organizer.pullAll()).filter((change) => change.id === target.id);
    expect(history.at(-1)?.data).toMatchObject({ name: '', email: null, erased: true, badgeCode: target.badgeCode });
    // A device pulling from the start never sees the name either.
    expect(JSON.stringify(history)).not.toContain(target.name);
    // A later edit cannot bring the name back.
    await organizer.push([organizer.op('participant.set', { id: target.id, fields: { name: target.name } })]);
    const after = await t.database.db.selectFrom('participants').select('name').where('id', '=', target.id).executeTakeFirstOrThrow();
    expect(after.name).toBe('');
  });

  it('lets an animator register a walk-in but not edit a registered participant', async () => {
    const phone = await enrolDevice(t.app, t.database, 'animator');
    const walkIn = randomUUID();
    const create = phone.op('participant.set', {
      id: walkIn,
      fields: { name: 'Noël Pagès', organisation: 'Mairie de Chanac', profile: 'elected-official', badgeCode: `w-${walkIn}`, origin: 'walk-in', consent: true },
    });
    const edit = phone.op('participant.set', { id: person(0), fields: { name: 'Someone else' } });
    const { body } = await phone.push([create, edit]);
    expect(body.rejections.map((r) => [r.opId, r.code])).toEqual([[edit.opId, 'forbidden']]);
    const row = await t.database.db.selectFrom('participants').selectAll().where('id', '=', walkIn).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Noël Pagès', origin: 'walk-in', consent: 1 });
  });

  it('answers bad requests with a clear 4xx and keeps serving', async () => {
    const auth = { authorization: `Bearer ${organizer.token}` };
    const post = (body: string) => t.app.request('/api/sync/push', { method: 'POST', headers: auth, body });
    const malformed = await post('{"ops": [');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: 'invalid-json' });
    const wrongTypes = await post(JSON.stringify({ ops: 'all of them' }));
    expect(wrongTypes.status).toBe(400);
    const notAnOp = await post(JSON.stringify({ ops: [{ opId: 'x', seq: 'one' }] }));
    expect(notAnOp.status).toBe(400);
    expect(await notAnOp.json()).toMatchObject({ message: expect.stringContaining('Op 0') });
    const tooBig = await post(JSON.stringify({ ops: [], padding: 'x'.repeat(70 * 1024) }));
    expect(tooBig.status).toBe(413);
    const badCursor = await t.app.request('/api/sync/pull?cursor=-4', { headers: auth });
    expect(badCursor.status).toBe(400);
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer nope' }, { authorization: 'Basic abc' }];
    for (const headers of attempts) {
      const denied = await t.app.request('/api/sync/pull', { headers });
      expect(denied.status).toBe(401);
      expect(await denied.json()).toMatchObject({ error: 'unauthorized' });
    }
    expect((await organizer.pull()).status).toBe(200);
  });

  it('sends the rejections again when a batch is resent after its answer was lost', async () => {
    const phone = await enrolDevice(t.app, t.database, 'animator');
    const bad = phone.op('checkin.record', checkin(person(8), 'no-such-stage'));
    const first = await phone.push([bad]);
    expect(first.body.rejections.map((r) => r.code)).toEqual(['unknown-stage']);
    const again = await phone.push([bad]);
    expect(again.body.acked[phone.deviceId]).toBe(1);
    expect(again.body.rejections.map((r) => [r.opId, r.code])).toEqual([[bad.opId, 'unknown-stage']]);
  });

  it('refuses an op forwarded in the name of another device without its signature, and that device keeps its seqs', async () => {
    const phone = await enrolDevice(t.app, t.database, 'animator');
    const victim = await enrolDevice(t.app, t.database, 'organizer');
    const forged = { ...victim.op('stage.delete', { id: ids.stages[3]!.id }), sig: 'AAAA' };
    const unsigned = { ...victim.op('participant.erase', { id: person(12) }) };
    delete (unsigned as { sig?: string }).sig;
    const { body } = await phone.push([forged, unsigned]);
    expect(body.rejections.map((r) => r.code)).toEqual(['bad-signature', 'bad-signature']);
    expect(body.acked[victim.deviceId]).toBe(2); // the forwarding phone may drop them
    const stage = await t.database.db.selectFrom('stages').select('deleted').where('id', '=', ids.stages[3]!.id).executeTakeFirstOrThrow();
    expect(stage.deleted).toBe(0);
    const row = await t.database.db.selectFrom('devices').select('lastAppliedSeq').where('id', '=', victim.deviceId).executeTakeFirstOrThrow();
    expect(Number(row.lastAppliedSeq)).toBe(0);
    // The real device's own ops with those seqs are applied normally.
    victim.seq = 0;
    const own = victim.op('stage.set', { id: ids.stages[3]!.id, fields: { theme: 'Vraie modification' } });
    expect((await victim.push([own])).body).toMatchObject({ acked: { [victim.deviceId]: 1 }, rejections: [] });
  });

  it('answers ids with control characters, a huge cursor and a broken address with 400, and keeps serving', async () => {
    const auth = { authorization: `Bearer ${organizer.token}` };
    const op = { ...organizer.op('checkin.record', checkin(person(9), stage())), opId: 'bad\u0000id' };
    organizer.seq -= 1;
    const nul = await t.app.request('/api/sync/push', { method: 'POST', headers: auth, body: JSON.stringify({ ops: [op] }) });
    expect(nul.status).toBe(400);
    expect((await t.app.request(`/api/sync/pull?cursor=${2 ** 31}`, { headers: auth })).status).toBe(400);
    expect((await t.app.request('/%E0%A4%A')).status).toBe(400);
    expect((await organizer.pull()).status).toBe(200);
  });

  it('stops a revoked device at its next request', async () => {
    const phone = await enrolDevice(t.app, t.database, 'animator');
    expect((await phone.pull()).status).toBe(200);
    const listed = await t.app.request('/api/devices', { headers: { authorization: `Bearer ${organizer.token}` } });
    const { devices } = (await listed.json()) as { devices: { id: string; role: string }[] };
    expect(devices.map((d) => d.id)).toContain(phone.deviceId);
    const revoke = await t.app.request(`/api/devices/${phone.deviceId}/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${organizer.token}` },
    });
    expect(revoke.status).toBe(200);
    const denied = await phone.push([phone.op('checkin.record', checkin(person(7), stage()))]);
    expect(denied.status).toBe(401);
    expect(denied.body.message).toContain('removed by an organizer');
    expect(denied.body).toMatchObject({ error: 'unauthorized', reason: 'revoked' });
    const asAnimator = await t.app.request('/api/devices', { headers: { authorization: `Bearer ${phone.token}` } });
    expect(asAnimator.status).toBe(401);
  });

  it('lets an organizer make enrolment links from the app, and lists each device with its stage, last seen time and reported queue', async () => {
    const asOrganizer = { authorization: `Bearer ${organizer.token}`, 'content-type': 'application/json' };
    const made = await t.app.request('/api/enrolment-codes', { method: 'POST', headers: asOrganizer, body: JSON.stringify({ role: 'kiosk', stageId: stage(), expiresInHours: 2 }) });
    expect(made.status).toBe(201);
    const { code, path } = (await made.json()) as { code: string; path: string };
    expect(path).toBe(`/enroll#code=${code}`);
    const enrolled = await t.app.request('/api/devices/enroll', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: 'Borne Langogne' }) });
    expect(enrolled.status).toBe(201);
    expect(await enrolled.json()).toMatchObject({ role: 'kiosk', stageId: stage() });

    // Bad requests and other roles are refused in words.
    const unknownStage = await t.app.request('/api/enrolment-codes', { method: 'POST', headers: asOrganizer, body: JSON.stringify({ role: 'kiosk', stageId: 'nowhere' }) });
    expect(unknownStage.status).toBe(400);
    expect(((await unknownStage.json()) as { message: string }).message).toContain('No stage "nowhere"');
    const badRole = await t.app.request('/api/enrolment-codes', { method: 'POST', headers: asOrganizer, body: JSON.stringify({ role: 'mayor' }) });
    expect(badRole.status).toBe(400);
    const phone = await enrolDevice(t.app, t.database, 'animator');
    const asAnimator = await t.app.request('/api/enrolment-codes', { method: 'POST', headers: { authorization: `Bearer ${phone.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ role: 'organizer' }) });
    expect(asAnimator.status).toBe(403);

    // The phone reports 4 ops still waiting after this push: the organizer sees it, with when it was last seen.
    await phone.push([phone.op('checkin.record', checkin(person(9), stage()))], { pending: 4 });
    const listed = await t.app.request('/api/devices', { headers: asOrganizer });
    const { devices } = (await listed.json()) as { devices: { name: string; role: string; stageId: string | null; lastSeenAt: string | null; pendingOps: number | null }[] };
    expect(devices.find((d) => d.name === 'Borne Langogne')).toMatchObject({ role: 'kiosk', stageId: stage(), pendingOps: 0, lastSeenAt: expect.any(String) });
    const seen = devices.find((d) => d.name === phone.name);
    expect(seen).toMatchObject({ role: 'animator', stageId: null, pendingOps: 4 });
    expect(Date.now() - Date.parse(seen!.lastSeenAt!)).toBeLessThan(60_000);
  });
});
