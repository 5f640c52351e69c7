import { readForm } from '../../db/forms.ts';
import { useIdentity, useLiveQuery } from '../../db/live-query.ts';
import { APP_DATABASE } from '../../db/database.ts';
import { useI18n } from '../../ui/i18n.ts';
import '../../ui/messages/kiosk.ts';
import { FormEditor } from './FormEditor.tsx';

/** /feedback-setup (organizers): the event's feedback form (stage posters are on the Appareils page). */
export function FeedbackSetupPage() {
  const { t } = useI18n();
  const db = APP_DATABASE;
  const identity = useIdentity(db);
  const me = identity.status === 'ready' ? identity.value : undefined;
  const eventId = me?.eventId ?? '';
  const form = useLiveQuery(() => readForm(db, eventId), ['forms'], [eventId]);
  if (identity.status !== 'ready') return null;
  if (!me || me.role !== 'organizer') return <p role="alert">{t('setup.organizersOnly')}</p>;
  return (
    <section>
      <h1>{t('setup.title')}</h1>
      <h2>{t('setup.form')}</h2>
      {form.status === 'ready' ? <FormEditor key={eventId} form={form.value} /> : null}
      <p class="muted">{t('setup.postersElsewhere')}</p>
    </section>
  );
}
