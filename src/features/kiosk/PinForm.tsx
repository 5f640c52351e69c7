import { useState } from 'preact/hooks';
import type { StoredPin } from '../../db/kiosk-settings.ts';
import { useI18n } from '../../ui/i18n.ts';
import { PIN_LOCKOUT_MS, PIN_MAX_MISSES, checkPin } from './pin.ts';

let misses = 0;
let lockedUntil = 0;

/** Asks for the organizer's PIN; calls onUnlock when it is right. Waits after repeated misses. */
export function PinForm({ stored, onUnlock, onCancel }: { stored: StoredPin; onUnlock(): void; onCancel(): void }) {
  const { t } = useI18n();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const wait = lockedUntil - Date.now();
    if (wait > 0) return setError(t('kiosk.pinLocked', { seconds: Math.ceil(wait / 1000) }));
    setBusy(true);
    const right = await checkPin(pin, stored);
    setBusy(false);
    if (right) {
      misses = 0;
      onUnlock();
      return;
    }
    misses += 1;
    if (misses >= PIN_MAX_MISSES) {
      misses = 0;
      lockedUntil = Date.now() + PIN_LOCKOUT_MS;
    }
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
