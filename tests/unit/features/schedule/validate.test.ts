import { describe, expect, it } from 'vitest';
import { changedFields, checkStage, checkTalk, stageForm, talkForm } from '../../../../src/features/schedule/validate.ts';
import { sampleProgramme } from '../../fixtures.ts';

const zone = 'Europe/Paris';
const { stages, talks } = sampleProgramme();
const langogne = stages.find((stage) => stage.id === 'stage-langogne')!; // 14:00–17:00 Paris, 23 November

describe('the stage form', () => {
  it('round-trips a stage: times shown and read in the event zone', () => {
    const form = stageForm(langogne, zone, '2026-11-23');
    expect(form).toMatchObject({ day: '2026-11-23', starts: '14:00', ends: '17:00', lat: '44.7278' });
    const checked = checkStage(form, zone);
    expect(checked.ok && changedFields(langogne, checked.fields)).toEqual({});
  });

  it('reads French decimals and a time on the day of the change of hour', () => {
    const form = { ...stageForm(langogne, zone, ''), day: '2026-03-29', starts: '14:00', ends: '18:00', lat: '44,5' };
    const checked = checkStage(form, zone);
    expect(checked.ok && checked.fields).toMatchObject({ lat: 44.5, startsAt: '2026-03-29T12:00:00.000Z', endsAt: '2026-03-29T16:00:00.000Z' });
  });

  it('refuses a stage that ends before it starts, an empty title and a latitude out of range, each on its field', () => {
    const form = { ...stageForm(langogne, zone, ''), title: '  ', starts: '15:00', ends: '14:00', lat: '144' };
    expect(checkStage(form, zone)).toEqual({
      ok: false,
      errors: { title: { key: 'edit.error.title' }, ends: { key: 'edit.error.endsBeforeStarts' }, lat: { key: 'edit.error.lat' } },
    });
    expect(checkStage({ ...form, title: 'x', lat: '44', starts: '14h', ends: '15:00' }, zone)).toEqual({
      ok: false,
      errors: { starts: { key: 'edit.error.time' } },
    });
  });
});

describe('the talk form', () => {
  const talk = talks[0]!; // 14:45–16:15 Paris

  it('keeps a talk inside its stage: before the start or after the end is refused with the stage times', () => {
    const form = talkForm(talk, langogne, zone);
    expect(form).toMatchObject({ starts: '14:45', ends: '16:15' });
    expect(checkTalk({ ...form, starts: '13:30' }, langogne, zone)).toEqual({
      ok: false,
      errors: { starts: { key: 'edit.error.talkOutside', params: { start: '14:00', end: '17:00' } } },
    });
    expect(checkTalk({ ...form, ends: '17:30' }, langogne, zone)).toMatchObject({ ok: false, errors: { ends: { key: 'edit.error.talkOutside' } } });
    expect(checkTalk({ ...form, title: '' }, langogne, zone)).toEqual({ ok: false, errors: { title: { key: 'edit.error.title' } } });
  });

  it('gives only the changed fields of a moved talk, on the stage day', () => {
    const checked = checkTalk({ ...talkForm(talk, langogne, zone), starts: '15:00', ends: '16:30' }, langogne, zone);
    expect(checked.ok && changedFields(talk, checked.fields)).toEqual({ startsAt: '2026-11-23T14:00:00.000Z', endsAt: '2026-11-23T15:30:00.000Z' });
  });
});
