import { useEffect, useState } from 'preact/hooks';
import { useLocation } from '../../ui/router.tsx';
import type { DeviceIdentity } from '../../db/device.ts';
import { readForm } from '../../db/forms.ts';
import { countPending } from '../../db/outbox.ts';
import { readStage, readStagesOf } from '../../db/records.ts';
import { APP_DATABASE } from '../../db/database.ts';
import { readKioskSettings, updateKioskSettings, type KioskSettings } from '../../db/kiosk-settings.ts';
import { useIdentity, useLiveQuery } from '../../db/live-query.ts';
import { useI18n } from '../../ui/i18n.ts';
import { setKioskUnlocked } from './kiosk-lock.ts';
import '../../ui/messages/kiosk.ts';
import { FeedbackForm } from './FeedbackForm.tsx';
import { hashPin } from './pin.ts';
import { PinForm } from './PinForm.tsx';
import { StaffPanel } from './StaffPanel.tsx';
import { KioskSetup } from './KioskSetup.tsx';
import { useIdleUpdate } from './idle-update.ts';
import { useKioskSession } from './use-kiosk-session.ts';

/**
 * /kiosk: a tablet enrolled as a kiosk, locked on one stage's feedback form, offline all day.
 */
export function KioskPage() {
  const { t } = useI18n();
  const db = APP_DATABASE;
  const identity = useIdentity(db);
  const settings = useLiveQuery(() => readKioskSettings(db), ['meta'], []);
  if (identity.status !== 'ready' || settings.status !== 'ready') return null;
  const me = identity.value;
  if (!me || me.role !== 'kiosk' || me.poster) return <p role="alert">{t('kiosk.notKiosk')}</p>;
  return <Kiosk me={me} settings={settings.value} />;
}

type Mode = 'running' | 'pin' | 'staff' | 'change-stage' | 'change-pin';

function Kiosk({ me, settings }: { me: DeviceIdentity; settings: KioskSettings }) {
  const db = APP_DATABASE;
  const { route } = useLocation();
  const [mode, setMode] = useState<Mode>('running');
  const stageId = me.stageId ?? settings.stageId;
  const stages = useLiveQuery(() => readStagesOf(db, me.eventId), ['stages'], [me.eventId]);
  useEffect(() => setKioskUnlocked(false), []);

  const save = async ({ pin, stageId: chosen }: { pin: string | null; stageId: string | null }) => {
    await updateKioskSettings(db, { ...(pin ? { pin: await hashPin(pin) } : {}), ...(chosen ? { stageId: chosen } : {}) });
    setMode('running');
    void document.documentElement.requestFullscreen?.().catch(() => undefined);
  };
  const stageList = me.stageId ? null : stages.status === 'ready' ? stages.value : [];

  if (!settings.pin || !stageId) {
    return <KioskSetup askPin={!settings.pin} stages={stageId ? null : stageList} stageId={stageId} onDone={save} />;
  }
  if (mode === 'change-stage' || mode === 'change-pin') {
    return (
      <KioskSetup
        askPin={mode === 'change-pin'}
        stages={mode === 'change-stage' ? stageList : null}
        stageId={stageId}
        onDone={save}
        onCancel={() => setMode('staff')}
      />
    );
  }
  if (mode === 'pin') {
    return (
      <div class="kiosk kiosk--staff">
        <PinForm stored={settings.pin} onUnlock={() => setMode('staff')} onCancel={() => setMode('running')} />
      </div>
    );
  }
  if (mode === 'staff') {
    return (
      <div class="kiosk kiosk--staff">
        <StaffPanel
          stageId={stageId}
          canChangeStage={!me.stageId}
          onChangeStage={() => setMode('change-stage')}
          onChangePin={() => setMode('change-pin')}
          onResume={() => setMode('running')}
          onExit={() => {
            setKioskUnlocked(true);
            void document.exitFullscreen?.().catch(() => undefined);
            route('/settings');
          }}
        />
      </div>
    );
  }
  return <KioskScreen me={me} stageId={stageId} onStaff={() => setMode('pin')} />;
}

/** The participants' side: the stage's title, the form (or, once revoked, why there is none), and a discreet door for staff. */
function KioskScreen({ me, stageId, onStaff }: { me: DeviceIdentity; stageId: string; onStaff(): void }) {
  const { t } = useI18n();
  const db = APP_DATABASE;
  const form = useLiveQuery(() => readForm(db, me.eventId), ['forms'], [me.eventId]);
  const stage = useLiveQuery(() => readStage(db, stageId), ['stages'], [stageId]);
  const waiting = useLiveQuery(() => countPending(db), ['outbox'], []);
  const [session, state] = useKioskSession(stageId);
  // An app update waits for the idle screen and an empty outbox: nobody's answer is ever cut off.
  useIdleUpdate(state.step === 'faces' && !state.saving && waiting.status === 'ready' && waiting.value === 0);

  return (
    <div class="kiosk">
      <header class="kiosk__header">
        <p class="kiosk__stage">{stage.status === 'ready' && stage.value ? `${stage.value.town} · ${stage.value.title}` : t('kiosk.title')}</p>
        <button type="button" class="button button--quiet kiosk__staff" onClick={onStaff}>
          {t('kiosk.staff')}
        </button>
      </header>
      {/* The faces wait for the stage's title to be read (or to fail: then the placeholder stays):
          shown first, they would move down when the title, often two to four lines, replaced the
          one-line placeholder above them. */}
      {me.revokedAt ? (
        // Revoked by an organizer: it records nothing any more (op-logic.ts), so the form would only
        // fail; it says so, and the staff door stays, to export what was waiting (settings).
        <p role="alert" class="kiosk-revoked">
          {t('kiosk.revoked')}
        </p>
      ) : form.status === 'ready' && stage.status !== 'loading' ? (
        <FeedbackForm form={form.value} session={session} state={state} />
      ) : null}
    </div>
  );
}
