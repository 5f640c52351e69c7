import { useEffect, useState } from 'preact/hooks';
import type { DeviceIdentity } from '../../db/device.ts';
import { useLiveQuery } from '../../db/live-query.ts';
import { readStagesOf } from '../../db/records.ts';
import { APP_DATABASE } from '../../db/database.ts';
import type { StageRecord } from '../../shared/domain.ts';
import { createPoster, listPosters, revokePoster, type PosterItem } from '../../sync/devices-api.ts';
import { useI18n } from '../../ui/i18n.ts';
import { qrDataUrl } from '../../ui/qr-code.ts';
import '../../ui/messages/posters.ts';

/**
 * Organizers, online: make a stage poster (a QR to print for participants' phones), see how many
 * phones came through each, withdraw one (which revokes those phones, like any device here).
 */
export function PosterSection({ me }: { me: DeviceIdentity }) {
  const { t } = useI18n();
  const db = APP_DATABASE;
  const loaded = useLiveQuery(() => readStagesOf(db, me.eventId), ['stages'], [me.eventId]);
  const stages: StageRecord[] = loaded.status === 'ready' ? loaded.value : [];
  const [posters, setPosters] = useState<PosterItem[] | 'offline' | undefined>();
  const [stageId, setStageId] = useState('');
  const [made, setMade] = useState<{ link: string; qr: string; stage: string } | undefined>();
  const load = () => listPosters(me.token).then(setPosters, () => setPosters('offline'));
  useEffect(() => void load(), [me.token]);
  const title = (id: string) => {
    const stage = stages.find((s) => s.id === id);
    return stage ? `${stage.town} · ${stage.title}` : id;
  };

  const make = async (event: Event) => {
    event.preventDefault();
    if (!stageId) return;
    try {
      const poster = await createPoster(me.token, stageId);
      const link = `${window.location.origin}${poster.path}`;
      setMade({ link, qr: await qrDataUrl(link, 420), stage: title(stageId) });
      await load();
    } catch {
      setPosters('offline');
    }
  };

  return (
    <>
      <h2>{t('setup.posters')}</h2>
      <p class="muted">{t('setup.postersHint')}</p>
      <form class="form" onSubmit={make}>
        <label for="poster-stage">{t('poster.stage')}</label>
        <select id="poster-stage" value={stageId} onChange={(e) => setStageId(e.currentTarget.value)}>
          <option value="">{t('poster.chooseStage')}</option>
          {stages.map((s) => (
            <option key={s.id} value={s.id}>
              {s.town} · {s.title}
            </option>
          ))}
        </select>
        <button type="submit" class="button button--primary" disabled={!stageId}>
          {t('poster.make')}
        </button>
      </form>
      {made ? (
        <div class="poster-sheet">
          <h3>{made.stage}</h3>
          <img src={made.qr} alt={made.link} width="420" height="420" />
          <p>{t('poster.made', { stage: made.stage })}</p>
          <p>
            <a href={made.link}>{made.link}</a>
          </p>
          <button type="button" class="button" onClick={() => window.print()}>
            {t('setup.print')}
          </button>
        </div>
      ) : null}
      {posters === 'offline' ? <p role="status">{t('setup.offline')}</p> : null}
      {Array.isArray(posters) && posters.length ? (
        <ul class="recent">
          {posters.map((poster) => (
            <li key={poster.id}>
              <span class={poster.revokedAt ? 'recent--voided' : ''}>
                {title(poster.stageId)} · {t('setup.phones', { count: poster.phones })}
              </span>
              {poster.revokedAt ? (
                <span>{t('poster.revoked')}</span>
              ) : (
                <button type="button" class="button" onClick={() => void revokePoster(me.token, poster.id).then(load, () => setPosters('offline'))}>
                  {t('poster.revoke')}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
