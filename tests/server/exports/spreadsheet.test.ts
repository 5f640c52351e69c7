import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWeek } from '../../../src/server/demo/seed.ts';
import { ensureLibreOffice } from '../../setup/ensure-libreoffice.ts';
import { openCsvInCalc, type SheetCell } from '../../support/spreadsheet.ts';
import { ENGINE } from '../test-database.ts';
import { createTestApp, type TestApp } from '../test-app.ts';
import { checkin, demoIds, enrolDevice } from '../sync-fixtures.ts';

/** Text people typed that a spreadsheet could take for a formula, whole or after a separator or line break. */
const PAYLOADS = [
  'x;=1+1',
  'a,=2+2',
  ' =1+1',
  '  "@SUM(1)"',
  '=HYPERLINK("http://evil.example")',
  '+33 4 66',
  '-2+3',
  '@SUM(1)',
  '\t=1+1',
  'ligne\r\n=1+1',
  'x, -1+1',
  'x; +1+1',
  'x;"=1+1"',
  'a;  @SUM(1)',
];

const FILES = ['participants.csv', 'checkins.csv', 'feedback.csv'] as const;

describe(`exports opened in LibreOffice Calc (${ENGINE})`, () => {
  let t: TestApp;
  let soffice: string;
  const exported: Record<string, string> = {};

  beforeAll(async () => {
    soffice = ensureLibreOffice();
    t = await createTestApp();
    await seedDemoWeek(t.database.db);
    const ids = await demoIds(t.database);
    const organizer = await enrolDevice(t.app, t.database, 'organizer');
    const phone = await enrolDevice(t.app, t.database, 'animator', 'Tél;=1+1');
    const kiosk = await enrolDevice(t.app, t.database, 'kiosk', 'Borne, @SUM(1)');
    const stage = ids.stages[0]!;
    const people = PAYLOADS.map((text) => ({ id: randomUUID(), text }));
    const pushed = await organizer.push([
      organizer.op('stage.set', { id: stage.id, fields: { town: 'Florac;=1+1' } }),
      ...people.map(({ id, text }) => organizer.op('participant.set', { id, fields: { name: text, organisation: text, origin: 'import' } })),
    ]);
    expect(pushed.body.rejections).toEqual([]);
    expect((await phone.push(people.map(({ id }) => phone.op('checkin.record', checkin(id, stage.id))))).body.rejections).toEqual([]);
    const answers = PAYLOADS.map((text, index) => ({
      id: randomUUID(),
      stageId: stage.id,
      rating: 4,
      answers: { idee: text },
      comment: text,
      createdAt: new Date(Date.UTC(2026, 10, 25, 15, index)).toISOString(),
    }));
    expect((await kiosk.push(answers.map((answer) => kiosk.op('feedback.record', answer)))).body.rejections).toEqual([]);
    for (const file of FILES) {
      for (const separator of ['comma', 'semicolon']) {
        const response = await t.app.request(`/api/events/tiers-lieux-lozere/exports/${file}?separator=${separator}`, {
          headers: { authorization: `Bearer ${organizer.token}` },
        });
        expect(response.status).toBe(200);
        exported[`${separator}-${file}`] = await response.text();
      }
    }
  }, 600_000);
  afterAll(() => t?.close());

  const formulas = (sheets: Record<string, SheetCell[]>) =>
    Object.entries(sheets).flatMap(([file, cells]) => cells.filter((cell) => cell.formula !== undefined).map((cell) => `${file} ${cell.ref}: ${cell.formula}`));

  it('makes no formula from any cell, each file split on commas and on semicolons', async () => {
    for (const splitOn of [',', ';'] as const) {
      const sheets = await openCsvInCalc(soffice, exported, splitOn);
      expect(Object.keys(sheets)).toHaveLength(6);
      expect(formulas(sheets), `split on "${splitOn}"`).toEqual([]);
    }
  });

  it('keeps every typed text readable in its own cell when split on the separator it was written with', async () => {
    const [byComma, bySemicolon] = [await openCsvInCalc(soffice, exported, ','), await openCsvInCalc(soffice, exported, ';')];
    for (const file of FILES) {
      for (const [separator, sheets] of [['comma', byComma], ['semicolon', bySemicolon]] as const) {
        const plain = (text: string) => text.replace(/'/g, '').replace(/\r\n?/g, '\n').trim();
        const texts = sheets[`${separator}-${file}`]!.map((cell) => plain(cell.text));
        for (const text of PAYLOADS) expect(texts, `${separator}-${file}`).toContain(plain(text));
      }
    }
  });
});
