import { DownloadAllButton } from '../../ui/DownloadAllButton.tsx';
import '../../ui/messages/dashboard.ts';
import '../../ui/messages/participants.ts';
import '../../ui/messages/devices.ts';
import { useEffect, useState } from 'preact/hooks';
import type { DeviceIdentity } from '../../db/device.ts';
import { toggleReportComment } from '../../db/report.ts';
import { APP_DATABASE } from '../../db/database.ts';
import type { FormRow } from '../../db/schema.ts';
import { PROFILES, type Locale } from '../../shared/domain.ts';
import type { EventFigures, StageFigures } from '../../shared/figures.ts';
import { stagePath } from '../../shared/programme.ts';
import { formatDateTime } from '../../shared/time.ts';
import { listDevices, type DeviceListItem } from '../../sync/devices-api.ts';
import { fetchWithTimeout, readJson } from '../../sync/http.ts';
import { syncHeaders } from '../../sync/request.ts';
import { BarChart } from '../../ui/BarChart.tsx';
import { groupPosterPhones } from '../../ui/device-groups.ts';
import { ExportButtons } from '../../ui/ExportButtons.tsx';
import { useI18n, type Translate } from '../../ui/i18n.ts';
import { RouteMap } from '../../ui/RouteMap.tsx';
import { attendanceMap, formatMean, optionLabel, questionLabel, questionOrder } from './format.ts';
import { PosterAnswers } from './PosterAnswers.tsx';
import { SecurityLog } from './SecurityLog.tsx';
import { useFigures } from './use-figures.ts';

/**
 * The organizer's dashboard: the week's figures, per stage, the feedback and its comments, the
 * devices; recomputed from this device's database as syncs bring data in (offline too, with what
 * it has received).
 */
export function DashboardPage() {
  const { t, locale } = useI18n();
  const db = APP_DATABASE;
  const data = useFigures(db);
  if (data.status === 'loading') return <p role="status">{t('programme.loading')}</p>;
  if (data.status === 'error') return <p role="alert">{data.error.message}</p>;
  if (!data.value) return <p role="alert">{t('dashboard.notOrganizer')}</p>;
  const { figures, programme, form, identity, reportComments } = data.value;
  const { week } = figures;
  const mean = (value: number | null) => (value === null ? t('dashboard.noRating') : t('dashboard.rating', { rating: formatMean(value, locale) }));
  return (
    <section class="dashboard">
      <h1>{t('dashboard.title')}</h1>
      <p class="hint">{t('dashboard.live')}</p>
      <p class="actions">
        <a class="button" href="/report">
          {t('dashboard.report')}
        </a>
      </p>

      <h2>{t('dashboard.week')}</h2>
      <dl class="figures" data-testid="week-figures">
        <Figure label={t('dashboard.stages')} value={week.stages} name="stages" />
        <Figure label={t('dashboard.unique')} value={week.uniqueParticipants} name="unique" />
        <Figure label={t('dashboard.registered')} value={week.registered} name="registered" />
        <Figure label={t('dashboard.returning')} value={week.returning} name="returning" />
        <Figure label={t('dashboard.walkIns')} value={week.walkIns} name="walk-ins" />
        <Figure label={t('dashboard.talks')} value={week.talks} name="talks" />
        <Figure label={t('dashboard.partners')} value={week.partners} name="partners" />
        <Figure label={t('dashboard.feedbackCount')} value={week.feedbackCount} name="feedback" />
        <Figure label={t('dashboard.meanRating')} value={mean(week.meanRating)} name="mean-rating" />
      </dl>

      <h2 id="per-stage-title">{t('dashboard.perStage')}</h2>
      <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="per-stage-title">
        <table class="table" data-testid="per-stage">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.stage')}</th>
              {/* Participants register for the week, not for a stage: each stage's present count is out of the same number. */}
              <th scope="col">{t('dashboard.presentOfRegistered', { registered: week.registered })}</th>
              <th scope="col">{t('dashboard.walkIns')}</th>
              <th scope="col">{t('dashboard.scans')}</th>
              <th scope="col">{t('dashboard.feedbackCount')}</th>
              <th scope="col">{t('dashboard.meanRating')}</th>
            </tr>
          </thead>
          <tbody>
            {figures.perStage.map((stage) => (
              <tr key={stage.stageId} data-stage={stage.town}>
                <th scope="row">
                  <a href={stagePath(stage.stageId)}>{stage.town}</a>
                </th>
                <td>{stage.present}</td>
                <td>{stage.walkIns}</td>
                <td>{stage.scans}</td>
                <td>{stage.feedbackCount}</td>
                <td>{mean(stage.meanRating)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="charts">
        <BarChart
          title={t('dashboard.presentChart')}
          bars={figures.perStage.map((stage) => ({ label: stage.town, value: stage.present }))}
          format={(count) => t('dashboard.presentCount', { count })}
        />
        <BarChart
          title={t('dashboard.profiles')}
          bars={PROFILES.map((profile) => ({ label: t(`participants.profile.${profile}`), value: week.profiles[profile] }))}
          format={(count) => t('dashboard.peopleCount', { count })}
        />
      </div>

      <h2>{t('dashboard.map')}</h2>
      <RouteMap {...attendanceMap(programme.stages, figures.perStage, t)} height={340} />

      <Feedback figures={figures} form={form} slug={identity.eventSlug} chosen={reportComments} />
      <PosterAnswers posters={data.value.posters} townOf={(id) => figures.perStage.find((stage) => stage.stageId === id)?.town ?? ''} />

      <h2>{t('dashboard.exports')}</h2>
      <p class="actions">
        <ExportButtons me={identity} files={['participants.csv', 'checkins.csv', 'feedback.csv']} />
        <DownloadAllButton token={identity.token} slug={identity.eventSlug} comments={reportComments} />
      </p>

      <Devices me={identity} timeZone={programme.event.timeZone} towns={new Map(figures.perStage.map((stage) => [stage.stageId, stage.town]))} />
      <SecurityLog me={identity} timeZone={programme.event.timeZone} />
    </section>
  );
}

function Figure({ label, value, name }: { label: string; value: number | string; name: string }) {
  return (
    <div class="figure" data-figure={name}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** Bars of the ratings 1 to 5. */
export function RatingsChart({ title, ratings, t }: { title: string; ratings: StageFigures['ratings']; t: Translate }) {
  return (
    <BarChart
      title={title}
      bars={ratings.map((count, index) => ({ label: t('dashboard.stars', { rating: index + 1 }), value: count }))}
      format={(count) => t('dashboard.answersCount', { count })}
    />
  );
}

/** Each question's answers, in the form's order, with the form's labels. */
export function AnswersCharts({ answers, form, locale, t }: { answers: StageFigures['answers']; form: FormRow | undefined; locale: Locale; t: Translate }) {
  return (
    <>
      {questionOrder(form, Object.keys(answers)).map((question) => {
        const counts = Object.entries(answers[question] ?? {}).sort(([, a], [, b]) => b - a);
        if (counts.length === 0) return null;
        // A short-text question is read, not counted: its answers listed as written (the same text once, with how many gave it).
        if (form?.questions?.find((candidate) => candidate.id === question)?.kind === 'text') {
          return (
            <figure key={question} class="chart" data-question={question}>
              <figcaption class="chart__title">{t('dashboard.question', { question: questionLabel(form, question, locale) })}</figcaption>
              <ul class="text-answers">
                {counts.map(([value, count]) => (
                  <li key={value}>
                    <q>{value}</q>
                    {count > 1 ? ` (${t('dashboard.answersCount', { count })})` : null}
                  </li>
                ))}
              </ul>
            </figure>
          );
        }
        return (
          <BarChart
            key={question}
            title={t('dashboard.question', { question: questionLabel(form, question, locale) })}
            bars={counts.map(([value, count]) => ({ label: optionLabel(form, question, value, locale), value: count }))}
            format={(count) => t('dashboard.answersCount', { count })}
          />
        );
      })}
    </>
  );
}

/** The feedback, for the week or one stage: ratings, each question's answers, the comments. */
function Feedback({ figures, form, slug, chosen }: { figures: EventFigures; form: FormRow | undefined; slug: string; chosen: string[] }) {
  const { t, locale } = useI18n();
  const db = APP_DATABASE;
  const [stageId, setStageId] = useState('');
  const stage = figures.perStage.find((candidate) => candidate.stageId === stageId);
  const answers = stage ? stage.answers : figures.week.answers;
  const ratings = stage ? stage.ratings : figures.week.ratings;
  const comments = figures.comments.filter((comment) => !stageId || comment.stageId === stageId);
  const townOf = (id: string) => figures.perStage.find((candidate) => candidate.stageId === id)?.town ?? '';
  return (
    <section aria-labelledby="feedback-title">
      <h2 id="feedback-title">{t('dashboard.feedback')}</h2>
      <label for="feedback-stage">{t('dashboard.feedbackStage')}</label>
      <select id="feedback-stage" class="field" value={stageId} onChange={(event) => setStageId(event.currentTarget.value)}>
        <option value="">{t('dashboard.allStages')}</option>
        {figures.perStage.map((candidate) => (
          <option key={candidate.stageId} value={candidate.stageId}>
            {candidate.town}
          </option>
        ))}
      </select>
      <div class="charts">
        <RatingsChart title={t('dashboard.ratings')} ratings={ratings} t={t} />
        <AnswersCharts answers={answers} form={form} locale={locale} t={t} />
      </div>
      <h3>{t('dashboard.comments')}</h3>
      {comments.length === 0 ? <p>{t('dashboard.noComments')}</p> : null}
      <ul class="comments" data-testid="comments">
        {comments.map((comment) => (
          <li key={comment.id}>
            <blockquote>{comment.comment}</blockquote>
            <p class="hint">{t('dashboard.commentFrom', { town: townOf(comment.stageId), rating: comment.rating })}</p>
            <label class="checkbox">
              <input type="checkbox" checked={chosen.includes(comment.id)} onChange={() => void toggleReportComment(db, slug, comment.id)} />
              {t('dashboard.inReport')}
            </label>
          </li>
        ))}
      </ul>
    </section>
  );
}

interface RejectionItem {
  opId: string;
  deviceId: string;
  type: string;
  code: string;
  message: string;
  receivedAt: string;
}

/** The devices (last seen, ops waiting as last reported) and the refused ops: read from the server when online. */
function Devices({ me, timeZone, towns }: { me: DeviceIdentity; timeZone: string; towns: ReadonlyMap<string, string> }) {
  const { t, locale } = useI18n();
  const [state, setState] = useState<{ devices: DeviceListItem[]; rejections: RejectionItem[] } | 'offline' | undefined>();
  useEffect(() => {
    let live = true;
    Promise.all([
      listDevices(me.token),
      fetchWithTimeout('/api/sync/rejections', { headers: syncHeaders(me.token) }).then(
        async (response) => ((await readJson(response, 'The rejections')) as { rejections: RejectionItem[] }).rejections,
      ),
    ]).then(
      ([devices, rejections]) => live && setState({ devices, rejections }),
      () => live && setState('offline'),
    );
    return () => {
      live = false;
    };
  }, [me.token]);
  const when = (iso: string | null) => (iso ? formatDateTime(iso, timeZone, locale) : t('dashboard.never'));
  return (
    <section aria-labelledby="devices-title">
      <h2 id="devices-title">{t('dashboard.devices')}</h2>
      {state === 'offline' ? <p role="status">{t('dashboard.offline')}</p> : null}
      {state && state !== 'offline' ? (
        <>
          <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="devices-title">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.device')}</th>
                  <th scope="col">{t('dashboard.role')}</th>
                  <th scope="col">{t('dashboard.lastSeen')}</th>
                  <th scope="col">{t('dashboard.waiting')}</th>
                </tr>
              </thead>
              <tbody>
                {groupPosterPhones(state.devices).map((line) =>
                  line.kind === 'poster' ? (
                    <tr key={line.posterId} data-poster={line.posterId}>
                      <th scope="row">{t('devices.posterLine', { town: (line.stageId && towns.get(line.stageId)) || '–' })}</th>
                      <td>{t('devices.posterPhones', { phones: line.phones, answers: line.answers })}</td>
                      <td>{when(line.lastSeenAt)}</td>
                      <td>{line.pendingOps ?? t('dashboard.unknown')}</td>
                    </tr>
                  ) : (
                    <tr key={line.device.id}>
                      <th scope="row">{line.device.name}</th>
                      <td>{t(`role.${line.device.role}`)}</td>
                      <td>{when(line.device.lastSeenAt)}</td>
                      <td>{line.device.pendingOps ?? t('dashboard.unknown')}</td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </div>
          <h3>{t('dashboard.rejections')}</h3>
          {state.rejections.length === 0 ? <p>{t('dashboard.noRejections')}</p> : null}
          <ul>
            {state.rejections.map((rejection) => (
              <li key={`${rejection.deviceId}-${rejection.opId}`}>
                {when(rejection.receivedAt)} · {state.devices.find((device) => device.id === rejection.deviceId)?.name ?? rejection.deviceId} ·{' '}
                {rejection.type} · {rejection.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
