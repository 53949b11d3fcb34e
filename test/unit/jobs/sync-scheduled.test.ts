import { parseCronItem } from 'graphile-worker';
import { describe, expect, it } from 'vitest';
import { digestOf } from '../../../src/jobs/tasks/sync-scheduled.ts';

describe('cron digest for per-source schedules', () => {
  it.each([
    ['0 0 * * *', '2026-12-04T00:00:00Z', true],
    ['0 0 * * *', '2026-12-04T00:01:00Z', false],
    ['30 6 * * 1', '2026-12-07T06:30:00Z', true], // a Monday
    ['30 6 * * 1', '2026-12-08T06:30:00Z', false],
    ['*/15 * * * *', '2026-12-04T13:45:00Z', true],
    ['0 12 1 1 *', '2027-01-01T12:00:00Z', true],
  ])('%s matches %s: %s (UTC)', (cron, at, expected) => {
    const item = parseCronItem({ task: 'sync_source', match: cron, identifier: 'x' });
    expect(item.match(digestOf(new Date(at)))).toBe(expected);
  });
});
