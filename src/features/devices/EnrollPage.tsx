import { useState } from 'preact/hooks';
import { useLocation } from '../../ui/router.tsx';
import { saveDeviceIdentity, unsentAtRisk } from '../../db/device.ts';
import { PendingOpsError } from '../../db/errors.ts';
import { APP_DATABASE } from '../../db/database.ts';
import { enrolDevice } from '../../sync/devices-api.ts';
import { HttpFailure } from '../../sync/http.ts';
import type { Role } from '../../shared/protocol.ts';
import { useI18n, type MessageKey } from '../../ui/i18n.ts';
import { errorReason } from '../../ui/error-reason.ts';
import { rememberEvent } from '../../db/current-event.ts';
import '../../ui/messages/devices.ts';

/** Where each role starts once enrolled (a kiosk asks for the organizer's PIN there first). */
const HOME: Record<Role, string> = { organizer: '/dashboard', animator: '/scan', kiosk: '/kiosk' };

/** The enrolment code from the link's fragment (`/enroll#code=…`), which never reaches the server's logs. */
export function codeFromHash(hash: string): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, '')).get('code') ?? undefined;
}

/** /enroll: names this device and trades the organizer's code for a token, then opens the role's home. */
export function EnrollPage() {
  const { t } = useI18n();
  const { route } = useLocation();
  const [code] = useState(() => codeFromHash(window.location.hash));
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  if (!code) {
    return (
      <section>
        <h1>{t('enroll.title')}</h1>
        <p role="alert">{t('enroll.noCode')}</p>
      </section>
    );
  }

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      // Checked before the code is spent: a revoked identity's ops could not be forwarded (device.ts).
      const atRisk = await unsentAtRisk(APP_DATABASE);
      if (atRisk > 0) throw new PendingOpsError(atRisk);
      const identity = await enrolDevice(code, name.trim());
      await saveDeviceIdentity(APP_DATABASE, identity);
      rememberEvent(identity.eventSlug);
      history.replaceState(null, '', '/enroll'); // the code is spent: keep it out of the history
      route(HOME[identity.role]);
    } catch (failure) {
      setError(describe(failure, t));
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>{t('enroll.title')}</h1>
      <form onSubmit={submit} class="form">
        <label for="device-name">{t('enroll.name')}</label>
        <input
          id="device-name"
          name="device-name"
          required
          maxLength={80}
          autoComplete="off"
          aria-describedby="device-name-hint"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <p id="device-name-hint" class="muted">
          {t('enroll.nameHint')}
        </p>
        {error ? <p role="alert" class="form__error">{error}</p> : null}
        <button type="submit" class="button button--primary" disabled={busy || !name.trim()}>
          {busy ? t('enroll.working') : t('enroll.submit')}
        </button>
      </form>
    </section>
  );
}

function describe(failure: unknown, t: ReturnType<typeof useI18n>['t']): string {
  if (failure instanceof PendingOpsError) return t('enroll.error.pending', { count: failure.waiting });
  if (failure instanceof HttpFailure) {
    if (failure.kind === 'offline' || failure.kind === 'timeout') return t('enroll.error.offline');
    const known = ['used-code', 'expired-code', 'unknown-code', 'rate-limited'];
    if (failure.code && known.includes(failure.code)) return t(`enroll.error.${failure.code}` as MessageKey);
  }
  return t('enroll.error.other', { reason: errorReason(failure, t) });
}
