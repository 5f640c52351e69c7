import { PROFILES, type Profile } from './domain.ts';

/**
 * Every figure Étape shows about an event, computed here and only here: the dashboard, the
 * week's report and the server's summary all call `eventFigures` on the same rows, so a number
 * is the same wherever it appears.
 *
 * Rules: a participant is present at a stage from their earliest non-voided check-in
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
  /** How many identical check-ins this one stands for (1 when absent): the device's attendance table keeps counts. */
  count?: number;
}

export interface FigureFeedback {
  id: string;
  stageId: string;
  rating: number;
  answers: Record<string, string | string[]>;
  comment: string;
  createdAt: string;
  /** The phone or kiosk that answered. */
  deviceId?: string;
  /** The poster the phone came through, if any. */
  posterId?: string | null;
  /** Set aside by an organizer (a flooded poster, a misused phone): kept, but in no figure. */
  setAside?: boolean;
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

/** Registered participants: not erased, and not walk-ins (who are counted where they come). */
export function isRegistered(participant: FigureParticipant): boolean {
  return !participant.erased && participant.origin !== 'walk-in';
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

/** Who is present at one stage, from its non-voided check-ins: each person once, and every scan. */
interface StagePresence {
  present: Set<string>;
  scans: number;
}

/**
 * Every figure of an event from its rows. Stages in time order. Answers set aside count nowhere.
 * At a festival (80,000 check-in rows from the device's attendance, 20,000 participants) this runs
 * at every load of the dashboard: one pass over the check-ins, and each person looked up once.
 */
export function eventFigures(all: EventRows): EventFigures {
  const rows = { ...all, feedback: all.feedback.filter((answer) => !answer.setAside) };
  const participants = new Map(rows.participants.map((participant) => [participant.id, participant]));
  const presence = new Map<string, StagePresence>(); // stage → who is present there
  const stagesOf = new Map<string, number>(); // participant → how many stages they are present at
  for (const checkin of rows.checkins) {
    if (checkin.voided) continue;
    let stage = presence.get(checkin.stageId);
    if (!stage) presence.set(checkin.stageId, (stage = { present: new Set(), scans: 0 }));
    // A figure's check-in may stand for several (the device's attendance: one per participant and stage).
    stage.scans += checkin.count ?? 1;
    if (stage.present.has(checkin.participantId)) continue;
    stage.present.add(checkin.participantId);
    stagesOf.set(checkin.participantId, (stagesOf.get(checkin.participantId) ?? 0) + 1);
  }
  const profiles = Object.fromEntries(PROFILES.map((profile) => [profile, 0])) as Record<Profile, number>;
  const walkIns: string[] = []; // the people present who came as walk-ins
  let returning = 0;
  for (const [id, stages] of stagesOf) {
    const participant = participants.get(id);
    if (participant?.profile) profiles[participant.profile] += 1;
    if (participant?.origin === 'walk-in') walkIns.push(id);
    if (stages >= 2) returning += 1;
  }

  const feedbackOf = new Map<string, FigureFeedback[]>();
  for (const answer of rows.feedback) {
    const list = feedbackOf.get(answer.stageId);
    if (list) list.push(answer);
    else feedbackOf.set(answer.stageId, [answer]);
  }

  const perStage = [...rows.stages]
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id))
    .map((stage): StageFigures => {
      const { present, scans } = presence.get(stage.id) ?? { present: new Set<string>(), scans: 0 };
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
        walkIns: walkIns.filter((id) => present.has(id)).length,
        scans,
        feedbackCount: answers.length,
        meanRating: meanOf(ratings),
        ratings,
        answers: answerCounts,
      };
    });

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
      registered: rows.participants.filter(isRegistered).length,
      walkIns: walkIns.length,
      uniqueParticipants: stagesOf.size,
      returning,
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

/** Answers in this window, from one poster, flag a burst: more than a crowd leaving a talk gives. */
export const POSTER_BURST = { answers: 20, windowMs: 10 * 60_000 } as const;

/** What the dashboard shows per poster: its answers, its phones, whether they are set aside, and bursts. */
export interface PosterFigures {
  posterId: string;
  stageId: string;
  answers: number;
  phones: number;
  /** Every answer of this poster is set aside. */
  setAside: boolean;
  /** The most answers given within any POSTER_BURST.windowMs. */
  peak: number;
  burst: boolean;
  /** Its phones, most answers first: each can be set aside alone. */
  devices: { deviceId: string; answers: number; setAside: boolean }[];
}

/** Per poster, from every answer (set aside or not), in order of answers, most first. */
export function posterFigures(feedback: readonly FigureFeedback[]): PosterFigures[] {
  const byPoster = new Map<string, FigureFeedback[]>();
  for (const answer of feedback) {
    if (!answer.posterId) continue;
    const list = byPoster.get(answer.posterId);
    if (list) list.push(answer);
    else byPoster.set(answer.posterId, [answer]);
  }
  return [...byPoster.entries()]
    .map(([posterId, answers]) => {
      const times = answers.map((answer) => Date.parse(answer.createdAt)).sort((a, b) => a - b);
      let peak = 0;
      for (let end = 0, start = 0; end < times.length; end += 1) {
        while (times[end]! - times[start]! >= POSTER_BURST.windowMs) start += 1;
        peak = Math.max(peak, end - start + 1);
      }
      return {
        posterId,
        stageId: answers[0]!.stageId,
        answers: answers.length,
        phones: new Set(answers.map((answer) => answer.deviceId)).size,
        setAside: answers.every((answer) => answer.setAside),
        peak,
        burst: peak >= POSTER_BURST.answers,
        devices: phonesOf(answers),
      };
    })
    .sort((a, b) => b.answers - a.answers || a.posterId.localeCompare(b.posterId));
}

function phonesOf(answers: readonly FigureFeedback[]): PosterFigures['devices'] {
  const phones = new Map<string, { deviceId: string; answers: number; setAside: boolean }>();
  for (const answer of answers) {
    const deviceId = answer.deviceId ?? '';
    const phone = phones.get(deviceId) ?? { deviceId, answers: 0, setAside: true };
    phone.answers += 1;
    phone.setAside &&= Boolean(answer.setAside);
    phones.set(deviceId, phone);
  }
  return [...phones.values()].sort((a, b) => b.answers - a.answers || a.deviceId.localeCompare(b.deviceId));
}
