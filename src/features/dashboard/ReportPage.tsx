import '../../ui/messages/dashboard.ts';
import { APP_DATABASE } from '../../db/database.ts';
import { formatDateTime, formatDay, localDay } from '../../shared/time.ts';
import { BarChart } from '../../ui/BarChart.tsx';
import { useI18n } from '../../ui/i18n.ts';
import { RouteMap } from '../../ui/RouteMap.tsx';
import { AnswersCharts, RatingsChart } from './DashboardPage.tsx';
import { attendanceMap, formatMean } from './format.ts';
import { useFigures } from './use-figures.ts';

/**
 * The week's report: one A4 page (or a few) to print or save as PDF from the browser, in the
 * language chosen in the header, with the same figures as the dashboard and the comments the
 * organizer picked there.
 */
export function ReportPage() {
  const { t, locale } = useI18n();
  const db = APP_DATABASE;
  const data = useFigures(db);
  if (data.status === 'loading') return <p role="status">{t('programme.loading')}</p>;
  if (data.status === 'error') return <p role="alert">{data.error.message}</p>;
  if (!data.value) return <p role="alert">{t('dashboard.notOrganizer')}</p>;
  const { figures, programme, form, reportComments } = data.value;
  const { week } = figures;
  const { timeZone } = programme.event;
  const chosen = figures.comments.filter((comment) => reportComments.includes(comment.id));
  const townOf = (id: string) => figures.perStage.find((stage) => stage.stageId === id)?.town ?? '';
  return (
    <article class="report">
      <p class="actions no-print">
        <button type="button" class="button button--primary" onClick={() => print()}>
          {t('report.print')}
        </button>
      </p>
      <h1>
        {programme.event.name} — {t('report.title')}
      </h1>
      <p class="report__headline" data-testid="report-headline">
        {t('report.headline', { stages: week.stages, unique: week.uniqueParticipants, talks: week.talks, partners: week.partners })}
      </p>
      <p data-testid="report-detail">{t('report.detail', { registered: week.registered, returning: week.returning, walkIns: week.walkIns })}</p>
      <p data-testid="report-feedback">
        {week.feedbackCount > 0
          ? t('report.feedbackLine', { count: week.feedbackCount, mean: formatMean(week.meanRating, locale) })
          : t('report.noFeedback')}
      </p>
      <section class="report__stages">
        {figures.perStage.map((stage) => (
          <p key={stage.stageId} data-stage={stage.town}>
            {t('report.stageParagraph', {
              day: formatDay(localDay(stage.startsAt, timeZone), locale),
              // Most titles already start with the town ("Chanac : les modèles économiques…").
              name: stage.title.startsWith(stage.town.split(' ')[0] ?? stage.town) ? stage.title : `${stage.town} — ${stage.title}`,
              present: stage.present,
              walkIns: stage.walkIns,
              feedback: stage.feedbackCount,
              rating: stage.meanRating === null ? '' : t('report.stageRating', { mean: formatMean(stage.meanRating, locale) }),
            })}
          </p>
        ))}
      </section>
      <div class="report__charts">
        <BarChart
          title={t('dashboard.presentChart')}
          bars={figures.perStage.map((stage) => ({ label: stage.town, value: stage.present }))}
          format={(count) => t('dashboard.presentCount', { count })}
        />
        <RatingsChart title={t('dashboard.ratings')} ratings={week.ratings} t={t} />
        <AnswersCharts answers={week.answers} form={form} locale={locale} t={t} />
        <RouteMap {...attendanceMap(programme.stages, figures.perStage, t)} height={340} />
      </div>
      <section>
        <h2>{t('report.comments')}</h2>
        {chosen.length === 0 ? <p class="no-print">{t('report.chooseComments')}</p> : null}
        {chosen.map((comment) => (
          <figure key={comment.id} class="report__comment">
            <blockquote>{comment.comment}</blockquote>
            <figcaption>{t('dashboard.commentFrom', { town: townOf(comment.stageId), rating: comment.rating })}</figcaption>
          </figure>
        ))}
      </section>
      <p class="hint">{t('report.generated', { time: formatDateTime(new Date().toISOString(), timeZone, locale) })}</p>
    </article>
  );
}
