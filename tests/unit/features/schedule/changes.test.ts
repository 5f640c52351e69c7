import { describe, expect, it } from 'vitest';
import { snapshotOf } from '../../../../src/db/programme-seen.ts';
import { programmeChanges } from '../../../../src/features/schedule/changes.ts';
import { sampleProgramme } from '../../fixtures.ts';

describe('the change list since the programme was last seen', () => {
  const { stages, talks } = sampleProgramme();
  const seen = snapshotOf(stages, talks);

  it('is empty when nothing changed', () => {
    expect(programmeChanges(seen, snapshotOf(stages, talks))).toEqual([]);
  });

  it('says a stage starts at another time, ends at another time, or moved to another place', () => {
    const florac = stages.find((stage) => stage.id === 'stage-florac')!;
    const moved = { ...florac, startsAt: '2026-11-26T10:00:00.000Z', endsAt: '2026-11-26T13:00:00.000Z', venue: 'Salle des fêtes' };
    const changes = programmeChanges(seen, snapshotOf(stages.map((stage) => (stage.id === florac.id ? moved : stage)), talks));
    expect(changes).toEqual([
      { kind: 'stage-starts', stageId: 'stage-florac', town: 'Florac Trois Rivières', from: '2026-11-26T09:00:00.000Z', to: '2026-11-26T10:00:00.000Z' },
      { kind: 'stage-ends', stageId: 'stage-florac', town: 'Florac Trois Rivières', from: '2026-11-26T12:00:00.000Z', to: '2026-11-26T13:00:00.000Z' },
      { kind: 'stage-venue', stageId: 'stage-florac', town: 'Florac Trois Rivières', from: 'Tiers-lieu éphémère en extérieur, 48400 Florac', to: 'Salle des fêtes, 48400 Florac' },
    ]);
  });

  it('says a talk starts at another time, was renamed, or moved to another stage', () => {
    const talk = talks[0]!;
    const later = { ...talk, startsAt: '2026-11-23T14:00:00.000Z', title: 'Géolocalisation' };
    expect(programmeChanges(seen, snapshotOf(stages, [later]))).toEqual([
      { kind: 'talk-starts', stageId: 'stage-langogne', town: 'Langogne', title: 'Géolocalisation', from: talk.startsAt, to: later.startsAt },
      { kind: 'talk-renamed', stageId: 'stage-langogne', town: 'Langogne', from: talk.title, to: 'Géolocalisation' },
    ]);
    const elsewhere = { ...talk, stageId: 'stage-florac' };
    expect(programmeChanges(seen, snapshotOf(stages, [elsewhere]))).toEqual([
      { kind: 'talk-moved', stageId: 'stage-florac', town: 'Florac Trois Rivières', title: talk.title, fromTown: 'Langogne' },
    ]);
  });

  it('lists added and cancelled talks, and a cancelled stage once (not each of its talks)', () => {
    const added = { ...talks[0]!, id: 'talk-2', title: 'Fibre et 4G', startsAt: '2026-11-23T15:15:00.000Z' };
    expect(programmeChanges(seen, snapshotOf(stages, [...talks, added]))).toEqual([
      { kind: 'talk-added', stageId: 'stage-langogne', town: 'Langogne', title: 'Fibre et 4G', startsAt: added.startsAt },
    ]);
    expect(programmeChanges(seen, snapshotOf(stages, []))).toEqual([{ kind: 'talk-removed', town: 'Langogne', title: talks[0]!.title }]);
    const withoutLangogne = stages.filter((stage) => stage.id !== 'stage-langogne');
    expect(programmeChanges(seen, snapshotOf(withoutLangogne, []))).toEqual([{ kind: 'stage-removed', town: 'Langogne' }]);
  });

  it('announces a new stage once, with its time, not each of its talks', () => {
    const mende = { ...stages[0]!, id: 'stage-mende', town: 'Mende', startsAt: '2026-11-24T13:00:00.000Z' };
    const talk = { ...talks[0]!, id: 'talk-mende', stageId: 'stage-mende' };
    expect(programmeChanges(seen, snapshotOf([...stages, mende], [...talks, talk]))).toEqual([
      { kind: 'stage-added', stageId: 'stage-mende', town: 'Mende', startsAt: mende.startsAt },
    ]);
  });
});
