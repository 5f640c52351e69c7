import { useState } from 'preact/hooks';
import { HttpFailure } from '../sync/http.ts';
import { useI18n } from './i18n.ts';
import './messages/event.ts';
import { fetchEventZip } from '../sync/event-api.ts';

/** Says why a call to the server failed: offline (try again once online) or the server's own words. */
export function failureText(error: unknown, t: ReturnType<typeof useI18n>['t']): string {
  const offline = error instanceof HttpFailure && (error.kind === 'offline' || error.kind === 'timeout');
  return offline ? t('event.needsNetwork') : t('event.failed', { reason: (error as Error).message });
}

/**
 * "Tout télécharger": the event's .zip (three CSV exports, the programme as .ics and .json, the
 * report as standalone HTML quoting the comments picked for it). Needs the network.
 */
export function DownloadAllButton({ token, slug, comments }: { token: string; slug: string; comments: readonly string[] }) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<string | null>(null);
  const download = async () => {
    setProblem(null);
    try {
      const blob = await fetchEventZip(token, slug, comments);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `${slug}.zip`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (error) {
      setProblem(failureText(error, t));
    }
  };
  return (
    <>
      <button type="button" class="button" onClick={() => void download()}>
        {t('event.downloadAll')}
      </button>
      {problem ? (
        <span class="form__error" role="alert">
          {problem}
        </span>
      ) : null}
    </>
  );
}
