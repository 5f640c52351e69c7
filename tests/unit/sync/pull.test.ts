import { describe, expect, it } from 'vitest';
import { readCursorMark } from '../../../src/db/sync-state.ts';
import type { Change } from '../../../src/shared/protocol.ts';
import { HttpFailure } from '../../../src/sync/http.ts';
import { pull, type PullProgress } from '../../../src/sync/pull.ts';
import { saveDeviceIdentity } from '../../../src/db/device.ts';
import { enrolledDatabase, identity } from '../db/test-db.ts';
import { fakeSyncServer } from './fake-server.ts';

const feedback = (seq: number): Change => ({
  seq,
  entity: 'feedback',
  id: `f-${seq}`,
  deleted: false,
  data: { id: `f-${seq}`, stageId: 'stage-florac', deviceId: 'kiosk', rating: 4, answers: {}, comment: '', createdAt: '2026-11-26T10:00:00.000Z' },
});

describe('pull', () => {
  it('fetches page after page until nothing remains, reporting progress, and stores the cursor', async () => {
    const db = await enrolledDatabase({ role: 'organizer' });
    const server = fakeSyncServer();
    server.changes.push(...Array.from({ length: 7 }, (_, i) => feedback(i + 1)));
    const progress: PullProgress[] = [];
    const result = await pull({ db, baseUrl: '', token: 't', fetchImpl: server.fetchImpl, limit: 3, onProgress: (p) => progress.push(p) });
    expect(result).toEqual({ applied: 7, cursor: 7 });
    expect(progress).toEqual([
      { applied: 3, cursor: 3, remaining: 4 },
      { applied: 6, cursor: 6, remaining: 1 },
      { applied: 7, cursor: 7, remaining: 0 },
    ]);
    expect(server.pulls().map((r) => r.query)).toEqual(['?cursor=0&limit=3&format=runs', '?cursor=3&limit=3&format=runs', '?cursor=6&limit=3&format=runs']);
    expect(await db.feedback.count()).toBe(7);
    expect((await readCursorMark(db)).cursor).toBe(7);
  });

  it('resumes from the stored cursor after an interruption', async () => {
    const db = await enrolledDatabase({ role: 'organizer' });
    const server = fakeSyncServer();
    server.changes.push(...Array.from({ length: 4 }, (_, i) => feedback(i + 1)));
    const failing: typeof fetch = async (input, init) => {
      if (String(input).includes('cursor=2&')) throw new TypeError('Failed to fetch');
      return server.fetchImpl(input, init);
    };
    await expect(pull({ db, baseUrl: '', token: 't', fetchImpl: failing, limit: 2 })).rejects.toBeInstanceOf(HttpFailure);
    expect((await readCursorMark(db)).cursor).toBe(2);
    expect(await db.feedback.count()).toBe(2);
    await pull({ db, baseUrl: '', token: 't', fetchImpl: server.fetchImpl, limit: 2 });
    expect(server.pulls().map((r) => r.query)).toEqual(['?cursor=0&limit=2&format=runs', '?cursor=2&limit=2&format=runs']);
    expect(await db.feedback.count()).toBe(4);
  });

  it('started for the old identity, moves nothing once the device is enrolled again meanwhile', async () => {
    const db = await enrolledDatabase({ role: 'organizer' });
    const server = fakeSyncServer();
    server.changes.push(...Array.from({ length: 3 }, (_, i) => feedback(i + 1)));
    const reEnrolledMeanwhile: typeof fetch = async (input, init) => {
      await saveDeviceIdentity(db, identity({ deviceId: 'phone-florac-2', token: 'token-2', role: 'organizer' }));
      return server.fetchImpl(input, init);
    };
    const failure = await pull({ db, baseUrl: '', token: 'token-florac', fetchImpl: reEnrolledMeanwhile }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: 'IdentityChangedError' });
    expect((await readCursorMark(db)).cursor).toBe(0);
    expect(await db.feedback.count()).toBe(0);
  });

  it('refuses a malformed page without applying anything', async () => {
    const db = await enrolledDatabase({ role: 'organizer' });
    const proxy: typeof fetch = async () => new Response('<html>Portail captif</html>', { status: 200 });
    const failure = await pull({ db, baseUrl: '', token: 't', fetchImpl: proxy }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ kind: 'invalid' });
    const truncated: typeof fetch = async () => new Response(JSON.stringify({ changes: [feedback(1)], hasMore: false }));
    expect(await pull({ db, baseUrl: '', token: 't', fetchImpl: truncated }).catch((e: unknown) => e)).toMatchObject({ kind: 'invalid' });
    expect(await db.feedback.count()).toBe(0);
    expect((await readCursorMark(db)).cursor).toBe(0);
  });
});

describe('pull pages in runs', () => {
  const clock = '001796594014535:00000:organizer';
  const participant = (seq: number, name: string): Change => ({
    seq,
    entity: 'participant',
    id: `p-${seq}`,
    deleted: false,
    data: { id: `p-${seq}`, eventId: 'event-lozere', name, organisation: 'Mairie', profile: 'elu', email: null, badgeCode: `E1.code-${seq}`, origin: 'import', consent: true, erased: false },
    clocks: { name: clock, organisation: clock, profile: clock },
  });
  const page = [participant(1, 'Hélène Vernhet'), participant(2, 'Jérôme Pagès'), feedback(3), { seq: 4, entity: 'participant', id: 'p-1', deleted: true, data: null } satisfies Change, participant(5, 'Chély')];

  it('asks for runs and stores what an older server written out stores', async () => {
    const stored = async (olderServer: boolean) => {
      const db = await enrolledDatabase({ role: 'organizer' });
      const server = fakeSyncServer({ olderServer });
      server.changes.push(...page);
      expect(await pull({ db, baseUrl: '', token: 't', fetchImpl: server.fetchImpl, limit: 2 })).toEqual({ applied: 5, cursor: 5 });
      expect(server.pulls().every((request) => request.query.includes('&format=runs'))).toBe(true);
      return { participants: await db.participants.toArray(), feedback: await db.feedback.toArray(), cursor: (await readCursorMark(db)).cursor };
    };
    const fromRuns = await stored(false);
    expect(fromRuns.participants.map((row) => row.name)).toEqual(['Jérôme Pagès', 'Chély']);
    expect(fromRuns.feedback).toHaveLength(1);
    expect(fromRuns).toEqual(await stored(true));
  });

  it('refuses a page whose runs do not hold together, and applies nothing', async () => {
    const db = await enrolledDatabase({ role: 'organizer' });
    const answer = (runs: unknown) => async () => new Response(JSON.stringify({ runs, nextCursor: 1, hasMore: false, serverTime: '2026-11-26T12:00:00.000Z' }));
    const short = [{ entity: 'participant', fields: ['id', 'name'], clockFields: [], changes: [[1, 'p-1', ['p-1']]] }];
    expect(await pull({ db, baseUrl: '', token: 't', fetchImpl: answer(short) }).catch((e: unknown) => e)).toMatchObject({ kind: 'invalid' });
    const noSeq = [{ entity: 'participant', fields: ['id'], clockFields: [], changes: [['one', 'p-1', ['p-1']]] }];
    expect(await pull({ db, baseUrl: '', token: 't', fetchImpl: answer(noSeq) }).catch((e: unknown) => e)).toMatchObject({ kind: 'invalid' });
    expect(await db.participants.count()).toBe(0);
    expect((await readCursorMark(db)).cursor).toBe(0);
  });
});
