import { describe, expect, it } from 'vitest';
import { recordCheckin } from '../../../src/db/checkins.ts';
import { StorageFullError } from '../../../src/db/errors.ts';
import { countPending } from '../../../src/db/outbox.ts';
import { withDatabase } from '../../../src/db/reliable.ts';
import { enrolledDatabase } from './test-db.ts';

describe('writes when the database misbehaves', () => {
  it('reopens a connection that was closed under it (iOS) and records the write once', async () => {
    const db = await enrolledDatabase();
    db.close();
    await expect(db.checkins.count()).rejects.toMatchObject({ name: 'DatabaseClosedError' });
    const row = await recordCheckin(db, { participantId: 'p-1', stageId: 'stage-florac', method: 'camera' });
    expect(await db.checkins.get(row.id)).toBeDefined();
    expect(await countPending(db)).toBe(1);
  });

  it('turns a full disk into a StorageFullError the screen can show', async () => {
    const db = await enrolledDatabase();
    const full = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const failure = await withDatabase(db, () =>
      db.transaction('rw', db.checkins, async () => {
        throw full;
      }),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StorageFullError);
    expect((failure as Error).message).toMatch(/no storage space left/);
    expect((failure as Error).cause).toMatchObject({ name: 'QuotaExceededError' });
  });

  it('does not retry an error that is not about the connection', async () => {
    const db = await enrolledDatabase();
    let tries = 0;
    await expect(
      withDatabase(db, async () => {
        tries += 1;
        throw new Error('bug');
      }),
    ).rejects.toThrow('bug');
    expect(tries).toBe(1);
  });
});
