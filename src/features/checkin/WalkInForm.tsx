import { useState } from 'preact/hooks';
import type { ParticipantRow } from '../../db/schema.ts';
import { APP_DATABASE } from '../../db/database.ts';
import { registerWalkIn } from '../../db/walk-ins.ts';
import { PROFILES, type Profile } from '../../shared/domain.ts';
import { useI18n } from '../../ui/i18n.ts';

/**
 * Registers someone who arrives unregistered, offline: name, organisation, profile, consent;
 * they are checked in by the same transaction, and their new badge is shown to be photographed.
 */
export function WalkInForm({ stageId, onDone, onError }: { stageId: string; onDone: (person: ParticipantRow) => void; onError: (error: unknown) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [profile, setProfile] = useState<Profile>('other');
  const [recordAgreed, setRecordAgreed] = useState(false);
  const [consent, setConsent] = useState(false);
  const [saving, setSaving] = useState(false);

  if (!open) {
    return (
      <button type="button" class="button" aria-expanded="false" onClick={() => setOpen(true)}>
        {t('checkin.walkIn')}
      </button>
    );
  }

  const submit = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    try {
      const { participant } = await registerWalkIn(APP_DATABASE, { name, organisation, profile, consent }, stageId);
      setName('');
      setOrganisation('');
      setProfile('other');
      setRecordAgreed(false);
      setConsent(false);
      setOpen(false);
      onDone(participant);
    } catch (error) {
      onError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="walk-in" onSubmit={(e) => void submit(e)} aria-labelledby="walk-in-title">
      <h2 id="walk-in-title">{t('checkin.walkIn')}</h2>
      <label for="walk-in-name">{t('checkin.walkInName')}</label>
      <input id="walk-in-name" class="field" required maxLength={200} autoComplete="off" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <label for="walk-in-organisation">{t('checkin.walkInOrganisation')}</label>
      <input id="walk-in-organisation" class="field" maxLength={200} autoComplete="off" value={organisation} onInput={(e) => setOrganisation(e.currentTarget.value)} />
      <label for="walk-in-profile">{t('checkin.walkInProfile')}</label>
      <select id="walk-in-profile" class="field" value={profile} onChange={(e) => setProfile(e.currentTarget.value as Profile)}>
        {PROFILES.map((value) => (
          <option key={value} value={value}>
            {t(`checkin.profile.${value}`)}
          </option>
        ))}
      </select>
      {/* Two different agreements: being recorded for the event (required), and being contacted again afterwards (the participant's "consent"). */}
      <label class="walk-in__consent">
        <input type="checkbox" required checked={recordAgreed} onChange={(e) => setRecordAgreed(e.currentTarget.checked)} />
        {t('checkin.walkInConsent')}
      </label>
      <label class="walk-in__consent">
        <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.currentTarget.checked)} />
        {t('checkin.walkInContact')}
      </label>
      <div class="walk-in__actions">
        <button type="submit" class="button button--primary" disabled={saving}>
          {t('checkin.walkInSubmit')}
        </button>
        <button type="button" class="button button--quiet" onClick={() => setOpen(false)}>
          {t('checkin.walkInCancel')}
        </button>
      </div>
    </form>
  );
}
