import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWeek } from '../../../src/server/demo/seed.ts';
import type { Change, Op } from '../../../src/shared/protocol.ts';
import { enrolDevice, type TestDevice } from '../sync-fixtures.ts';
import { createTestApp, type TestApp } from '../test-app.ts';
import { ENGINE } from '../test-database.ts';

/*
 * Property: the same ops end in the same state whatever order they arrive in (each device's own
 * ops keep their seq order; a device forwarding another's file sends its own first, so a void may
 * arrive before the check-in it undoes). Each run plays one scenario twice on fresh records and
 * devices, in two arrival orders, and compares what an organizer pulls: a stage deleted while a
 * talk is moved onto it, a participant erased while edited, a check-in voided, the feedback form
 * and a stage edited from two devices.
 */

interface Scenario {
  /** Clock (ms after the run's base) of each concurrent op, in the order listed in `play`. */
  clocks: number[];
  /** Two arrival orders: indices of devices, one entry per op, consumed device by device. */
  orders: [number[], number[]];
  title: [string, string];
}

/** Ops of each device: two organizers, two animators. */
const OPS_PER_DEVICE = [4, 3, 1, 1];

/** An interleaving of each device's ops: a shuffled list holding device d OPS_PER_DEVICE[d] times. */
const interleaving = fc
  .array(fc.nat(1000), { minLength: OPS_PER_DEVICE.reduce((a, b) => a + b), maxLength: OPS_PER_DEVICE.reduce((a, b) => a + b) })
  .map((keys) => {
    const slots = OPS_PER_DEVICE.flatMap((count, device) => Array.from({ length: count }, () => device));
    return slots.map((device, index) => ({ device, key: keys[index]! })).sort((a, b) => a.key - b.key).map((slot) => slot.device);
  });

const scenario: fc.Arbitrary<Scenario> = fc.record({
  clocks: fc.uniqueArray(fc.integer({ min: 0, max: 900 }), { minLength: 6, maxLength: 6 }), // distinct: a tie would be broken by device ids, new each play
  orders: fc.tuple(interleaving, interleaving),
  title: fc.tuple(fc.constantFrom('Atelier', 'Visite'), fc.constantFrom('Débat', 'Rencontre')),
});

describe(`arrival order does not matter (${ENGINE})`, () => {
  let t: TestApp;
  let setup: TestDevice;
  let eventId: string;
  let run = 0;
  let reader: TestDevice;
  let cursor = 0;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoWeek(t.database.db);
    setup = await enrolDevice(t.app, t.database, 'organizer', 'Préparation');
    eventId = (await t.database.db.selectFrom('events').select('id').executeTakeFirstOrThrow()).id;
    reader = await enrolDevice(t.app, t.database, 'organizer', 'Lecteur');
  });
  afterAll(() => t.close());

  const stageFields = (title: string) => ({ title, town: 'Florac', startsAt: '2026-11-25T13:00:00.000Z', endsAt: '2026-11-25T17:00:00.000Z' });

  /** Plays the scenario on fresh records and devices, in one arrival order; returns the records as an organizer pulls them. */
  async function play(s: Scenario, order: number[], base: number): Promise<Record<string, unknown>> {
    const names = { from: randomUUID(), to: randomUUID(), talk: randomUUID(), person: randomUUID(), checkin: randomUUID() };
    const setupOps = [
      setup.op('stage.set', { id: names.from, fields: stageFields('Départ') }),
      setup.op('stage.set', { id: names.to, fields: stageFields('Arrivée') }),
      setup.op('talk.set', { id: names.talk, fields: { stageId: names.from, title: 'Table ronde', startsAt: '2026-11-25T14:00:00.000Z', endsAt: '2026-11-25T15:00:00.000Z' } }),
      setup.op('participant.set', { id: names.person, fields: { name: 'Hélène', organisation: 'Asso' } }),
    ];
    expect((await setup.push(setupOps)).body.rejections).toEqual([]);
    const [o1, o2, a1, a2] = await Promise.all(
      (['organizer', 'organizer', 'animator', 'animator'] as const).map((role, i) => enrolDevice(t.app, t.database, role, `d${i}`)),
    );
    const at = (i: number) => ({ hlcMs: base + s.clocks[i]! });
    const scan = { id: names.checkin, participantId: names.person, stageId: names.from, scannedAt: new Date(base).toISOString(), method: 'camera' as const };
    const recorded = a1!.op('checkin.record', scan);
    // a2 voids the check-in it read from a1's file, and forwards that file after its own ops.
    const voided = a2!.op('checkin.void', { id: names.checkin, voidedAt: new Date(base + 1).toISOString() });
    const queues: Op[][] = [
      [
        o1!.op('stage.delete', { id: names.to }, at(0)),
        o1!.op('participant.erase', { id: names.person }, at(1)),
        o1!.op('form.set', { id: eventId, fields: { ratingLabel: { fr: s.title[0], en: '' } } }, at(2)),
        o1!.op('stage.set', { id: names.from, fields: { title: s.title[0] } }, at(2)),
      ],
      [
        o2!.op('talk.set', { id: names.talk, fields: { stageId: names.to, title: s.title[1] } }, at(3)),
        o2!.op('participant.set', { id: names.person, fields: { organisation: 'Mairie' } }, at(4)),
        o2!.op('form.set', { id: eventId, fields: { ratingLabel: { fr: s.title[1], en: '' }, commentLabel: { fr: 'Un mot ?', en: '' } } }, at(5)),
      ],
      [recorded],
      [voided],
    ];
    const devices = [o1!, o2!, a1!, a2!];
    for (const device of order) {
      const op = queues[device]!.shift()!;
        const { status } = await devices[device]!.push([op]);
      expect(status).toBe(200);
    }
    // The form is shared by every play: it starts from the state it had before this one.
    const state: Record<string, unknown> = {};
    const alias = new Map<string, string>(Object.entries(names).map(([name, id]) => [id, name]));
    // The organizer that reads pulls on from where it stopped: this play's changes come after.
    for (;;) {
      const { body } = await reader.pull(cursor, 1000);
      for (const change of body.changes) {
        const key = change.entity === 'form' ? 'form' : alias.get(change.id);
        if (key) state[key] = normalise(change, alias);
      }
      cursor = body.nextCursor;
      if (!body.hasMore) break;
    }
    return state;
  }

  function normalise(change: Change, alias: Map<string, string>): unknown {
    if (change.deleted || !change.data) return 'deleted';
    const data = Object.fromEntries(
      Object.entries(change.data)
        .filter(([field]) => !['receivedAt', 'deviceId', 'deviceName', 'scannedAt', 'voidedAt', 'badgeCode'].includes(field))
        .map(([field, value]) => [field, typeof value === 'string' && alias.has(value) ? alias.get(value) : value]),
    );
    return data;
  }

  it('converges to one state whatever the arrival order', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        run += 1;
        // Later runs write later clocks (the form is shared by all runs); the second order 1 s after the first.
        const base = Date.now() + run * 10_000;
        const first = await play(s, s.orders[0], base);
        const second = await play(s, s.orders[1], base + 2000);
        expect(second).toEqual(first);
      }),
      { numRuns: 10 },
    );
  }, 120_000);
});
