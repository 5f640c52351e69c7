import '../../ui/messages/poster-answers.ts';
import { useState } from 'preact/hooks';
import { setAnswersAside } from '../../db/feedback.ts';
import { APP_DATABASE } from '../../db/database.ts';
import type { PosterFigures } from '../../shared/figures.ts';
import { useI18n, type MessageKey } from '../../ui/i18n.ts';

/**
 * One line per poster that brought answers: how many, from how many phones, a burst flagged, and
 * the control to set its answers aside (or count them again). Works offline: the decision is
 * saved on this device and synced as an edit.
 */
export function PosterAnswers({ posters, townOf }: { posters: readonly PosterFigures[]; townOf: (stageId: string) => string }) {
  const { t, locale } = useI18n();
  const [busy, setBusy] = useState('');
  const plural = (key: 'posterAnswers.answers' | 'posterAnswers.phones', count: number) =>
    t(`${key}.${new Intl.PluralRules(locale).select(count) === 'one' ? 'one' : 'other'}` as MessageKey, { count });
  const toggle = async (kind: 'poster' | 'device', id: string, setAside: boolean) => {
    setBusy(id);
    try {
      await setAnswersAside(APP_DATABASE, { kind, id }, setAside);
    } finally {
      setBusy('');
    }
  };
  return (
    <section aria-labelledby="poster-answers-title">
      <h2 id="poster-answers-title">{t('posterAnswers.title')}</h2>
      <p class="hint">{t('posterAnswers.hint')}</p>
      {posters.length === 0 ? <p>{t('posterAnswers.none')}</p> : null}
      <ul class="poster-answers" data-testid="poster-answers">
        {posters.map((poster) => (
          <li key={poster.posterId} data-poster={poster.posterId}>
            <span>
              {t('posterAnswers.line', {
                town: townOf(poster.stageId),
                poster: poster.posterId.slice(0, 8),
                answers: plural('posterAnswers.answers', poster.answers),
                phones: plural('posterAnswers.phones', poster.phones),
              })}
            </span>
            {poster.burst ? <strong class="poster-burst">⚠ {t('posterAnswers.burst', { count: poster.peak })}</strong> : null}
            {poster.setAside ? <em class="poster-set-aside">{t('posterAnswers.setAside')}</em> : null}
            <button type="button" class="button" disabled={busy === poster.posterId} onClick={() => void toggle('poster', poster.posterId, !poster.setAside)}>
              {poster.setAside ? t('posterAnswers.takeBackAction') : t('posterAnswers.setAsideAction')}
            </button>
            <details class="poster-phones">
              <summary>{t('posterAnswers.phonesOf', { phones: plural('posterAnswers.phones', poster.phones) })}</summary>
              <ul>
                {poster.devices.map((phone) => (
                  <li key={phone.deviceId} data-phone={phone.deviceId}>
                    {t('posterAnswers.phone', { phone: phone.deviceId.slice(0, 8), answers: plural('posterAnswers.answers', phone.answers) })}
                    {phone.setAside ? <em class="poster-set-aside"> {t('posterAnswers.setAside')}</em> : null}{' '}
                    <button type="button" class="button" disabled={busy === phone.deviceId} onClick={() => void toggle('device', phone.deviceId, !phone.setAside)}>
                      {phone.setAside ? t('posterAnswers.takeBackPhone') : t('posterAnswers.setAsidePhone')}
                    </button>
                  </li>
                ))}
              </ul>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
