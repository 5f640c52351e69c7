import { describe, expect, it } from 'vitest';
import { upToDateAt } from '../../../../src/features/schedule/use-programme-refresh.ts';

describe('when the programme shown was last known current (its freshness line)', () => {
  const since = '2026-12-06T10:00:00.000Z';

  it('is the copy this refresh stored, before the refresh itself reports (a first visit: one line, not two in turn)', () => {
    expect(upToDateAt({ status: 'refreshing', since }, '2026-12-06T10:00:01.000Z')).toBe('2026-12-06T10:00:01.000Z');
  });

  it('is unknown for a copy stored before the page opened, while the refresh runs or after it failed', () => {
    expect(upToDateAt({ status: 'refreshing', since }, '2026-12-05T18:00:00.000Z')).toBeNull();
    expect(upToDateAt({ status: 'refreshing', since }, null)).toBeNull();
    expect(upToDateAt({ status: 'failed', kind: 'offline' }, '2026-12-05T18:00:00.000Z')).toBeNull();
  });

  it('is the end of the refresh once it has ended', () => {
    expect(upToDateAt({ status: 'done', at: '2026-12-06T10:00:02.000Z' }, '2026-12-05T18:00:00.000Z')).toBe('2026-12-06T10:00:02.000Z');
  });
});
