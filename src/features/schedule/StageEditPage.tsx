import '../../ui/messages/schedule.ts';
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { currentEventSlug } from '../../db/current-event.ts';
import { deleteRecord, deleteStage, setFields } from '../../db/editable.ts';
import { PROGRAMME_TABLES, readProgramme } from '../../db/programme.ts';
import { APP_DATABASE } from '../../db/database.ts';
import { useIdentity, useLiveQuery } from '../../db/live-query.ts';
import { STAGE_KINDS, type StageRecord, type TalkRecord } from '../../shared/domain.ts';
import { stagePath } from '../../shared/programme.ts';
import { useI18n } from '../../ui/i18n.ts';
import { errorReason } from '../../ui/error-reason.ts';
import { useLocation } from '../../ui/router.tsx';
import { changedFields, checkStage, checkTalk, stageForm, talkForm, type Checked, type FieldError } from './validate.ts';

type Errors<Form> = Partial<Record<keyof Form, FieldError>>;

/**
 * The organizer's editor of one stage and its talks (`/stages/new`, `/stages/:id/edit`). Every
 * save is written on this device at once with its op, offline too, and reaches the other
 * devices through sync; only the fields changed travel.
 */
export function StageEditPage() {
  const { t } = useI18n();
  const { params } = useLocation();
  const db = APP_DATABASE;
  const slug = currentEventSlug();
  const stored = useLiveQuery(() => readProgramme(db, slug), PROGRAMME_TABLES, [slug], db);
  const identity = useIdentity(db);
  if (stored.status === 'loading' || identity.status === 'loading') return <p role="status">{t('programme.loading')}</p>;
  if (stored.status === 'error') return <p role="alert">{stored.error.message}</p>;
  if (identity.status === 'error' || identity.value?.role !== 'organizer' || !stored.value) {
    return <p role="alert">{t('edit.notOrganizer')}</p>;
  }
  const programme = stored.value;
  const stage = params['id'] ? programme.stages.find((candidate) => candidate.id === params['id']) : undefined;
  if (params['id'] && !stage) return <p role="alert">{t('stage.notFound')}</p>;
  const talks = stage ? programme.talks.filter((talk) => talk.stageId === stage.id) : [];
  return (
    <section class="editor">
      <p>
        <a href={stage ? stagePath(stage.id) : '/programme'}>← {stage ? stage.town : t('stage.back')}</a>
      </p>
      <h1>{stage ? t('edit.stageHeading', { town: stage.town }) : t('edit.newStage')}</h1>
      <p class="hint">{t('edit.timesIn', { zone: programme.event.timeZone })}</p>
      <StageEditor key={stage?.id ?? 'new'} stage={stage} timeZone={programme.event.timeZone} firstDay={programme.event.startsOn} />
      {stage ? (
        <>
          <h2>{t('edit.talks')}</h2>
          {talks.map((talk) => (
            <TalkEditor key={talk.id} talk={talk} stage={stage} timeZone={programme.event.timeZone} />
          ))}
          <TalkEditor key={`new-${talks.length}`} stage={stage} timeZone={programme.event.timeZone} />
        </>
      ) : null}
    </section>
  );
}

/** A labelled field with its error, tied together for screen readers. */
function Field(props: {
  id: string;
  label: string;
  error?: FieldError;
  children: (attributes: { id: string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string }) => JSX.Element;
}) {
  const { t } = useI18n();
  const errorId = `${props.id}-error`;
  return (
    <div class="form__field">
      <label for={props.id}>{props.label}</label>
      {props.children({ id: props.id, ...(props.error ? { 'aria-invalid': 'true', 'aria-describedby': errorId } : {}) })}
      {props.error ? (
        <p id={errorId} class="form__error">
          {t(props.error.key, props.error.params)}
        </p>
      ) : null}
    </div>
  );
}

type Status = { tone: 'ok' | 'error'; text: string } | null;

/**
 * The state of one editor form: its fields as typed, the errors per field, the line that says
 * what happened, and a submit that checks first and writes only a form without errors.
 */
function useEditor<Form extends object, Fields>(prefix: string, initial: () => Form, check: (form: Form) => Checked<Form, Fields>) {
  const { t } = useI18n();
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<Errors<Form>>({});
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  const set = (name: keyof Form) => (event: Event) => setForm({ ...form, [name]: (event.currentTarget as HTMLInputElement).value });
  const failed = (error: unknown) =>
    setStatus({ tone: 'error', text: t('edit.failed', { reason: errorReason(error, t) }) });
  const submit = (write: (fields: Fields) => Promise<void>) => async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const checked = check(form);
    if (!checked.ok) {
      setErrors(checked.errors);
      setStatus({ tone: 'error', text: t('edit.fixErrors') });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await write(checked.fields);
      setStatus({ tone: 'ok', text: t('edit.saved') });
    } catch (error) {
      failed(error);
    } finally {
      setBusy(false);
    }
  };
  const text = (name: keyof Form & string, label: string, type = 'text') => (
    <Field id={`${prefix}-${name}`} label={label} error={errors[name]}>
      {(attributes) => <input {...attributes} type={type} value={String(form[name])} onInput={set(name)} />}
    </Field>
  );
  return { form, errors, status, busy, set, submit, failed, text };
}

function StatusLine({ status }: { status: Status }) {
  if (!status) return null;
  return (
    <p role={status.tone === 'error' ? 'alert' : 'status'} class={status.tone === 'error' ? 'form__error' : 'form__ok'}>
      {status.text}
    </p>
  );
}

function StageEditor({ stage, timeZone, firstDay }: { stage?: StageRecord; timeZone: string; firstDay: string }) {
  const { t } = useI18n();
  const { route } = useLocation();
  const db = APP_DATABASE;
  const prefix = `stage-${stage?.id ?? 'new'}`;
  const { form, errors, status, busy, set, submit, failed, text } = useEditor(
    prefix,
    () => stageForm(stage, timeZone, firstDay),
    (typed) => checkStage(typed, timeZone),
  );
  // Compared with the stage as it was when the form opened, not as a later pull changed it: a
  // field someone else changed meanwhile is not sent back with its old value.
  const [opened, setOpened] = useState(() => stage);
  const save = submit(async (fields) => {
    const id = stage?.id ?? crypto.randomUUID();
    await setFields(db, 'stage', id, changedFields(opened, fields));
    if (opened) setOpened({ ...opened, ...fields });
    if (!stage) route(`${stagePath(id)}/edit`, true);
  });

  const remove = async () => {
    if (!stage || !confirm(t('edit.confirmDeleteStage', { town: stage.town }))) return;
    try {
      await deleteStage(db, stage.id);
      route('/programme');
    } catch (error) {
      failed(error);
    }
  };

  return (
    <form class="form" onSubmit={save} noValidate>
      {text('title', t('edit.title'))}
      {text('town', t('edit.town'))}
      {text('venue', t('edit.venue'))}
      {text('address', t('edit.address'))}
      <div class="form__row">
        {text('lat', t('edit.lat'))}
        {text('lng', t('edit.lng'))}
      </div>
      <div class="form__row">
        {text('day', t('edit.day'), 'date')}
        {text('starts', t('edit.starts'), 'time')}
        {text('ends', t('edit.ends'), 'time')}
      </div>
      <Field id={`${prefix}-kind`} label={t('edit.kind')}>
        {(attributes) => (
          <select {...attributes} value={form.kind} onChange={set('kind')}>
            {STAGE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`stage.kind.${kind}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${prefix}-theme`} label={t('edit.theme')} error={errors.theme}>
        {(attributes) => <textarea {...attributes} rows={3} value={form.theme} onInput={set('theme')} />}
      </Field>
      <Field id={`${prefix}-hosts`} label={t('edit.hosts')} error={errors.hosts}>
        {(attributes) => <textarea {...attributes} rows={3} value={form.hosts} onInput={set('hosts')} />}
      </Field>
      <StatusLine status={status} />
      <p class="actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {t('edit.save')}
        </button>
        {stage ? (
          <button type="button" class="button" onClick={() => void remove()}>
            {t('edit.deleteStage')}
          </button>
        ) : null}
      </p>
    </form>
  );
}

function TalkEditor({ talk, stage, timeZone }: { talk?: TalkRecord; stage: StageRecord; timeZone: string }) {
  const { t } = useI18n();
  const db = APP_DATABASE;
  const prefix = `talk-${talk?.id ?? 'new'}`;
  const { form, errors, status, busy, set, submit, failed, text } = useEditor(
    prefix,
    () => talkForm(talk, stage, timeZone),
    (typed) => checkTalk(typed, stage, timeZone),
  );
  const [opened, setOpened] = useState(() => talk);
  const save = submit(async (fields) => {
    await setFields(db, 'talk', talk?.id ?? crypto.randomUUID(), changedFields(opened, fields));
    if (opened) setOpened({ ...opened, ...fields });
  });

  const remove = async () => {
    if (!talk || !confirm(t('edit.confirmDeleteTalk', { title: talk.title }))) return;
    try {
      await deleteRecord(db, 'talk', talk.id);
    } catch (error) {
      failed(error);
    }
  };

  const headingId = `${prefix}-heading`;
  return (
    <form class="form talk-editor" onSubmit={save} noValidate aria-labelledby={headingId}>
      <h3 id={headingId}>{talk ? t('edit.talkHeading', { title: talk.title }) : t('edit.newTalk')}</h3>
      {text('title', t('edit.title'))}
      <div class="form__row">
        {text('starts', t('edit.starts'), 'time')}
        {text('ends', t('edit.ends'), 'time')}
      </div>
      <Field id={`${prefix}-speakers`} label={t('edit.speakers')} error={errors.speakers}>
        {(attributes) => <textarea {...attributes} rows={2} value={form.speakers} onInput={set('speakers')} />}
      </Field>
      {text('partner', t('edit.partner'))}
      <StatusLine status={status} />
      <p class="actions">
        <button type="submit" class="button button--primary" disabled={busy}>
          {t('edit.save')}
        </button>
        {talk ? (
          <button type="button" class="button" onClick={() => void remove()}>
            {t('edit.deleteTalk')}
          </button>
        ) : null}
      </p>
    </form>
  );
}
