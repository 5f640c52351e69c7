import { useState } from 'preact/hooks';
import { readKioskSettings, updateKioskSettings, type StoredPin } from '../../db/kiosk-settings.ts';
import { APP_DATABASE } from '../../db/database.ts';
import { useI18n } from '../../ui/i18n.ts';
import { PIN_LOCKOUT_MS, PIN_MAX_MISSES, checkPin } from './pin.ts';

/** Asks for the organizer's PIN; calls onUnlock when it is right. Waits after repeated misses. */
export function PinForm({ stored, onUnlock, onCancel }: { stored: StoredPin; onUnlock(): void; onCancel(): void }) {
  const { t } = useI18n();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  // The count of wrong tries is stored on the device: reloading the page does not reset it.
  const submit = async (event: Event) => {
    event.preventDefault();
    const db = APP_DATABASE;
    const { pinMisses, pinLockedUntil } = await readKioskSettings(db);
    const wait = pinLockedUntil - Date.now();
    if (wait > 0) return setError(t('kiosk.pinLocked', { seconds: Math.ceil(wait / 1000) }));
    setBusy(true);
    const right = await checkPin(pin, stored);
    setBusy(false);
    if (right) {
      if (pinMisses) await updateKioskSettings(db, { pinMisses: 0 });
      onUnlock();
      return;
    }
    const misses = pinMisses + 1;
    await updateKioskSettings(
      db,
      misses >= PIN_MAX_MISSES ? { pinMisses: 0, pinLockedUntil: Date.now() + PIN_LOCKOUT_MS } : { pinMisses: misses },
    );
    setPin('');
    setError(t('kiosk.pinWrong'));
  };

  return (
    <form class="form kiosk-pin" onSubmit={submit}>
      <label for="kiosk-pin">{t('kiosk.pin')}</label>
      <input
        id="kiosk-pin"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={8}
        value={pin}
        onInput={(event) => setPin(event.currentTarget.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'kiosk-pin-error' : undefined}
      />
      {error ? (
        <p id="kiosk-pin-error" role="alert" class="form__error">
          {error}
        </p>
      ) : null}
      <div class="stack">
        <button type="submit" class="button button--primary" disabled={busy || pin.length < 4}>
          {t('kiosk.unlock')}
        </button>
        <button type="button" class="button" onClick={onCancel}>
          {t('kiosk.cancel')}
        </button>
      </div>
    </form>
  );
}
