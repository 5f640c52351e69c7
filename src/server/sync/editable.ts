import type { Transaction } from 'kysely';
import type { Tables } from '../database/tables.ts';

/**
 * Last writer wins, field by field: a field takes the op's value only if the op's clock is later
 * than the clock of that field's last write. Tombstones are the field `deleted`. Returns whether
 * anything changed. Caller checks existence rules (who may create, which event) first.
 */

export type EditableEntity = 'stage' | 'talk' | 'participant' | 'form' | 'event';

/** The editable record each edit op type writes. */
export const EDITED_ENTITY: Partial<Record<string, EditableEntity>> = {
  'stage.set': 'stage',
  'stage.delete': 'stage',
  'talk.set': 'talk',
  'talk.delete': 'talk',
  'participant.set': 'participant',
  'participant.erase': 'participant',
  'form.set': 'form',
  'event.set': 'event',
};

/** The server table of each editable entity. */
export const TABLES = { stage: 'stages', talk: 'talks', participant: 'participants', form: 'forms', event: 'events' } as const;
const JSON_FIELDS = new Set(['hosts', 'speakers', 'ratingLabel', 'questions', 'commentLabel']);
const BOOLEAN_FIELDS = new Set(['consent', 'deleted']);

const DEFAULTS: Record<EditableEntity, Record<string, unknown>> = {
  stage: {
    title: '',
    town: '',
    venue: '',
    address: '',
    lat: 0,
    lng: 0,
    startsAt: '1970-01-01T00:00:00.000Z',
    endsAt: '1970-01-01T00:00:00.000Z',
    theme: '',
    kind: 'indoor',
    hosts: '[]',
  },
  talk: { title: '', speakers: '[]', partner: '', startsAt: '1970-01-01T00:00:00.000Z', endsAt: '1970-01-01T00:00:00.000Z' },
  participant: { name: '', organisation: '', profile: 'other', email: null, origin: 'walk-in', consent: 0 },
  form: {
    ratingLabel: JSON.stringify({ fr: 'Comment était cette étape ?', en: 'How was this stage?' }),
    questions: '[]',
    commentLabel: JSON.stringify({ fr: 'Un commentaire ?', en: 'Any comment?' }),
  },
  event: {}, // events are created by `etape event create`, never by an edit
};

function toColumn(field: string, value: unknown): unknown {
  if (JSON_FIELDS.has(field)) return JSON.stringify(value);
  if (BOOLEAN_FIELDS.has(field)) return value ? 1 : 0;
  return value;
}

/** Merges `fields` written at clock `hlc` into the record; `base` holds columns set only on creation. */
export async function mergeFields(
  trx: Transaction<Tables>,
  entity: EditableEntity,
  id: string,
  fields: Record<string, unknown>,
  hlc: string,
  base: Record<string, unknown>,
): Promise<boolean> {
  const table = TABLES[entity];
  const row = (await trx.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst()) as
    | (Record<string, unknown> & { fieldClocks: string })
    | undefined;
  const clocks = row ? (JSON.parse(row.fieldClocks) as Record<string, string>) : {};
  const updates: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const seen = clocks[field];
    if (seen !== undefined && seen >= hlc) continue;
    updates[field] = toColumn(field, value);
    clocks[field] = hlc;
  }
  if (!row) {
    await trx
      .insertInto(table)
      .values({ ...DEFAULTS[entity], ...base, ...updates, id, fieldClocks: JSON.stringify(clocks) } as never)
      .execute();
    return true;
  }
  if (Object.keys(updates).length === 0) return false;
  await trx
    .updateTable(table)
    .set({ ...updates, fieldClocks: JSON.stringify(clocks) } as never)
    .where('id', '=', id)
    .execute();
  return true;
}
