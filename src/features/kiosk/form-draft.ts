import type { FormRecord, Question } from '../../shared/protocol.ts';

/**
 * The form editor's text form of a question: choices one per line, "Français | English".
 * Ids are made from the French label (lower case, no accents) and kept stable for existing choices.
 */
export interface QuestionDraft {
  id: string;
  kind: Question['kind'];
  fr: string;
  en: string;
  choices: string;
}

/** A short id from a label: "Élu·e local" → "elu-e-local". */
export function slug(text: string, taken: Set<string>): string {
  const base =
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 28) || 'q';
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

export function toDraft(question: Question): QuestionDraft {
  return {
    id: question.id,
    kind: question.kind,
    fr: question.label.fr,
    en: question.label.en,
    choices: question.choices.map((c) => (c.label.en ? `${c.label.fr} | ${c.label.en}` : c.label.fr)).join('\n'),
  };
}

/** Back to questions; choices keep the id of an existing choice with the same French label. */
export function fromDrafts(drafts: QuestionDraft[], previous: FormRecord['questions']): Question[] {
  const ids = new Set<string>();
  return drafts
    .filter((d) => d.fr.trim())
    .map((d) => {
      const id = d.id || slug(d.fr, ids);
      ids.add(id);
      const before = previous.find((q) => q.id === id)?.choices ?? [];
      const choiceIds = new Set<string>();
      const choices =
        d.kind === 'text'
          ? []
          : d.choices
              .split('\n')
              .map((line) => line.split('|').map((part) => part.trim()))
              .filter(([fr]) => fr)
              .map(([fr = '', en = '']) => {
                const kept = before.find((c) => c.label.fr === fr)?.id;
                const choiceId = kept && !choiceIds.has(kept) ? kept : slug(fr, choiceIds);
                choiceIds.add(choiceId);
                return { id: choiceId, label: { fr, en } };
              });
      return { id, kind: d.kind, label: { fr: d.fr.trim(), en: d.en.trim() }, choices };
    });
}
