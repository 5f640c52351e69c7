import type { Kysely } from 'kysely';
import { eventFigures, type EventRows } from '../../shared/figures.ts';
import type { Locale, Profile } from '../../shared/domain.ts';
import type { Programme } from '../../shared/programme.ts';
import type { FormRecord } from '../../shared/protocol.ts';
import { utcToZoned } from '../../shared/zoned-time.ts';
import type { Tables } from '../database/tables.ts';

/**
 * The week's report as one standalone HTML file (no script, no outside file, its style inline),
 * for the record an organizer keeps outside Étape: the same figures as the dashboard and the
 * report page (src/shared/figures.ts), in the event's language, times in the event's time zone.
 * Label–value tables rather than sentences, so that no plural is needed.
 */

const WORDS = {
  fr: {
    title: 'Rapport',
    generated: 'Fait le',
    week: 'La semaine',
    stages: 'Étapes',
    unique: 'Personnes venues',
    registered: 'Inscrites',
    returning: 'Venues à deux étapes ou plus',
    walkIns: 'Inscrites sur place',
    talks: 'Interventions',
    partners: 'Partenaires',
    answers: 'Avis',
    mean: 'Note moyenne (sur 5)',
    perStage: 'Par étape',
    day: 'Jour',
    stage: 'Étape',
    present: 'Présentes',
    scans: 'Passages',
    profiles: 'Profils des personnes venues',
    ratings: 'Notes',
    rating: 'Note',
    count: 'Nombre',
    questions: 'Réponses aux questions',
    comments: 'Commentaires',
    none: 'Aucun',
  },
  en: {
    title: 'Report',
    generated: 'Made on',
    week: 'The week',
    stages: 'Stages',
    unique: 'People who came',
    registered: 'Registered',
    returning: 'Came to two stages or more',
    walkIns: 'Registered on the spot',
    talks: 'Talks',
    partners: 'Partners',
    answers: 'Answers',
    mean: 'Mean rating (out of 5)',
    perStage: 'Per stage',
    day: 'Day',
    stage: 'Stage',
    present: 'Present',
    scans: 'Scans',
    profiles: 'Profiles of the people who came',
    ratings: 'Ratings',
    rating: 'Rating',
    count: 'Count',
    questions: 'Answers to the questions',
    comments: 'Comments',
    none: 'None',
  },
} as const;

const PROFILE_NAMES: Record<Locale, Record<Profile, string>> = {
  fr: {
    'remote-worker': 'télétravailleur',
    freelancer: 'indépendant',
    company: 'entreprise',
    'elected-official': 'élu',
    association: 'association',
    'public-agency': 'structure publique',
    pupil: 'élève',
    other: 'autre',
  },
  en: {
    'remote-worker': 'remote worker',
    freelancer: 'freelancer',
    company: 'company',
    'elected-official': 'elected official',
    association: 'association',
    'public-agency': 'public agency',
    pupil: 'pupil',
    other: 'other',
  },
};

const escape = (text: unknown) =>
  String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The rows the figures are computed from, read from the server database. */
export async function serverEventRows(db: Kysely<Tables>, eventId: string, programme: Programme): Promise<EventRows> {
  const [participants, checkins, feedback] = await Promise.all([
    db.selectFrom('participants').select(['id', 'profile', 'origin', 'erased']).where('eventId', '=', eventId).where('deleted', '=', 0).execute(),
    db.selectFrom('checkins').select(['participantId', 'stageId', 'voided']).where('eventId', '=', eventId).execute(),
    db.selectFrom('feedback').select(['id', 'stageId', 'rating', 'answers', 'comment', 'createdAt']).where('eventId', '=', eventId).execute(),
  ]);
  return {
    stages: programme.stages,
    talks: programme.talks,
    participants: participants.map((p) => ({ id: p.id, profile: p.profile as Profile, origin: p.origin as 'import', erased: Boolean(p.erased) })),
    checkins: checkins.map((c) => ({ participantId: c.participantId, stageId: c.stageId, voided: Boolean(c.voided) })),
    feedback: feedback.map((f) => ({ ...f, rating: Number(f.rating), answers: JSON.parse(f.answers) as Record<string, string | string[]> })),
  };
}

export interface ReportOptions {
  /** Ids of the comments to quote; every comment when undefined. */
  comments?: readonly string[];
  now?: Date;
}

/** The report as a complete HTML document. */
export function reportHtml(programme: Programme, rows: EventRows, form: FormRecord | undefined, options: ReportOptions = {}): string {
  const { event } = programme;
  const locale: Locale = event.defaultLocale === 'en' ? 'en' : 'fr';
  const w = WORDS[locale];
  const figures = eventFigures(rows);
  const { week } = figures;
  const number = (n: number | null) => (n === null ? '–' : new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB').format(n));
  const when = (instant: string) => {
    const { day, time } = utcToZoned(instant, event.timeZone);
    return `${day} ${time}`;
  };
  const table = (head: string[], body: (string | number | null)[][]) =>
    `<table><thead><tr>${head.map((h) => `<th scope="col">${escape(h)}</th>`).join('')}</tr></thead><tbody>${body
      .map((row) => `<tr>${row.map((cell, i) => (i === 0 ? `<th scope="row">${escape(cell)}</th>` : `<td>${typeof cell === 'number' || cell === null ? number(cell) : escape(cell)}</td>`)).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const townOf = new Map(figures.perStage.map((stage) => [stage.stageId, stage.town]));
  const chosen = figures.comments.filter((comment) => !options.comments || options.comments.includes(comment.id));
  const label = (text: { fr: string; en: string } | undefined, fallback: string) => (text ? text[locale] || text.fr : fallback);
  const questions = (form?.questions ?? []).map((question) => {
    const counts = week.answers[question.id] ?? {};
    const rows = question.kind === 'text'
      ? Object.entries(counts).map(([answer, count]) => [answer, count])
      : question.choices.map((choice) => [label(choice.label, choice.id), counts[choice.id] ?? 0]);
    return `<h3>${escape(label(question.label, question.id))}</h3>${rows.length ? table([w.questions, w.count], rows) : `<p>${w.none}</p>`}`;
  });
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(event.name)} — ${w.title}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #999; padding: 0.25rem 0.6rem; text-align: left; }
td { text-align: right; }
blockquote { border-left: 4px solid #999; margin: 0.5rem 0; padding-left: 1rem; }
@media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>${escape(event.name)} — ${w.title}</h1>
<p>${escape(event.startsOn)} – ${escape(event.endsOn)} (${escape(event.timeZone)}). ${w.generated} ${escape(when((options.now ?? new Date()).toISOString()))}.</p>
<h2>${w.week}</h2>
${table([w.week, w.count], [
    [w.stages, week.stages],
    [w.unique, week.uniqueParticipants],
    [w.registered, week.registered],
    [w.returning, week.returning],
    [w.walkIns, week.walkIns],
    [w.talks, week.talks],
    [w.partners, week.partners],
    [w.answers, week.feedbackCount],
    [w.mean, week.meanRating],
  ])}
<h2>${w.perStage}</h2>
${table([w.stage, w.day, w.present, w.walkIns, w.scans, w.answers, w.mean], figures.perStage.map((stage) => [
    `${stage.town} — ${stage.title}`,
    when(stage.startsAt),
    stage.present,
    stage.walkIns,
    stage.scans,
    stage.feedbackCount,
    stage.meanRating,
  ]))}
<h2>${w.profiles}</h2>
${table([w.profiles, w.count], Object.entries(week.profiles).map(([profile, count]) => [PROFILE_NAMES[locale][profile as Profile], count]))}
<h2>${w.ratings}</h2>
${table([w.rating, w.count], week.ratings.map((count, index) => [`${index + 1}/5`, count]))}
<h2>${w.questions}</h2>
${questions.join('\n') || `<p>${w.none}</p>`}
<h2>${w.comments}</h2>
${chosen.length ? chosen.map((c) => `<blockquote><p>${escape(c.comment)}</p><footer>${escape(townOf.get(c.stageId) ?? '')}, ${escape(when(c.createdAt))}, ${c.rating}/5</footer></blockquote>`).join('\n') : `<p>${w.none}</p>`}
</body>
</html>
`;
}
