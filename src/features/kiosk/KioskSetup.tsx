import { useState } from 'preact/hooks';
import type { StageRecord } from '../../shared/domain.ts';
import { useI18n } from '../../ui/i18n.ts';
import { PIN_PATTERN } from './pin.ts';

interface Props {
  /** Ask for a new PIN (first start, or "change the PIN"). */
  askPin: boolean;
  /** The stages to choose from, or null when the enrolment fixed the stage. */
  stages: StageRecord[] | null;
  stageId: string | null;
  onDone(choice: { pin: string | null; stageId: string | null }): Promise<void>;
  onCancel?(): void;
}

/** Before kiosk mode starts (or behind the PIN): the organizer's PIN, and the stage if enrolment set none. */
export function KioskSetup({ askPin, stages, stageId, onDone, onCancel }: Props) {
  const { t } = useI18n();
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [stage, setStage] = useState(stageId ?? '');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (askPin && !PIN_PATTERN.test(pin)) return setError(t('kiosk.pinFormat'));
    if (askPin && pin !== again) return setError(t('kiosk.pinMismatch'));
    if (stages && !stage) return setError(t('kiosk.chooseStage'));
    setBusy(true);
    await onDone({ pin: askPin ? pin : null, stageId: stages ? stage : null });
    setBusy(false);
  };

  return (
    <section>
      <h1>{t('kiosk.setupTitle')}</h1>
      <form class="form" onSubmit={submit}>
        {stages ? (
          <>
            <label for="kiosk-stage">{t('kiosk.stage')}</label>
            <select id="kiosk-stage" value={stage} onChange={(event) => setStage(event.currentTarget.value)}>
              <option value="">{t('kiosk.chooseStage')}</option>
              {stages.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.town} · {s.title}
                </option>
              ))}
            </select>
          </>
        ) : null}
        {askPin ? (
          <>
            <label for="kiosk-new-pin">{t('kiosk.pin')}</label>
            <input id="kiosk-new-pin" type="password" inputMode="numeric" autoComplete="new-password" maxLength={8} aria-describedby="kiosk-pin-hint" value={pin} onInput={(e) => setPin(e.currentTarget.value)} />
            <p id="kiosk-pin-hint" class="muted">
              {t('kiosk.pinHint')}
            </p>
            <label for="kiosk-new-pin-again">{t('kiosk.pinConfirm')}</label>
            <input id="kiosk-new-pin-again" type="password" inputMode="numeric" autoComplete="new-password" maxLength={8} value={again} onInput={(e) => setAgain(e.currentTarget.value)} />
          </>
        ) : null}
        {error ? (
          <p role="alert" class="form__error">
            {error}
          </p>
        ) : null}
        <div class="stack">
          <button type="submit" class="button button--primary" disabled={busy}>
            {t('kiosk.start')}
          </button>
          {onCancel ? (
            <button type="button" class="button" onClick={onCancel}>
              {t('kiosk.cancel')}
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
