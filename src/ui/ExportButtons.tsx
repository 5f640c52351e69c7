import { useState } from 'preact/hooks';
import './messages/participants.ts';
import type { DeviceIdentity } from '../db/device.ts';
import { fetchExport, type ExportFile } from '../sync/exports-api.ts';
import { HttpFailure } from '../sync/http.ts';
import { useI18n, type MessageKey } from './i18n.ts';

const LABELS: Record<ExportFile, MessageKey> = {
  'participants.csv': 'participants.export.participants',
  'checkins.csv': 'participants.export.checkins',
  'feedback.csv': 'participants.export.feedback',
};

/**
 * Buttons that download the server's CSV exports (they need the network: the server holds every
 * device's data), with commas or, for French Excel, semicolons.
 */
export function ExportButtons({ me, files = ['participants.csv', 'checkins.csv'] }: { me: DeviceIdentity; files?: readonly ExportFile[] }) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<string | null>(null);
  const [semicolon, setSemicolon] = useState(false);
  const download = async (file: ExportFile) => {
    setProblem(null);
    try {
      const blob = await fetchExport(me.token, me.eventSlug, file, '', semicolon ? ';' : ',');
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
      {files.map((file) => (
        <button key={file} type="button" class="button button--quiet" onClick={() => void download(file)}>
          {t(LABELS[file])}
        </button>
      ))}
      <label class="checkbox">
        <input type="checkbox" checked={semicolon} onChange={(event) => setSemicolon(event.currentTarget.checked)} />
        {t('participants.export.semicolon')}
      </label>
      {problem ? (
        <p class="form__error" role="alert">
          {problem}
        </p>
      ) : null}
    </>
  );
}
