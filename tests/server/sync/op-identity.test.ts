import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWeek } from '../../../src/server/demo/seed.ts';
import { checkin, demoIds, enrolDevice, type TestDevice } from '../sync-fixtures.ts';
import { createTestApp, type TestApp } from '../test-app.ts';
import { ENGINE } from '../test-database.ts';

/*
 * An op is known by its author device and seq (and its opId within that device): a seq reused
 * for another op is a recorded rejection, and one device's rejections are never lost to, nor
 * echoed to, another device that happens to use the same opId.
 */
describe(`identity of an op (${ENGINE})`, () => {
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
  const listed = async () => {
    const res = await t.app.request('/api/sync/rejections', { headers: { authorization: `Bearer ${organizer.token}` } });
    return ((await res.json()) as { rejections: { opId: string; deviceId: string; code: string; payload: unknown }[] }).rejections;
  };

  it('rejects a seq reused with another op and payload as seq-reused, recorded for the device and organizers', async () => {
    const phone = await enrolDevice(t.app, t.database, 'animator');
    const first = phone.op('checkin.record', checkin(ids.participants[0]!.id, stage()));
    expect((await phone.push([first])).body.acked[phone.deviceId]).toBe(1);
    const reused = { ...first, opId: randomUUID(), payload: checkin(ids.participants[1]!.id, stage()) };
    const { status, body } = await phone.push([reused]);
    expect(status).toBe(200);
    expect(body.acked[phone.deviceId]).toBe(1);
    expect(body.rejections).toEqual([expect.objectContaining({ opId: reused.opId, deviceId: phone.deviceId, seq: 1, code: 'seq-reused', message: expect.stringContaining('seq 1') })]);
    expect(await listed()).toContainEqual(expect.objectContaining({ opId: reused.opId, code: 'seq-reused', payload: reused.payload }));
    // Sent again (its answer lost), the device hears it again; the op that holds seq 1 is not reported.
    const again = await phone.push([first, reused]);
    expect(again.body.rejections.map((r) => [r.opId, r.code])).toEqual([[reused.opId, 'seq-reused']]);
    expect((await listed()).filter((r) => r.opId === reused.opId)).toHaveLength(1);
  });

  it('keeps the rejections of two devices that used the same opId, each to its own device', async () => {
    const a = await enrolDevice(t.app, t.database, 'kiosk');
    const b = await enrolDevice(t.app, t.database, 'kiosk');
    const opId = randomUUID();
    const fromA = { ...a.op('checkin.record', checkin(ids.participants[2]!.id, stage())), opId };
    const fromB = { ...b.op('participant.erase', { id: ids.participants[2]!.id }), opId };
    expect((await a.push([fromA])).body.rejections.map((r) => r.code)).toEqual(['forbidden']);
    const first = await b.push([fromB]);
    expect(first.body.rejections).toEqual([expect.objectContaining({ deviceId: b.deviceId, code: 'forbidden' })]);
    const recorded = (await listed()).filter((r) => r.opId === opId);
    expect(recorded.map((r) => r.deviceId).sort()).toEqual([a.deviceId, b.deviceId].sort());
    const resent = await b.push([fromB]);
    expect(resent.body.rejections).toEqual([expect.objectContaining({ deviceId: b.deviceId, code: 'forbidden', message: expect.stringContaining('participant.erase') })]);
  });

  it('does not echo another device’s rejection to a device whose op with the same opId was applied', async () => {
    const kiosk = await enrolDevice(t.app, t.database, 'kiosk');
    const phone = await enrolDevice(t.app, t.database, 'animator');
    const opId = randomUUID();
    await kiosk.push([{ ...kiosk.op('checkin.record', checkin(ids.participants[3]!.id, stage())), opId }]);
    const applied = { ...phone.op('checkin.record', checkin(ids.participants[3]!.id, stage())), opId };
    expect((await phone.push([applied])).body.rejections).toEqual([]);
    expect((await phone.push([applied])).body.rejections).toEqual([]);
    const logged = await t.database.db.selectFrom('opLog').select(['deviceId', 'status']).where('opId', '=', opId).execute();
    expect(logged.map((row) => row.deviceId).sort()).toEqual([kiosk.deviceId, phone.deviceId].sort());
  });
});
