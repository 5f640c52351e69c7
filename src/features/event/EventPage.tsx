import { useEffect, useState } from 'preact/hooks';
import { readIdentity } from '../../db/device.ts';
import { setEventFields } from '../../db/editable.ts';
import { useLiveQuery } from '../../db/live-query.ts';
import { readEvent, readStagesOf } from '../../db/records.ts';
import { readReportComments } from '../../db/report.ts';
import { APP_DATABASE } from '../../db/database.ts';
import { LOCALES, type EventRecord, type Locale } from '../../shared/domain.ts';
import { eventPath } from '../../shared/programme.ts';
import { oneOrOther, useI18n } from '../../ui/i18n.ts';
import type { EventMessageKey } from '../../ui/messages/event.ts';
import '../../ui/messages/event.ts';
import { qrDataUrl } from '../../ui/qr-code.ts';
import { DownloadAllButton, failureText } from '../../ui/DownloadAllButton.tsx';
import { archiveOnServer } from '../../sync/event-api.ts';
import { changedFields, draftErrors, draftOf, stagesImpact, type EventDraft } from './event-form.ts';

/**
 * /event (organizers): the event itself — name, dates, time zone, language, description, contact,
 * place and how long personal data is kept — edited offline too (an event.set op); the programme's
 * QR for the venue's door; and, online, archiving and downloading everything as one .zip.
 */
export function EventPage() {
  const { t } = useI18n();
  const db = APP_DATABASE;
  const data = useLiveQuery(async () => {
    const me = await readIdentity(db);
    if (!me || me.role !== 'organizer') return undefined;
    const [event, stages, comments] = await Promise.all([readEvent(db, me.eventId), readStagesOf(db, me.eventId), readReportComments(db, me.eventSlug)]);
    return event && { me, event, stages, comments };
  }, ['meta', 'events', 'stages'], []);
  if (data.status !== 'ready') return null;
  if (!data.value) return <p role="alert">{t('event.notOrganizer')}</p>;
  const { me, event, stages, comments } = data.value;
  return (
    <section class="event-page">
      <h1>{t('event.title')}</h1>
      <EventForm key={event.id} event={event} stages={stages} onSave={(fields) => setEventFields(db, event.id, fields)} />
      <ProgrammeQr slug={event.slug} />
      <CloseEvent token={me.token} event={event} comments={comments} />
    </section>
  );
}

function EventForm({ event, stages, onSave }: { event: EventRecord; stages: Parameters<typeof stagesImpact>[2]; onSave(fields: ReturnType<typeof changedFields>): Promise<void> }) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<EventDraft>(() => draftOf(event));
  const [tried, setTried] = useState(false);
  const [saved, setSaved] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const errors = draftErrors(draft);
  const impact = stagesImpact(event, draft, stages);
  const datesChanged = draft.startsOn !== event.startsOn || draft.endsOn !== event.endsOn || draft.timeZone.trim() !== event.timeZone;
  const plural = oneOrOther(locale, impact.outside);
  const set = (field: keyof EventDraft) => (value: string) => {
    setSaved(false);
    setDraft((current) => ({ ...current, [field]: value }));
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(errors).length > 0) return;
    try {
      await onSave(changedFields(event, draft));
      setSaved(true);
      setProblem(null);
    } catch (error) {
      setProblem(t('event.failed', { reason: (error as Error).message }));
    }
  };
  const field = (name: keyof EventDraft, label: EventMessageKey, type = 'text', hint?: EventMessageKey) => {
    const error = tried ? errors[name] : undefined;
    const id = `event-${name}`;
    const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
    const props = { id, name, value: draft[name], 'aria-invalid': error ? true : undefined, 'aria-describedby': described };
    return (
      <div class="form__field">
        <label for={id}>{t(label)}</label>
        {name === 'description' ? (
          <textarea {...props} class="field" rows={3} maxLength={2000} onInput={(e) => set(name)(e.currentTarget.value)} />
        ) : (
          <input {...props} class="field" type={type} onInput={(e) => set(name)(e.currentTarget.value)} />
        )}
        {hint ? <p id={`${id}-hint`} class="hint">{t(hint)}</p> : null}
        {error ? <p id={`${id}-error`} class="form__error">{t(error)}</p> : null}
      </div>
    );
  };
  return (
    <form class="form" noValidate onSubmit={(e) => void submit(e)}>
      {/* An archived event is read-only: the server would refuse the edit (event-archived). */}
      <fieldset disabled={Boolean(event.archivedAt)} class="event-page__fields">
      {field('name', 'event.name')}
      {field('startsOn', 'event.startsOn', 'date')}
      {field('endsOn', 'event.endsOn', 'date')}
      {field('timeZone', 'event.timeZone', 'text', 'event.timeZoneHint')}
      <div class="form__field">
        <label for="event-locale">{t('event.locale')}</label>
        <select id="event-locale" class="field" value={draft.defaultLocale} onChange={(e) => set('defaultLocale')(e.currentTarget.value as Locale)}>
          {LOCALES.map((code) => (
            <option key={code} value={code}>
              {t(`event.locale.${code}`)}
            </option>
          ))}
        </select>
      </div>
      {field('description', 'event.description')}
      {field('contactEmail', 'event.contactEmail', 'email')}
      {field('place', 'event.place')}
      {field('retentionDays', 'event.retentionDays', 'number', 'event.retentionHint')}
      {datesChanged && (impact.outside > 0 || impact.zoneShift) ? (
        <p class="notice" role="status" data-testid="stages-impact">
          {impact.outside > 0 ? t(`event.stagesStay.${plural}`, { count: impact.outside }) : null}
          {impact.zoneShift ? ` ${t('event.zoneShift')}` : null}
        </p>
      ) : null}
      <p class="actions">
        <button type="submit" class="button button--primary">
          {t('event.save')}
        </button>
      </p>
      </fieldset>
      {saved ? <p role="status">{t('event.saved')}</p> : null}
      {problem ? <p class="form__error" role="alert">{problem}</p> : null}
    </form>
  );
}

function ProgrammeQr({ slug }: { slug: string }) {
  const { t } = useI18n();
  const link = `${location.origin}${eventPath(slug)}`;
  const [qr, setQr] = useState<string>();
  useEffect(() => {
    let live = true;
    void qrDataUrl(link, 320).then((url) => live && setQr(url));
    return () => {
      live = false;
    };
  }, [link]);
  return (
    <section class="event-qr" aria-labelledby="event-qr-title">
      <h2 id="event-qr-title">{t('event.qrTitle')}</h2>
      {qr ? <img src={qr} width={320} height={320} alt={t('event.qrAlt', { link })} /> : null}
      <p>
        <a href={link}>{link}</a>
      </p>
      <p class="no-print">
        <button type="button" class="button" onClick={() => print()}>
          {t('event.print')}
        </button>
      </p>
    </section>
  );
}

function CloseEvent({ token, event, comments }: { token: string; event: EventRecord; comments: readonly string[] }) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<string | null>(null);
  const [archivedAt, setArchivedAt] = useState(event.archivedAt ?? null);
  const archive = async () => {
    if (!confirm(t('event.archiveConfirm', { name: event.name }))) return;
    setProblem(null);
    try {
      setArchivedAt(await archiveOnServer(token, event.slug));
    } catch (error) {
      setProblem(failureText(error, t));
    }
  };
  return (
    <section class="no-print" aria-labelledby="event-close-title">
      <h2 id="event-close-title">{t('event.close')}</h2>
      <p class="hint">{t('event.closeHint')}</p>
      <p class="actions">
        <DownloadAllButton token={token} slug={event.slug} comments={comments} />
        {archivedAt ? (
          <span role="status">{t('event.archived', { day: archivedAt.slice(0, 10) })}</span>
        ) : (
          <button type="button" class="button button--danger" onClick={() => void archive()}>
            {t('event.archive')}
          </button>
        )}
      </p>
      {problem ? <p class="form__error" role="alert">{problem}</p> : null}
    </section>
  );
}
