import type { FormRecord, Question } from '../../shared/protocol.ts';
import { FEEDBACK_COMMENT_MAX } from '../../shared/protocol.ts';
import { useI18n, type MessageKey } from '../../ui/i18n.ts';
import { Face } from './Face.tsx';
import type { KioskSession, SessionState } from './session.ts';

interface Props {
  form: FormRecord;
  session: KioskSession;
  state: SessionState;
  /** Shown under "Merci !" (e.g. "sent as soon as this phone has a network"). */
  thanksNote?: string;
  /** The button after "Merci !": "Au suivant" on a kiosk, "Donner un autre avis" on a participant's own phone. */
  nextLabel?: string;
}

const RATINGS = [1, 2, 3, 4, 5];
const faceKey = (rating: number) => `kiosk.face${rating}` as MessageKey;

/** One person's turn: the faces, then the questions, then "Merci !". Big targets, French or English labels. */
export function FeedbackForm({ form, session, state, thanksNote, nextLabel }: Props) {
  const { t, locale } = useI18n();
  const label = (text: { fr: string; en: string }) => (locale === 'en' && text.en ? text.en : text.fr);

  if (state.step === 'thanks') {
    return (
      <div class="kiosk-thanks" role="status">
        <p class="kiosk-thanks__title">{t('kiosk.thanks')}</p>
        <p>{thanksNote ?? t('kiosk.thanksMore')}</p>
        <button type="button" class="button kiosk-big" onClick={() => session.restart()}>
          {nextLabel ?? t('kiosk.next')}
        </button>
      </div>
    );
  }

  if (state.step === 'faces') {
    return (
      <fieldset class="kiosk-faces">
        <legend class="kiosk-question">{label(form.ratingLabel)}</legend>
        <p class="muted">{t('kiosk.tapFace')}</p>
        <div class="kiosk-faces__row">
          {RATINGS.map((rating) => (
            <button
              key={rating}
              type="button"
              class="kiosk-face"
              aria-label={t('kiosk.faceLabel', { label: t(faceKey(rating)), rating })}
              onClick={() => session.rate(rating)}
            >
              <Face rating={rating} />
              <span>{t(faceKey(rating))}</span>
            </button>
          ))}
        </div>
      </fieldset>
    );
  }

  const rating = state.draft.rating ?? 3;
  const tooLong = state.draft.comment.length > FEEDBACK_COMMENT_MAX;
  return (
    <form
      class="kiosk-questions"
      onSubmit={(event) => {
        event.preventDefault();
        void session.submit();
      }}
      onPointerDown={() => session.touch()}
      onKeyDown={() => session.touch()}
    >
      <p class="kiosk-rated">
        <span class="kiosk-rated__face">
          <Face rating={rating} />
        </span>
        {t('kiosk.yourRating', { label: t(faceKey(rating)) })}
        <button type="button" class="button" onClick={() => session.restart()}>
          {t('kiosk.restart')}
        </button>
      </p>
      {form.questions.map((question) => (
        <QuestionField key={question.id} question={question} state={state} session={session} label={label} />
      ))}
      <label class="kiosk-question" for="kiosk-comment">
        {label(form.commentLabel)}
      </label>
      <textarea
        id="kiosk-comment"
        class="field kiosk-comment"
        rows={3}
        value={state.draft.comment}
        aria-describedby="kiosk-comment-count"
        aria-invalid={tooLong}
        onInput={(event) => session.comment(event.currentTarget.value)}
      />
      <p id="kiosk-comment-count" class={tooLong ? 'form__error' : 'muted'}>
        {t('kiosk.commentCount', { count: state.draft.comment.length, max: FEEDBACK_COMMENT_MAX })}
      </p>
      {state.problem ? (
        <p role="alert" class="form__error">
          {t(state.problem, { max: FEEDBACK_COMMENT_MAX })}
        </p>
      ) : null}
      <button type="submit" class="button button--primary kiosk-big" disabled={state.saving}>
        {state.saving ? t('kiosk.sending') : t('kiosk.send')}
      </button>
    </form>
  );
}

function QuestionField({
  question,
  state,
  session,
  label,
}: {
  question: Question;
  state: SessionState;
  session: KioskSession;
  label: (text: { fr: string; en: string }) => string;
}) {
  const value = state.draft.answers[question.id];
  if (question.kind === 'text') {
    return (
      <>
        <label class="kiosk-question" for={`q-${question.id}`}>
          {label(question.label)}
        </label>
        <input
          id={`q-${question.id}`}
          class="field"
          maxLength={500}
          value={typeof value === 'string' ? value : ''}
          onInput={(event) => session.text(question.id, event.currentTarget.value)}
        />
      </>
    );
  }
  const multiple = question.kind === 'multiple';
  return (
    <fieldset class="kiosk-choices" role={multiple ? undefined : 'radiogroup'}>
      <legend class="kiosk-question">{label(question.label)}</legend>
      {question.choices.map((choice) => {
        const checked = multiple ? Array.isArray(value) && value.includes(choice.id) : value === choice.id;
        return (
          <button
            key={choice.id}
            type="button"
            class={`kiosk-choice${checked ? ' kiosk-choice--on' : ''}`}
            role={multiple ? 'checkbox' : 'radio'}
            aria-checked={checked}
            onClick={() => (multiple ? session.toggle(question.id, choice.id) : session.answer(question.id, choice.id))}
          >
            {label(choice.label)}
          </button>
        );
      })}
    </fieldset>
  );
}
