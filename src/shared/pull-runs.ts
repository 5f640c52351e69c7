import type { Change } from './protocol.ts';

/**
 * The compact shape of a pull page's changes, which devices ask for with `format=runs`
 * (docs/sync-protocol.md, "Pull"). The same changes, without the field names written again in
 * every record: consecutive changes of one entity whose records have the same fields (and whose
 * clocks cover the same fields) form a run, which names its fields once; each change is then a
 * tuple of its values in that order. A clock shared by every field of a change (one op set them
 * all: an import, a new participant) is written once.
 *
 * Why: the page's JSON is read on the device's main thread (decoded, then parsed), and a first pull
 * of a festival is 120,000 changes. With every key written out, a page of 10,000 participants is
 * about 9 MB (half of it the clock of each field), which took about 2 s to read at 4× CPU slowdown
 * in Chromium; as runs, 3.7 MB and about 0.7 s (docs/benchmarks.md, "Festival size: the pull page's
 * shape").
 */
export interface ChangeRun {
  entity: string;
  /** The record's fields, in the order of each change's values. */
  fields: string[];
  /** The fields with a clock, in the order of each change's clocks (empty when the entity has none). */
  clockFields: string[];
  /** `[seq, id, values]` (values `null`: a tombstone), then the clocks when the change has some. */
  changes: RunChange[];
}

/**
 * One change of a run: its seq, its id, its record's values (in the run's `fields` order; `null` for
 * a tombstone), then, if it has clocks, one clock shared by every field of `clockFields`, or each
 * field's clock in that order.
 */
export type RunChange = [seq: number, id: string, values: unknown[] | null, clocks?: string | string[]];

const keysOf = (record: Record<string, unknown> | null | undefined): string[] => (record ? Object.keys(record) : []);
/** A list of field names as one string, told apart from every other list (joined with a separator, [''] and [] would not be). */
const listKey = (fields: readonly string[]): string => JSON.stringify(fields);

/** The runs of these changes, in their order (`changesOf` gives them back). */
export function toRuns(changes: readonly Change[]): ChangeRun[] {
  const runs: ChangeRun[] = [];
  let run: ChangeRun | undefined;
  let [fieldsKey, clocksKey] = ['', ''];
  for (const change of changes) {
    if (change.deleted !== (change.data === null)) throw new RangeError(`change ${change.seq}: a tombstone has no record, and a record is not a tombstone`);
    // A tombstone has no values: it joins the run it comes in when that run is of its entity.
    const joins = run?.entity === change.entity && (change.data === null || (listKey(keysOf(change.data)) === fieldsKey && listKey(keysOf(change.clocks)) === clocksKey));
    if (!run || !joins) {
      run = { entity: change.entity, fields: keysOf(change.data), clockFields: keysOf(change.clocks), changes: [] };
      runs.push(run);
      [fieldsKey, clocksKey] = [listKey(run.fields), listKey(run.clockFields)];
    }
    const { fields, clockFields } = run;
    const tuple: RunChange = [change.seq, change.id, change.data === null ? null : fields.map((field) => change.data![field])];
    if (change.clocks && clockFields.length > 0) {
      const clocks = clockFields.map((field) => change.clocks![field]!);
      tuple.push(clocks.every((clock) => clock === clocks[0]) ? clocks[0]! : clocks);
    }
    run.changes.push(tuple);
  }
  return runs;
}

/**
 * The changes of these runs, in order, as a plain page has them. Runs come from the server: the
 * caller has checked their shape (src/sync/responses.ts) except what only a run knows, checked
 * here: each change's values and clocks match its run's fields. Throws a RangeError naming the
 * change that does not.
 */
export function changesOf(runs: readonly ChangeRun[]): Change[] {
  const changes: Change[] = [];
  for (const { entity, fields, clockFields, changes: tuples } of runs) {
    // Values are set by assignment: a field named __proto__ would set the record's prototype instead.
    if (fields.includes('__proto__') || clockFields.includes('__proto__')) throw new RangeError('a run names a field __proto__');
    for (const [seq, id, values, clocks] of tuples) {
      if (values !== null && values.length !== fields.length) throw new RangeError(`change ${seq} has ${values.length} values for ${fields.length} fields`);
      let data: Record<string, unknown> | null = null;
      if (values !== null) {
        data = {};
        for (let i = 0; i < fields.length; i += 1) data[fields[i]!] = values[i];
      }
      const change: Change = { seq, entity: entity as Change['entity'], id, deleted: values === null, data };
      if (clocks !== undefined) {
        if (Array.isArray(clocks) && clocks.length !== clockFields.length) throw new RangeError(`change ${seq} has ${clocks.length} clocks for ${clockFields.length} fields`);
        if (clockFields.length === 0) throw new RangeError(`change ${seq} has clocks, its run no clock fields`);
        const each: Record<string, string> = {};
        for (let i = 0; i < clockFields.length; i += 1) each[clockFields[i]!] = typeof clocks === 'string' ? clocks : clocks[i]!;
        change.clocks = each;
      }
      changes.push(change);
    }
  }
  return changes;
}
