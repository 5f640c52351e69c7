import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWeek } from '../../../src/server/demo/seed.ts';
import type { PushResponse } from '../../../src/shared/protocol.ts';
import { checkin, demoIds, enrolDevice, type TestDevice } from '../sync-fixtures.ts';
import { createTestApp, type TestApp } from '../test-app.ts';
import { ENGINE } from '../test-database.ts';

/*
 * A push's answer carries its length: the usual short answer is sent as it is (gzip would cost the
 * server and the device more than it saves), a long one (many rejections) is compressed.
 */
describe(`the answer to a push (${ENGINE})`, () => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoWeek(t.database.db);
    ids = await demoIds(t.database);
  });
  afterAll(() => t.close());

  async function push(device: TestDevice, ops: unknown[]) {
    return t.app.request('/api/sync/push', {
      method: 'POST',
      headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      body: JSON.stringify({ ops }),
    });
  }

  it('is sent uncompressed, with its length, when it is short', async () => {
    const phone = await enrolDevice(t.app, t.database, 'animator');
    const response = await push(phone, [0, 1].map((i) => phone.op('checkin.record', checkin(ids.participants[i]!.id, ids.stages[0]!.id))));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBeNull();
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    const answer = JSON.parse(new TextDecoder().decode(bytes)) as PushResponse;
    expect(answer).toMatchObject({ acked: { [phone.deviceId]: 2 }, rejections: [] });
  });

  it('is compressed when it is long, and says the same once unzipped', async () => {
    const phone = await enrolDevice(t.app, t.database, 'animator');
    // Each check-in at a stage that does not exist is a rejection of its own in the answer.
    const ops = Array.from({ length: 40 }, (_, i) => phone.op('checkin.record', checkin(ids.participants[i % ids.participants.length]!.id, `no-such-stage-${i}`)));
    const response = await push(phone, ops);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    const answer = JSON.parse(gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8')) as PushResponse;
    expect(answer.acked[phone.deviceId]).toBe(40);
    expect(answer.rejections.map((r) => r.code)).toEqual(Array.from({ length: 40 }, () => 'unknown-stage'));
  });
});
