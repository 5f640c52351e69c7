import { useState } from 'preact/hooks';
import { forgetDevice, readIdentity } from '../../db/device.ts';
import { PendingOpsError } from '../../db/errors.ts';
import { useLiveQuery } from '../../db/live-query.ts';
import { exportPendingOps, importOps } from '../../db/ops-file.ts';
import { countPending } from '../../db/outbox.ts';
import { readEvent } from '../../db/records.ts';
import { APP_DATABASE } from '../../db/database.ts';
import { useI18n } from '../../ui/i18n.ts';
import '../../ui/messages/devices.ts';

/** Settings for this device: who it is, the no-network file escape hatch, and "forget this device". */
export function DeviceSection() {
  const { t } = useI18n();
  const db = APP_DATABASE;
  const state = useLiveQuery(async () => {
    const identity = await readIdentity(db);
    // The event by its name, as people know it (its slug is an address, not a word for them).
    const event = identity ? await readEvent(db, identity.eventId) : undefined;
    return { identity, eventName: event?.name || identity?.eventSlug || '', waiting: await countPending(db) };
  }, ['meta', 'events', 'outbox'], []);
  const [message, setMessage] = useState<string | undefined>();
  if (state.status !== 'ready') return null;
  const { identity, eventName, waiting } = state.value;

  const exportFile = async () => {
    if (waiting === 0) return setMessage(t('settings.exportNone'));
    const file = await exportPendingOps(db);
    const url = URL.createObjectURL(new Blob([JSON.stringify(file)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `etape-${identity?.name ?? 'appareil'}-${file.exportedAt.slice(0, 16).replace(/[:T]/g, '-')}.json`;
    link.click();
    URL.revokeObjectURL(url);
  };

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      const result = await importOps(db, JSON.parse(await file.text()));
      setMessage(t('settings.imported', { added: result.added, skipped: result.skipped }));
    } catch (error) {
      setMessage(t('settings.importFailed', { reason: error instanceof Error ? error.message : String(error) }));
    }
  };

  const forget = async () => {
    const warning = waiting ? `\n${t('settings.forgetWaiting', { count: waiting })}` : '';
    if (!window.confirm(t('settings.forgetConfirm') + warning)) return;
    try {
      await forgetDevice(db);
    } catch (error) {
      // Ops neither acknowledged nor exported are never wiped: say how many, and how to keep them.
      if (error instanceof PendingOpsError) return setMessage(t('settings.forgetPending', { count: error.waiting }));
      throw error;
    }
    window.location.assign('/programme');
  };

  return (
    <>
      <h2>{t('settings.device')}</h2>
      <p>
        {identity
          ? t('settings.deviceEnrolled', { name: identity.name, role: t(identity.poster ? 'role.posterPhone' : `role.${identity.role}`), event: eventName })
          : t('settings.notEnrolled')}
      </p>
      {identity?.revokedAt ? (
        <p role="alert" class="form__error">
          {t('settings.revoked', { count: waiting })}
        </p>
      ) : null}
      {identity ? (
        <div class="stack">
          <button type="button" class="button" onClick={() => void exportFile()}>
            {t('settings.exportOps')}
          </button>
          <label class="button" for="import-ops">
            {t('settings.importOps')}
          </label>
          <input id="import-ops" class="visually-hidden" type="file" accept="application/json,.json" onChange={(e) => void importFile(e.currentTarget)} />
        </div>
      ) : null}
      {message ? <p role="status">{message}</p> : null}
      <button type="button" class="button" onClick={() => void forget()}>
        {t('settings.forget')}
      </button>
    </>
  );
}
