import { PROFILES, type Profile } from './domain.ts';

/**
 * Every figure Étape shows about an event, computed here and only here: the dashboard, the
 * week's report and the server's summary all call `eventFigures` on the same rows, so a number
 * is the same wherever it appears.
 *
 * Rules (DESIGN.md): a participant is present at a stage from their earliest non-voided check-in
 * there; repeats never count twice. Registered participants are those not erased who did not
 * come as walk-ins; a walk-in is counted where they are present.
 */

export interface FigureStage {
  id: string;
  town: string;
  title: string;
  startsAt: string;
}

export interface FigureTalk {
  id: string;
  stageId: string;
  partner: string;
}

export interface FigureParticipant {
  id: string;
  profile: Profile;
  origin: 'import' | 'walk-in' | 'online';
  erased?: boolean;
}

export interface FigureCheckin {
  participantId: string;
  stageId: string;
  voided: boolean | 0 | 1;
}

export interface FigureFeedback {
  id: string;
  stageId: string;
  rating: number;
  answers: Record<string, string | string[]>;
  comment: string;
  createdAt: string;
}

export interface EventRows {
  stages: readonly FigureStage[];
  talks: readonly FigureTalk[];
  participants: readonly FigureParticipant[];
  checkins: readonly FigureCheckin[];
  feedback: readonly FigureFeedback[];
}

/** Counts of each answer value of one question (a multiple choice answer counts once per option). */
export type AnswerCounts = Record<string, Record<string, number>>;

export interface StageFigures {
  stageId: string;
  town: string;
  title: string;
  startsAt: string;
  present: number;
  walkIns: number;
  /** Every non-voided scan, repeats included. */
  scans: number;
  feedbackCount: number;
  /** Mean rating over the stage's answers, or null without any. */
  meanRating: number | null;
  /** How many answers gave 1, 2, 3, 4 and 5 (index 0 is rating 1). */
  ratings: [number, number, number, number, number];
  answers: AnswerCounts;
}

export interface WeekFigures {
  stages: number;
  registered: number;
  walkIns: number;
  /** Different people present at one stage at least. */
  uniqueParticipants: number;
  /** Different people present at two stages or more. */
  returning: number;
  /** Profiles of the people present at one stage at least. */
  profiles: Record<Profile, number>;
  talks: number;
  /** Different partner organisations named on the talks (case and spacing ignored). */
  partners: number;
  feedbackCount: number;
  meanRating: number | null;
  ratings: [number, number, number, number, number];
  /** Each question's answers over the whole week. */
  answers: AnswerCounts;
}

export interface Comment {
  id: string;
  stageId: string;
  comment: string;
  rating: number;
  createdAt: string;
}

export interface EventFigures {
  week: WeekFigures;
  perStage: StageFigures[];
  /** Non-empty comments, newest first. */
  comments: Comment[];
}

const emptyRatings = (): [number, number, number, number, number] => [0, 0, 0, 0, 0];

function countAnswers(into: AnswerCounts, answers: Record<string, string | string[]>): void {
  for (const [question, value] of Object.entries(answers)) {
    const counts = (into[question] ??= {});
    for (const option of Array.isArray(value) ? value : [value]) {
      if (option.trim() === '') continue;
      counts[option] = (counts[option] ?? 0) + 1;
    }
  }
}

/** The mean of ratings with one decimal, or null when there are none. */
export function meanOf(ratings: readonly number[]): number | null {
  const total = ratings.reduce((sum, count, index) => sum + count * (index + 1), 0);
  const count = ratings.reduce((sum, n) => sum + n, 0);
  return count === 0 ? null : Math.round((total / count) * 10) / 10;
}

/** Every figure of an event from its rows. Stages in time order. */
export function eventFigures(rows: EventRows): EventFigures {
  const participants = new Map(rows.participants.map((participant) => [participant.id, participant]));
  const presentAt = new Map<string, Set<string>>(); // stage → participants present
  const stagesOf = new Map<string, Set<string>>(); // participant → stages where present
  const scans = new Map<string, number>();
  for (const checkin of rows.checkins) {
    if (checkin.voided) continue;
    scans.set(checkin.stageId, (scans.get(checkin.stageId) ?? 0) + 1);
    let present = presentAt.get(checkin.stageId);
    if (!present) presentAt.set(checkin.stageId, (present = new Set()));
    present.add(checkin.participantId);
    let stages = stagesOf.get(checkin.participantId);
    if (!stages) stagesOf.set(checkin.participantId, (stages = new Set()));
    stages.add(checkin.stageId);
  }

  const feedbackOf = new Map<string, FigureFeedback[]>();
  for (const answer of rows.feedback) {
    const list = feedbackOf.get(answer.stageId);
    if (list) list.push(answer);
    else feedbackOf.set(answer.stageId, [answer]);
  }

  const isWalkIn = (id: string) => participants.get(id)?.origin === 'walk-in';
  const perStage = [...rows.stages]
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id))
    .map((stage): StageFigures => {
      const present = presentAt.get(stage.id) ?? new Set<string>();
      const answers = feedbackOf.get(stage.id) ?? [];
      const ratings = emptyRatings();
      const answerCounts: AnswerCounts = {};
      for (const answer of answers) {
        if (answer.rating >= 1 && answer.rating <= 5) ratings[answer.rating - 1]! += 1;
        countAnswers(answerCounts, answer.answers);
      }
      return {
        stageId: stage.id,
        town: stage.town,
        title: stage.title,
        startsAt: stage.startsAt,
        present: present.size,
        walkIns: [...present].filter(isWalkIn).length,
        scans: scans.get(stage.id) ?? 0,
        feedbackCount: answers.length,
        meanRating: meanOf(ratings),
        ratings,
        answers: answerCounts,
      };
    });

  const profiles = Object.fromEntries(PROFILES.map((profile) => [profile, 0])) as Record<Profile, number>;
  for (const id of stagesOf.keys()) {
    const profile = participants.get(id)?.profile;
    if (profile) profiles[profile] += 1;
  }
  const weekRatings = emptyRatings();
  const weekAnswers: AnswerCounts = {};
  for (const answer of rows.feedback) countAnswers(weekAnswers, answer.answers);
  for (const stage of perStage) stage.ratings.forEach((count, index) => (weekRatings[index]! += count));
  const stageIds = new Set(rows.stages.map((stage) => stage.id));
  const talks = rows.talks.filter((talk) => stageIds.has(talk.stageId));
  const partners = new Set(talks.map((talk) => talk.partner.trim().replace(/\s+/g, ' ').toLocaleLowerCase('fr')).filter(Boolean));

  return {
    week: {
      stages: rows.stages.length,
      registered: rows.participants.filter((participant) => !participant.erased && participant.origin !== 'walk-in').length,
      walkIns: [...stagesOf.keys()].filter(isWalkIn).length,
      uniqueParticipants: stagesOf.size,
      returning: [...stagesOf.values()].filter((stages) => stages.size >= 2).length,
      profiles,
      talks: talks.length,
      partners: partners.size,
      feedbackCount: rows.feedback.length,
      meanRating: meanOf(weekRatings),
      ratings: weekRatings,
      answers: weekAnswers,
    },
    perStage,
    comments: rows.feedback
      .filter((answer) => answer.comment.trim() !== '')
      .map(({ id, stageId, comment, rating, createdAt }) => ({ id, stageId, comment, rating, createdAt }))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id)),
  };
}
