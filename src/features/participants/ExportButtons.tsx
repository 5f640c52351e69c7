import { useState } from 'preact/hooks';
import type { DeviceIdentity } from '../../db/device.ts';
import { fetchExport, type ExportFile } from '../../sync/exports-api.ts';
import { HttpFailure } from '../../sync/http.ts';
import { useI18n } from '../../ui/i18n.ts';

/** Buttons that download the server's CSV exports (they need the network: the server holds every device's data). */
export function ExportButtons({ me }: { me: DeviceIdentity }) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<string | null>(null);
  const download = async (file: ExportFile) => {
    setProblem(null);
    try {
      const blob = await fetchExport(me.token, me.eventSlug, file);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `${me.eventSlug}-${file}`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (error) {
      const offline = error instanceof HttpFailure && (error.kind === 'offline' || error.kind === 'timeout');
      setProblem(offline ? t('participants.export.offline') : t('participants.export.failed', { reason: String((error as Error).message) }));
    }
  };
  return (
    <>
      <button type="button" class="button button--quiet" onClick={() => void download('participants.csv')}>
        {t('participants.export.participants')}
      </button>
      <button type="button" class="button button--quiet" onClick={() => void download('checkins.csv')}>
        {t('participants.export.checkins')}
      </button>
      {problem ? (
        <p class="form__error" role="alert">
          {problem}
        </p>
      ) : null}
    </>
  );
}
