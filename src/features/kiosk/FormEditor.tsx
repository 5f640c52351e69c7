import { useState } from 'preact/hooks';
import { setForm } from '../../db/forms.ts';
import { APP_DATABASE } from '../../db/database.ts';
import { FORM_MAX_QUESTIONS, QUESTION_KINDS, type FormRecord } from '../../shared/protocol.ts';
import { useI18n, type MessageKey } from '../../ui/i18n.ts';
import { errorReason } from '../../ui/error-reason.ts';
import { fromDrafts, toDraft, type QuestionDraft } from './form-draft.ts';

type Label = { fr: string; en: string };

/** The organizer's editor of the event's feedback form (saved on the device and queued as `form.set`). */
export function FormEditor({ form }: { form: FormRecord }) {
  const { t } = useI18n();
  const [rating, setRating] = useState<Label>(form.ratingLabel);
  const [comment, setComment] = useState<Label>(form.commentLabel);
  const [drafts, setDrafts] = useState<QuestionDraft[]>(() => form.questions.map(toDraft));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();

  const edit = (index: number, change: Partial<QuestionDraft>) => setDrafts(drafts.map((d, i) => (i === index ? { ...d, ...change } : d)));
  const save = async (event: Event) => {
    event.preventDefault();
    try {
      await setForm(APP_DATABASE, { ratingLabel: rating, commentLabel: comment, questions: fromDrafts(drafts, form.questions) });
      setMessage({ ok: true, text: t('setup.saved') });
    } catch (error) {
      setMessage({ ok: false, text: t('setup.invalid', { reason: errorReason(error, t) }) });
    }
  };

  return (
    <form class="form form-editor" onSubmit={save}>
      <p class="muted">{t('setup.formHint')}</p>
      <LabelFields id="rating" legend={t('setup.ratingLabel')} value={rating} onChange={setRating} />
      {drafts.map((draft, index) => (
        <fieldset key={index} class="form-editor__question">
          <legend>{t('setup.question', { n: index + 1 })}</legend>
          <label for={`q${index}-kind`}>{t('setup.kind')}</label>
          <select id={`q${index}-kind`} value={draft.kind} onChange={(e) => edit(index, { kind: e.currentTarget.value as QuestionDraft['kind'] })}>
            {QUESTION_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`setup.kind.${kind}` as MessageKey)}
              </option>
            ))}
          </select>
          <LabelFields id={`q${index}`} value={{ fr: draft.fr, en: draft.en }} onChange={(label) => edit(index, label)} />
          {draft.kind === 'text' ? null : (
            <>
              <label for={`q${index}-choices`}>{t('setup.choices')}</label>
              <textarea id={`q${index}-choices`} class="field" rows={4} value={draft.choices} onInput={(e) => edit(index, { choices: e.currentTarget.value })} />
            </>
          )}
          <button type="button" class="button" onClick={() => setDrafts(drafts.filter((_, i) => i !== index))}>
            {t('setup.remove', { n: index + 1 })}
          </button>
        </fieldset>
      ))}
      {drafts.length < FORM_MAX_QUESTIONS ? (
        <button type="button" class="button" onClick={() => setDrafts([...drafts, { id: '', kind: 'single', fr: '', en: '', choices: '' }])}>
          {t('setup.add')}
        </button>
      ) : null}
      <LabelFields id="comment" legend={t('setup.commentLabel')} value={comment} onChange={setComment} />
      {message ? (
        <p role={message.ok ? 'status' : 'alert'} class={message.ok ? '' : 'form__error'}>
          {message.text}
        </p>
      ) : null}
      <button type="submit" class="button button--primary">
        {t('setup.save')}
      </button>
    </form>
  );
}

function LabelFields({ id, legend, value, onChange }: { id: string; legend?: string; value: Label; onChange(label: Label): void }) {
  const { t } = useI18n();
  return (
    <>
      {legend ? <p class="form-editor__legend">{legend}</p> : null}
      <label for={`${id}-fr`}>
        {legend ?? ''} {t('setup.french')}
      </label>
      <input id={`${id}-fr`} required maxLength={200} value={value.fr} onInput={(e) => onChange({ ...value, fr: e.currentTarget.value })} />
      <label for={`${id}-en`}>
        {legend ?? ''} {t('setup.english')}
      </label>
      <input id={`${id}-en`} maxLength={200} value={value.en} onInput={(e) => onChange({ ...value, en: e.currentTarget.value })} />
    </>
  );
}
