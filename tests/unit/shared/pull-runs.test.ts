import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Change } from '../../../src/shared/protocol.ts';
import { changesOf, toRuns } from '../../../src/shared/pull-runs.ts';

const clock = fc.constantFrom('001796594014535:00000:phone-a', '001796594014999:00002:phone-b', '001796594015000:00000:organizer');
const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }));
const fieldNames = fc.constantFrom('id', 'name', 'profile', 'email', 'stageId', 'constructor', 'toString', 'a b', '');

/** Changes as the server writes them: records of varied fields, clocks shared or not, tombstones, in seq order. */
const changes = fc
  .array(
    fc.record({
      entity: fc.constantFrom('participant', 'checkin', 'stage', 'future-entity'),
      id: fc.string({ minLength: 1, maxLength: 8 }),
      data: fc.option(fc.dictionary(fieldNames, value, { maxKeys: 5 }), { nil: null, freq: 4 }),
      clocks: fc.option(fc.oneof(clock.map((one) => ({ shared: one })), fc.dictionary(fieldNames, clock, { minKeys: 1, maxKeys: 3 })), { nil: undefined }),
    }),
    { maxLength: 40 },
  )
  .map((drawn) =>
    drawn.map(({ entity, id, data, clocks }, i): Change => {
      const change: Change = { seq: i + 1, entity: entity as Change['entity'], id, deleted: data === null, data };
      if (data === null || clocks === undefined) return change;
      const keys = Object.keys(data);
      // A clock shared by every field (one op set them all), or each field's own.
      if ('shared' in clocks && typeof clocks.shared === 'string' && keys.length > 0) change.clocks = Object.fromEntries(keys.map((key) => [key, clocks.shared as string]));
      else if (!('shared' in clocks)) change.clocks = clocks as Record<string, string>;
      return change;
    }),
  );

describe('pull pages in runs', () => {
  it('give back every change as written, in order: records, tombstones, clocks shared or each its own', () => {
    fc.assert(
      fc.property(changes, (page) => {
        expect(changesOf(JSON.parse(JSON.stringify(toRuns(page))))).toEqual(page);
      }),
      { numRuns: 1000 },
    );
  });

  it('name the fields once per run and a clock shared by every field once', () => {
    const clock = '001796594014535:00000:organizer';
    const participant = (seq: number, name: string): Change => ({
      seq,
      entity: 'participant',
      id: `p${seq}`,
      deleted: false,
      data: { id: `p${seq}`, name, profile: 'elu' },
      clocks: { name: clock, profile: clock },
    });
    const runs = toRuns([participant(1, 'Hélène'), participant(2, 'Jérôme'), { seq: 3, entity: 'participant', id: 'p0', deleted: true, data: null }, participant(4, 'Chély')]);
    expect(runs).toEqual([
      {
        entity: 'participant',
        fields: ['id', 'name', 'profile'],
        clockFields: ['name', 'profile'],
        changes: [
          [1, 'p1', ['p1', 'Hélène', 'elu'], clock],
          [2, 'p2', ['p2', 'Jérôme', 'elu'], clock],
          [3, 'p0', null],
          [4, 'p4', ['p4', 'Chély', 'elu'], clock],
        ],
      },
    ]);
  });

  it('refuse a change whose values or clocks do not match its run, and a field named __proto__', () => {
    const run = { entity: 'stage', fields: ['id', 'title'], clockFields: ['title'], changes: [] as never[] };
    expect(() => changesOf([{ ...run, changes: [[1, 's1', ['s1']]] }])).toThrow('change 1 has 1 values for 2 fields');
    expect(() => changesOf([{ ...run, changes: [[1, 's1', ['s1', 'Florac'], ['c1', 'c2']]] }])).toThrow('change 1 has 2 clocks for 1 fields');
    expect(() => changesOf([{ ...run, clockFields: [], changes: [[1, 's1', ['s1', 'Florac'], 'c1']] }])).toThrow('change 1 has clocks, its run no clock fields');
    expect(() => changesOf([{ ...run, fields: ['id', '__proto__'], changes: [[1, 's1', ['s1', { polluted: true }]]] }])).toThrow('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
