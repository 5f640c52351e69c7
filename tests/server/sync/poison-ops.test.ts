import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWeek } from '../../../src/server/demo/seed.ts';
import { OP_TYPES, type PushResponse } from '../../../src/shared/protocol.ts';
import { checkin, demoIds, enrolDevice, type TestDevice } from '../sync-fixtures.ts';
import { createTestApp, type TestApp } from '../test-app.ts';
import { ENGINE } from '../test-database.ts';

/** JSON text of a value nested `depth` levels deep, [[[…]]] (too deep for JSON.stringify to write). */
const nested = (depth: number) => `${'['.repeat(depth)}"fond"${']'.repeat(depth)}`;

/*
 * An op that can never be applied is rejected in words and acknowledged (the device's queue goes
 * on); no input, however odd, gets a 5xx; the same text gets the same answer on both databases.
 */
describe(`poison ops and odd text (${ENGINE})`, () => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  let organizer: TestDevice;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoWeek(t.database.db);
    ids = await demoIds(t.database);
    organizer = await enrolDevice(t.app, t.database, 'organizer');
  });
  afterAll(() => t.close());

  const stage = () => ids.stages[0]!.id;
  const feedback = (comment: string) => ({ id: randomUUID(), stageId: stage(), rating: 4, answers: {}, comment, createdAt: new Date().toISOString() });

  it('rejects a payload nested 6,000 levels deep in words, every time, and the queue goes on', async () => {
    const deep = organizer.op('stage.set', { id: stage(), fields: { hosts: 'DEEP' } });
    const next = organizer.op('checkin.record', checkin(ids.participants[0]!.id, stage()));
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const res = await t.app.request('/api/sync/push', {
        method: 'POST',
        headers: { authorization: `Bearer ${organizer.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ops: [deep, next] }).replace('"DEEP"', nested(6000)),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as PushResponse;
      expect(body.acked[organizer.deviceId]).toBe(next.seq);
      expect(body.rejections).toEqual([expect.objectContaining({ opId: deep.opId, code: 'invalid-op', message: expect.stringMatching(/nested more than \d+ levels/) })]);
    }
    const listed = await t.app.request('/api/sync/rejections', { headers: { authorization: `Bearer ${organizer.token}` } });
    expect(listed.status).toBe(200);
  });

  it('takes a reported queue length of 2³¹ or more without failing (it is only shown)', async () => {
    const phone = await enrolDevice(t.app, t.database, 'animator');
    const { status, body } = await phone.push([phone.op('checkin.record', checkin(ids.participants[1]!.id, stage()))], { pending: 2 ** 31 + 5 });
    expect(status).toBe(200);
    expect(body.acked[phone.deviceId]).toBe(1);
  });

  it('refuses a NUL character in a comment in the same words on both databases', async () => {
    const kiosk = await enrolDevice(t.app, t.database, 'kiosk');
    const { status, body } = await kiosk.push([kiosk.op('feedback.record', feedback('Très bien\u0000 vraiment'))]);
    expect(status).toBe(200);
    expect(body.rejections).toEqual([expect.objectContaining({ code: 'invalid-op', message: 'Invalid feedback.record: payload.comment holds a NUL character, which is not text.' })]);
  });

  it('refuses ids with a lone surrogate in words, so that two check-ins never become one', async () => {
    const phone = await enrolDevice(t.app, t.database, 'animator');
    const first = phone.op('checkin.record', { ...checkin(ids.participants[2]!.id, stage()), id: 'scan-\uD800' });
    const second = phone.op('checkin.record', { ...checkin(ids.participants[2]!.id, stage()), id: 'scan-\uDBFF' });
    const { status, body } = await phone.push([first, second]);
    expect(status).toBe(200);
    expect(body.rejections.map((r) => r.message)).toEqual([
      'Invalid checkin.record: payload.id holds a broken character (half of a UTF-16 pair).',
      'Invalid checkin.record: payload.id holds a broken character (half of a UTF-16 pair).',
    ]);
    expect(await t.database.db.selectFrom('checkins').select('id').where('deviceId', '=', phone.deviceId).execute()).toEqual([]);
  });

  // Fuzz: whatever a device (or an attacker with a token) sends, the answer is never a 5xx.
  const json = fc.jsonValue({ maxDepth: 6, stringUnit: 'binary' });
  const envelopeOf = (device: TestDevice, fields: Record<string, unknown>) => ({ ...device.op('checkin.record', {}), ...fields });

  it('never answers 5xx to arbitrary JSON as a push body, an envelope or a payload', async () => {
    const fuzzer = await enrolDevice(t.app, t.database, 'organizer');
    const post = async (body: string) => {
      const res = await t.app.request('/api/sync/push', {
        method: 'POST',
        headers: { authorization: `Bearer ${fuzzer.token}`, 'content-type': 'application/json' },
        body,
      });
      return res.status;
    };
    await fc.assert(
      fc.asyncProperty(json, async (body) => {
        expect(await post(JSON.stringify(body))).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom('opId', 'deviceId', 'seq', 'type', 'payload', 'hlc', 'schemaVersion', 'sig'), json), fc.integer({ min: 0, max: 2 ** 40 }), async (fields, pending) => {
        expect(await post(JSON.stringify({ ops: [envelopeOf(fuzzer, fields)], pending }))).toBeLessThan(500);
      }),
      { numRuns: 80 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...OP_TYPES), json, fc.dictionary(fc.string({ unit: 'binary', maxLength: 12 }), json), async (type, value, fields) => {
        const payloads = [value, { id: stage(), fields }, { ...checkin(ids.participants[3]!.id, stage()), ...fields }, { ...feedback(''), ...fields }];
        for (const payload of payloads) {
          const status = await post(JSON.stringify({ ops: [fuzzer.op(type, payload)] }));
          expect(status).toBeLessThan(500);
          if (status !== 200) fuzzer.seq -= 1; // a 400 applied nothing: the next op reuses the seq
        }
      }),
      { numRuns: 80 },
    );
  });
});
