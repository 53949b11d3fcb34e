import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toNaiveUtc } from '../../../src/commcare/dates.ts';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter } from '../../../src/commcare/retry-policy.ts';
import type {
  CaseV1,
  CaseV2,
  LocationV1,
  LocationV2,
  MobileWorker,
  TastypieList,
} from '../../../src/commcare/types.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/commcare/${name}`, import.meta.url), 'utf8');

describe('verbatim API examples parse into the client types', () => {
  it('§2 tastypie envelope (objects elided in the doc)', () => {
    const envelope = JSON.parse(
      fixture('tastypie-envelope.json').replace('[ ... ]', '[]'),
    ) as TastypieList<unknown>;
    expect(envelope.meta).toMatchObject({
      limit: 20,
      next: '/a/demo/api/form/v1/?limit=20&offset=20',
      total_count: 6909,
    });
  });
  it('§3 case v1 keeps metadata in properties', () => {
    const c = JSON.parse(fixture('case-v1.json')) as CaseV1;
    expect(c.properties.case_type).toBe('programmer');
    expect(toNaiveUtc(c.indexed_on)).toBe('2012-04-05T23:56:41.000000');
  });
  it('§4 case v2 has metadata at the top level', () => {
    const c = JSON.parse(fixture('case-v2.json')) as CaseV2;
    expect(c.indices.parent?.case_type).toBe('household');
    expect(toNaiveUtc(c.indexed_on)).toBe('2020-03-19T14:31:34.133000');
  });
  it('§5 user, §6 locations', () => {
    expect((JSON.parse(fixture('user-v1.json')) as MobileWorker).primary_location).toBe(
      '26fc44e2792b4f2fa8ef86178f0a958e',
    );
    expect((JSON.parse(fixture('location-v1.json')) as LocationV1).id).toBe(1);
    expect((JSON.parse(fixture('location-v2.json')) as LocationV2).parent_location_id).toBe(
      '41b0bdfbae20428e9435ae8c3dcd22e7',
    );
  });
});

describe('toNaiveUtc', () => {
  it.each([
    ['2021-05-20T12:28:05.796000Z', '2021-05-20T12:28:05.796000'],
    ['2012-03-13T18:21:52Z', '2012-03-13T18:21:52.000000'],
    ['2023-05-09T16:10:47.225938', '2023-05-09T16:10:47.225938'],
    ['2024-01-01T10:00:00.5+02:00', '2024-01-01T08:00:00.500000'],
    ['2024-01-01', '2024-01-01T00:00:00.000000'],
  ])('%s → %s', (input, output) => {
    expect(toNaiveUtc(input)).toBe(output);
  });
  it('rejects garbage', () => {
    expect(() => toNaiveUtc('yesterday')).toThrow(/not an ISO date/);
  });
});

describe('retry policy', () => {
  it('reads Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter('0.2', 0)).toBe(1000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
  it('backs off exponentially with jitter, capped', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, initialDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, policy, () => 0.5)).toBe(100);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(400);
    expect(backoffDelay(10, policy, () => 0.5)).toBe(1000);
    expect(backoffDelay(1, policy, () => 0)).toBe(50);
  });
});
