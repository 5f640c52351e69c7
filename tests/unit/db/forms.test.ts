import { describe, expect, it } from 'vitest';
import { FALLBACK_FORM, readForm, setForm } from '../../../src/db/forms.ts';
import { InvalidWriteError } from '../../../src/db/errors.ts';

import type { Change } from '../../../src/shared/protocol.ts';
import { applyChanges } from '../../../src/sync/apply-changes.ts';
import { enrolledDatabase } from './test-db.ts';

const pulledForm = (seq: number, commentFr: string): Change => ({
  seq,
  entity: 'form',
  id: 'event-1',
  deleted: false,
  data: {
    id: 'event-1',
    ratingLabel: { fr: 'Alors ?', en: 'So?' },
    questions: [{ id: 'profil', kind: 'single', label: { fr: 'Vous êtes…', en: 'You are…' }, choices: [{ id: 'elu', label: { fr: 'Élu·e', en: 'Official' } }] }],
    commentLabel: { fr: commentFr, en: 'A word?' },
  },
});

describe('the feedback form on the device', () => {
  it('shows the fallback form (faces and a comment) before any form arrived', async () => {
    const db = await enrolledDatabase({ role: 'kiosk' });
    expect(await readForm(db, 'event-1')).toEqual({ ...FALLBACK_FORM, id: 'event-1' });
  });

  it('takes the form a pull brings, and keeps a local edit not yet sent over an older pulled one', async () => {
    const db = await enrolledDatabase({ deviceId: 'laptop', role: 'organizer' });
    await applyChanges(db, { changes: [pulledForm(1, 'Un mot ?')], nextCursor: 1 });
    expect((await readForm(db, 'event-1')).questions.map((q) => q.id)).toEqual(['profil']);
    await setForm(db, { commentLabel: { fr: 'Votre commentaire', en: 'Your comment' } });
    const [op] = await db.outbox.toArray();
    expect(op).toMatchObject({ type: 'form.set', payload: { id: 'event-1', fields: { commentLabel: { fr: 'Votre commentaire' } } } });
    await applyChanges(db, { changes: [pulledForm(2, 'Ancien')], nextCursor: 2 });
    const form = await readForm(db, 'event-1');
    expect(form.commentLabel.fr).toBe('Votre commentaire');
    expect(form.ratingLabel.fr).toBe('Alors ?');
  });

  it('refuses a malformed question in words and stores nothing', async () => {
    const db = await enrolledDatabase({ role: 'organizer' });
    const bad = [{ id: 'Avec Espaces', kind: 'single' as const, label: { fr: 'x', en: 'x' }, choices: [] }];
    await expect(setForm(db, { questions: bad })).rejects.toThrow(InvalidWriteError);
    await expect(setForm(db, { questions: bad })).rejects.toThrow(/lower-case letters/);
    expect(await db.forms.count()).toBe(0);
    expect(await db.outbox.toArray()).toEqual([]);
  });
});
