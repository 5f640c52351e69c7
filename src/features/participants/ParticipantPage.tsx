import { useState } from 'preact/hooks';
import { eraseParticipant, setFields } from '../../db/editable.ts';
import { useLiveQuery } from '../../db/live-query.ts';
import { APP_DATABASE } from '../../db/database.ts';
import type { ParticipantRow } from '../../db/schema.ts';
import { PROFILES, type Profile } from '../../shared/domain.ts';
import { formatDateTime } from '../../shared/time.ts';
import { useI18n } from '../../ui/i18n.ts';
import { errorReason } from '../../ui/error-reason.ts';
import { useLocation } from '../../ui/router.tsx';
import { BadgeCard } from './BadgeCard.tsx';
import { OrganizerOnly } from './OrganizerOnly.tsx';
import { PARTICIPANT_DETAIL_TABLES, readParticipantDetail } from './participant-detail.ts';

/** /participants/:id: one participant, their badge on screen (to show or photograph), edit and erase. */
export function ParticipantPage() {
  const { params } = useLocation();
  return <OrganizerOnly>{() => <ParticipantDetail id={params.id ?? ''} />}</OrganizerOnly>;
}

function ParticipantDetail({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const db = APP_DATABASE;
  const data = useLiveQuery(() => readParticipantDetail(db, id), PARTICIPANT_DETAIL_TABLES, [id]);
  if (data.status !== 'ready') return null;
  const { person, event, checkins, stages } = data.value;
  const timeZone = event?.timeZone ?? 'Europe/Paris';
  return (
    <section class="participant">
      <p>
        <a href="/participants">{t('participants.back')}</a>
      </p>
      {!person ? (
        <p role="alert">{t('participants.notFound')}</p>
      ) : (
        <>
          <h1>{person.erased ? t('participants.erased') : person.name}</h1>
          <h2>{t('participants.badge')}</h2>
          {person.badgeCode ? null : <p class="banner banner--warning">{t('participants.badgePendingLong')}</p>}
          <div class="badge-screen">
            <BadgeCard person={person} eventName={event?.name ?? ''} size={280} />
          </div>
          <h2>{t('participants.checkins')}</h2>
          {checkins.length === 0 ? <p class="muted">{t('participants.noCheckins')}</p> : null}
          <ul class="recent">
            {checkins.map((row) => (
              <li key={row.id} class={row.voided ? 'recent--voided' : ''}>
                <time dateTime={row.scannedAt}>{formatDateTime(row.scannedAt, timeZone, locale)}</time> {stages.get(row.stageId)?.town ?? ''}
                {row.voided ? ` (${t('participants.voided')})` : ''}
              </li>
            ))}
          </ul>
          {person.erased ? null : <EditForm key={person.id} person={person} />}
        </>
      )}
    </section>
  );
}

function EditForm({ person }: { person: ParticipantRow }) {
  const { t } = useI18n();
  const db = APP_DATABASE;
  const [draft, setDraft] = useState({ name: person.name, organisation: person.organisation, profile: person.profile, email: person.email ?? '', consent: person.consent });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const save = async (event: Event) => {
    event.preventDefault();
    const changed: Record<string, unknown> = {};
    if (draft.name.trim() !== person.name) changed.name = draft.name.trim();
    if (draft.organisation.trim() !== person.organisation) changed.organisation = draft.organisation.trim();
    if (draft.profile !== person.profile) changed.profile = draft.profile;
    const email = draft.email.trim() || null;
    if (email !== person.email) changed.email = email;
    if (draft.consent !== person.consent) changed.consent = draft.consent;
    try {
      await setFields(db, 'participant', person.id, changed);
      setMessage({ ok: true, text: t('participants.saved') });
    } catch (error) {
      setMessage({ ok: false, text: t('participants.saveFailed', { reason: errorReason(error, t) }) });
    }
  };

  const erase = async () => {
    if (!confirm(t('participants.eraseConfirm', { name: person.name }))) return;
    try {
      await eraseParticipant(db, person.id);
    } catch (error) {
      setMessage({ ok: false, text: t('participants.saveFailed', { reason: errorReason(error, t) }) });
    }
  };

  return (
    <form class="form" onSubmit={(e) => void save(e)}>
      <label for="p-name">{t('participants.name')}</label>
      <input id="p-name" required maxLength={200} value={draft.name} onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })} />
      <label for="p-organisation">{t('participants.organisation')}</label>
      <input id="p-organisation" maxLength={200} value={draft.organisation} onInput={(e) => setDraft({ ...draft, organisation: e.currentTarget.value })} />
      <label for="p-profile">{t('participants.profile')}</label>
      <select id="p-profile" value={draft.profile} onChange={(e) => setDraft({ ...draft, profile: e.currentTarget.value as Profile })}>
        {PROFILES.map((profile) => (
          <option key={profile} value={profile}>
            {t(`participants.profile.${profile}`)}
          </option>
        ))}
      </select>
      <label for="p-email">{t('participants.email')}</label>
      <input id="p-email" type="email" maxLength={254} value={draft.email} onInput={(e) => setDraft({ ...draft, email: e.currentTarget.value })} />
      <label class="checkbox">
        <input type="checkbox" checked={draft.consent} onChange={(e) => setDraft({ ...draft, consent: e.currentTarget.checked })} /> {t('participants.consent')}
      </label>
      <p class="muted">
        {t('participants.origin')} : {t(`participants.origin.${person.origin}`)}
      </p>
      {message ? (
        <p class={message.ok ? 'outcome outcome--green' : 'form__error'} role="status">
          {message.text}
        </p>
      ) : null}
      <div class="stack">
        <button type="submit" class="button button--primary">
          {t('participants.save')}
        </button>
        <button type="button" class="button button--danger" onClick={() => void erase()}>
          {t('participants.erase')}
        </button>
      </div>
    </form>
  );
}
