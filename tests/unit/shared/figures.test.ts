import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../../src/shared/domain.ts';
import { eventFigures, isRegistered, meanOf, posterFigures, type EventRows, type FigureCheckin, type FigureParticipant } from '../../../src/shared/figures.ts';

const stages = [
  { id: 's2', town: 'Mende', title: 'Atelier vidéo', startsAt: '2026-11-24T08:30:00.000Z' },
  { id: 's1', town: 'Langogne', title: 'Commerce connecté', startsAt: '2026-11-23T13:00:00.000Z' },
];
const rows = (overrides: Partial<EventRows> = {}): EventRows => ({
  stages,
  talks: [
    { id: 't1', stageId: 's1', partner: 'CCI de la Lozère' },
    { id: 't2', stageId: 's1', partner: 'cci  de la lozère' },
    { id: 't3', stageId: 's2', partner: 'L’Atelier' },
    { id: 't4', stageId: 's2', partner: '' },
    { id: 'orphan', stageId: 'gone', partner: 'Ailleurs' },
  ],
  participants: [
    { id: 'p1', profile: 'freelancer', origin: 'import' },
    { id: 'p2', profile: 'elected-official', origin: 'import' },
    { id: 'p3', profile: 'pupil', origin: 'walk-in' },
    { id: 'p4', profile: 'company', origin: 'online' },
    { id: 'p5', profile: 'other', origin: 'import', erased: true },
  ],
  checkins: [
    { participantId: 'p1', stageId: 's1', voided: 0 },
    { participantId: 'p1', stageId: 's1', voided: 0 }, // a repeat: one presence, two scans
    { participantId: 'p1', stageId: 's2', voided: 0 },
    { participantId: 'p2', stageId: 's1', voided: 1 }, // undone: not present
    { participantId: 'p3', stageId: 's2', voided: 0 },
    { participantId: 'unknown-yet', stageId: 's2', voided: 0 }, // a signed badge not synced here yet
  ],
  feedback: [
    { id: 'f1', stageId: 's1', rating: 5, answers: { q1: 'oui', q2: ['a', 'b'] }, comment: 'Très utile', createdAt: '2026-11-23T16:00:00.000Z' },
    { id: 'f2', stageId: 's1', rating: 4, answers: { q1: 'non', q2: ['a'] }, comment: '  ', createdAt: '2026-11-23T16:01:00.000Z' },
    { id: 'f3', stageId: 's2', rating: 2, answers: { q1: 'oui', q3: '' }, comment: '=HYPERLINK("x")', createdAt: '2026-11-24T12:00:00.000Z' },
  ],
  ...overrides,
});

describe('the event figures (one computation for the dashboard, the report and the server)', () => {
  it('counts a check-in standing for several (the device keeps counts) as that many scans, and one presence', () => {
    const counted = rows({ checkins: [{ participantId: 'p1', stageId: 's1', voided: 0, count: 3 }] });
    const repeated = rows({ checkins: Array.from({ length: 3 }, () => ({ participantId: 'p1', stageId: 's1', voided: 0 as const })) });
    expect(eventFigures(counted)).toEqual(eventFigures(repeated));
    expect(eventFigures(counted).perStage.find((stage) => stage.stageId === 's1')).toMatchObject({ present: 1, scans: 3 });
  });

  it('counts presence once per person and stage from non-voided check-ins, stages in time order', () => {
    const { perStage } = eventFigures(rows());
    expect(perStage.map((stage) => [stage.town, stage.present, stage.scans, stage.walkIns])).toEqual([
      ['Langogne', 1, 2, 0],
      ['Mende', 3, 3, 1],
    ]);
  });

  it('gives the week: registered without walk-ins or erased people, unique and returning participants, profiles', () => {
    const { week } = eventFigures(rows());
    expect(week).toMatchObject({ stages: 2, registered: 3, walkIns: 1, uniqueParticipants: 3, returning: 1 });
    expect(week.profiles).toMatchObject({ freelancer: 1, pupil: 1, 'elected-official': 0, company: 0 });
  });

  it('counts talks of the programme and partners named differently only once', () => {
    const { week } = eventFigures(rows());
    expect(week.talks).toBe(4);
    expect(week.partners).toBe(2);
  });

  it('gives ratings, their means, the answers per question and the non-empty comments newest first', () => {
    const { perStage, week, comments } = eventFigures(rows());
    expect(perStage[0]).toMatchObject({ feedbackCount: 2, meanRating: 4.5, ratings: [0, 0, 0, 1, 1], answers: { q1: { oui: 1, non: 1 }, q2: { a: 2, b: 1 } } });
    expect(perStage[1]).toMatchObject({ feedbackCount: 1, meanRating: 2, answers: { q1: { oui: 1 } } });
    expect(perStage[1]!.answers['q3']).toEqual({});
    expect(week).toMatchObject({ feedbackCount: 3, meanRating: 3.7, ratings: [0, 1, 0, 1, 1], answers: { q1: { oui: 2, non: 1 }, q2: { a: 2, b: 1 }, q3: {} } });
    expect(comments.map((comment) => comment.id)).toEqual(['f3', 'f1']);
  });

  it('says "no rating" rather than 0 for a stage without answers', () => {
    const { perStage, week } = eventFigures(rows({ feedback: [] }));
    expect(perStage.map((stage) => stage.meanRating)).toEqual([null, null]);
    expect(week.meanRating).toBeNull();
    expect(meanOf([0, 0, 0, 0, 0])).toBeNull();
  });
});

describe('answers set aside and posters', () => {
  const flood = Array.from({ length: 25 }, (_, i) => ({
    id: `flood-${i}`,
    stageId: 's1',
    rating: 1,
    answers: {},
    comment: i === 0 ? 'nul' : '',
    createdAt: new Date(Date.parse('2026-11-23T17:00:00.000Z') + i * 10_000).toISOString(),
    deviceId: `phone-${i % 5}`,
    posterId: 'poster-1',
    setAside: true,
  }));

  it('leaves answers set aside out of every figure: counts, means, answers and comments', () => {
    const clean = eventFigures(rows());
    const flooded = eventFigures(rows({ feedback: [...rows().feedback, ...flood] }));
    expect(flooded.week).toEqual(clean.week);
    expect(flooded.perStage).toEqual(clean.perStage);
    expect(flooded.comments).toEqual(clean.comments);
    const counted = eventFigures(rows({ feedback: [...rows().feedback, ...flood.map((answer) => ({ ...answer, setAside: false }))] }));
    expect(counted.week.feedbackCount).toBe(clean.week.feedbackCount + 25);
  });

  it('counts answers and phones per poster and flags a burst (20 answers within 10 minutes)', () => {
    const calm = Array.from({ length: 20 }, (_, i) => ({
      ...flood[0]!,
      id: `calm-${i}`,
      posterId: 'poster-2',
      deviceId: `calm-phone-${i}`,
      setAside: false,
      createdAt: new Date(Date.parse('2026-11-23T09:00:00.000Z') + i * 60_000).toISOString(),
    }));
    const [flooded, quiet, ...none] = posterFigures([...rows().feedback, ...flood, ...calm]);
    expect(none).toEqual([]);
    expect(flooded).toMatchObject({ posterId: 'poster-1', stageId: 's1', answers: 25, phones: 5, setAside: true, peak: 25, burst: true });
    expect(flooded!.devices).toEqual([0, 1, 2, 3, 4].map((i) => ({ deviceId: `phone-${i}`, answers: 5, setAside: true })));
    expect(quiet).toMatchObject({ posterId: 'poster-2', stageId: 's1', answers: 20, phones: 20, setAside: false, peak: 10, burst: false });
    expect(quiet!.devices).toHaveLength(20);
  });

  it('counts presence as its rules say, for any check-ins and participants', () => {
    // The rules, one figure at a time and as plainly as they read (eventFigures does it in one pass).
    const presentAt = (checkins: readonly FigureCheckin[], stageId: string) => new Set(checkins.filter((c) => !c.voided && c.stageId === stageId).map((c) => c.participantId));
    const person = (participants: readonly FigureParticipant[], id: string) => participants.findLast((participant) => participant.id === id);
    const ids = ['p1', 'p2', 'p3', 'p4', 'p5', 'unknown'];
    const participant = fc.record(
      { id: fc.constantFrom(...ids), profile: fc.constantFrom(...PROFILES), origin: fc.constantFrom('import' as const, 'walk-in' as const, 'online' as const), erased: fc.boolean() },
      { requiredKeys: ['id', 'profile', 'origin'] },
    );
    const checkin = fc.record(
      { participantId: fc.constantFrom(...ids), stageId: fc.constantFrom('s1', 's2', 'gone'), voided: fc.constantFrom(0 as const, 1 as const, true, false), count: fc.integer({ min: 1, max: 4 }) },
      { requiredKeys: ['participantId', 'stageId', 'voided'] },
    );
    fc.assert(
      fc.property(fc.array(participant, { maxLength: 8 }), fc.array(checkin, { maxLength: 30 }), (participants, checkins) => {
        const { week, perStage } = eventFigures(rows({ participants, checkins }));
        const live = checkins.filter((c) => !c.voided);
        const everyone = new Set(live.map((c) => c.participantId));
        const stagesOf = (id: string) => new Set(live.filter((c) => c.participantId === id).map((c) => c.stageId)).size;
        const isWalkIn = (id: string) => person(participants, id)?.origin === 'walk-in';
        for (const stage of perStage) {
          const present = presentAt(checkins, stage.stageId);
          expect(stage.present).toBe(present.size);
          expect(stage.walkIns).toBe([...present].filter(isWalkIn).length);
          expect(stage.scans).toBe(live.filter((c) => c.stageId === stage.stageId).reduce((sum, c) => sum + (c.count ?? 1), 0));
        }
        expect(week.uniqueParticipants).toBe(everyone.size);
        expect(week.returning).toBe([...everyone].filter((id) => stagesOf(id) >= 2).length);
        expect(week.walkIns).toBe([...everyone].filter(isWalkIn).length);
        expect(week.registered).toBe(participants.filter(isRegistered).length);
        for (const profile of PROFILES) expect(week.profiles[profile]).toBe([...everyone].filter((id) => person(participants, id)?.profile === profile).length);
      }),
      { numRuns: 300 },
    );
  });
});
