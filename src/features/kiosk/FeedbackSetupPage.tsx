import { readDeviceIdentity } from '../../db/device.ts';
import { readForm } from '../../db/forms.ts';
import { useLiveQuery } from '../../db/live-query.ts';
import { database } from '../../db/schema.ts';
import { useI18n } from '../../ui/i18n.ts';
import '../../ui/messages/kiosk.ts';
import { FormEditor } from './FormEditor.tsx';
import { PosterManager } from './PosterManager.tsx';

/** /feedback-setup (organizers): the event's feedback form, and the stage posters for participants' phones. */
export function FeedbackSetupPage() {
  const { t } = useI18n();
  const db = database();
  const identity = useLiveQuery(() => readDeviceIdentity(db), [db]);
  const me = identity.status === 'ready' ? identity.value : undefined;
  const eventId = me?.eventId ?? '';
  const form = useLiveQuery(() => readForm(db, eventId), [eventId]);
  const stages = useLiveQuery(() => db.stages.where('eventId').equals(eventId).sortBy('startsAt'), [eventId]);
  if (identity.status !== 'ready') return null;
  if (!me || me.role !== 'organizer') return <p role="alert">{t('setup.organizersOnly')}</p>;
  return (
    <section>
      <h1>{t('setup.title')}</h1>
      <h2>{t('setup.form')}</h2>
      {form.status === 'ready' ? <FormEditor key={eventId} form={form.value} /> : null}
      <h2>{t('setup.posters')}</h2>
      <PosterManager me={me} stages={stages.status === 'ready' ? stages.value : []} />
    </section>
  );
}
