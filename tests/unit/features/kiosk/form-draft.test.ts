import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fromDrafts, slug, toDraft } from '../../../../src/features/kiosk/form-draft.ts';
import { FormFieldsSchema, type Question } from '../../../../src/shared/protocol.ts';

const existing: Question[] = [
  { id: 'profil', kind: 'single', label: { fr: 'Vous êtes…', en: 'You are…' }, choices: [{ id: 'elu', label: { fr: 'Élu·e', en: 'Official' } }] },
];

describe('form editor drafts', () => {
  it('makes ids from French labels, without accents, unique', () => {
    const taken = new Set<string>();
    expect(slug('Élu·e local', taken)).toBe('elu-e-local');
    expect(slug('Élu·e local', taken)).toBe('elu-e-local-2');
    expect(slug('!!!', taken)).toBe('q');
  });

  it('round-trips a question and keeps the ids of existing choices', () => {
    const draft = toDraft(existing[0]!);
    expect(draft.choices).toBe('Élu·e | Official');
    const [question] = fromDrafts([{ ...draft, choices: 'Élu·e | Official\nHabitant·e | Resident' }], existing);
    expect(question).toEqual({
      id: 'profil',
      kind: 'single',
      label: { fr: 'Vous êtes…', en: 'You are…' },
      choices: [
        { id: 'elu', label: { fr: 'Élu·e', en: 'Official' } },
        { id: 'habitant-e', label: { fr: 'Habitant·e', en: 'Resident' } },
      ],
    });
  });

  it('gives new questions valid ids, drops empty ones, and a text question has no choices', () => {
    const questions = fromDrafts(
      [
        { id: '', kind: 'text', fr: 'Une idée ?', en: '', choices: 'ignored' },
        { id: '', kind: 'multiple', fr: '  ', en: 'empty', choices: '' },
      ],
      [],
    );
    expect(questions).toEqual([{ id: 'une-idee', kind: 'text', label: { fr: 'Une idée ?', en: '' }, choices: [] }]);
    expect(v.safeParse(FormFieldsSchema, { questions }).success).toBe(true);
  });
});
