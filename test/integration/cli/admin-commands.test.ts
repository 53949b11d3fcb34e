import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET_KEY } from '../../helpers/app-db.ts';
import { runCli } from '../../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg.ts';

let database: TestDatabase;
let env: Record<string, string>;
let destinationId: string;

const API_KEY = 'apikey-0123456789abcdef';
const DEST_URL = 'postgres://writer:Secret-PW-42@127.0.0.1:5432/warehouse';

beforeAll(async () => {
  database = await createTestDatabase('cli');
  env = { DATABASE_URL: database.url, SECRET_KEY: TEST_SECRET_KEY };
  const added = await runCli(
    [
      'destination',
      'add',
      '--name',
      'Field data',
      '--project',
      'demo',
      '--database-url',
      DEST_URL,
      '--commcare-username',
      'me@example.org',
      '--commcare-api-key',
      API_KEY,
      '--commcare-url',
      'https://india.commcarehq.org',
    ],
    env,
  );
  expect(added.stderr).toBe('');
  expect(added.code).toBe(0);
  destinationId = added.lastLine;
});
afterAll(async () => database?.drop());

const source = (extra: string[]) => [
  'source',
  'add',
  '--destination',
  destinationId,
  '--name',
  'patients',
  '--table',
  'patient',
  '--key-column',
  'caseid',
  ...extra,
];

describe('destination', () => {
  it('add prints the new id alone on the last line; list --json shows it without secrets', async () => {
    expect(destinationId).toMatch(/^[0-9a-f-]{36}$/);
    const listed = await runCli(['destination', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    const destinations = JSON.parse(listed.stdout);
    expect(destinations).toEqual([
      expect.objectContaining({
        id: destinationId,
        name: 'Field data',
        projectSpace: 'demo',
        commcareUrl: 'https://india.commcarehq.org',
        commcareUsername: 'me@example.org',
      }),
    ]);
    expect(listed.stdout).not.toContain(API_KEY);
    expect(listed.stdout).not.toContain('Secret-PW-42');
    expect(listed.stdout).not.toMatch(/encrypted|hashing/i);
  });

  it.each([
    [['--database-url', 'mysql://x@y/z'], /Database URL must look like postgres:\/\//],
    [['--database-url', 'not a url'], /Database URL must look like postgres:\/\//],
    [['--commcare-url', 'ftp://www.commcarehq.org'], /CommCare URL must be an http:\/\/ or https:\/\/ URL/],
  ])('add refuses %j with a one-line reason', async (override, reason) => {
    const args = new Map([
      ['--name', 'Other'],
      ['--project', 'demo'],
      ['--database-url', 'postgres://u@h/db'],
      ['--commcare-username', 'u'],
      ['--commcare-api-key', 'k'],
    ]);
    args.set(override[0]!, override[1]!);
    const result = await runCli(['destination', 'add', ...[...args].flat()], env);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(reason);
  });
});

describe('source add', () => {
  it.each([
    ['an empty table name', ['--table', ''], /Table name is required/],
    ['a table name over 63 bytes', ['--table', 'é'.repeat(32)], /at most 63 bytes/],
    ['an empty key column', ['--key-column', ' '], /Key column is required/],
    ['neither --url nor --case-type', [], /needs an export URL \(--url\) or a case type \(--case-type\)/],
    ['an export URL on another server', ['--url', 'https://evil.example.org/feed'], /CommCare server/],
    ['a non-http export URL', ['--url', 'file:///etc/passwd'], /Export URL must be an http/],
  ])('refuses %s', async (_label, extra, reason) => {
    const args = source([]);
    for (let i = 0; i < extra.length; i += 2) {
      const at = args.indexOf(extra[i]!);
      if (at >= 0) args[at + 1] = extra[i + 1]!;
      else args.push(extra[i]!, extra[i + 1]!);
    }
    const result = await runCli(args, env);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(reason);
  });

  it('refuses a missing --key-column', async () => {
    const args = source(['--case-type', 'patient']).filter(
      (arg, i, all) => arg !== '--key-column' && all[i - 1] !== '--key-column',
    );
    const result = await runCli(args, env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--key-column/);
  });

  it('refuses an unknown destination id', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
      const args = source(['--case-type', 'patient']);
      args[args.indexOf('--destination') + 1] = id;
      const result = await runCli(args, env);
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim()).toBe(`error: No destination with id ${id}`);
    }
  });

  it('adds a case-type source and a feed source on the same server, then refuses a duplicate name', async () => {
    const first = await runCli(
      source(['--case-type', 'patient', '--sensitive-fields', 'phone, national_id']),
      env,
    );
    expect(first.code).toBe(0);
    expect(first.lastLine).toMatch(/^[0-9a-f-]{36}$/);
    const feed = await runCli(
      [
        ...source([
          '--url',
          'https://india.commcarehq.org/a/demo/data/export/custom/dailysaved/download/abc/',
        ]),
      ].map((arg) => (arg === 'patients' ? 'patients feed' : arg)),
      env,
    );
    expect(feed.code).toBe(0);

    const duplicate = await runCli(
      source(['--case-type', 'patient']).map((a) => (a === 'patients' ? 'PATIENTS' : a)),
      env,
    );
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stderr.trim()).toBe('error: This destination already has a source named "PATIENTS"');

    const listed = JSON.parse((await runCli(['source', 'list', '--json'], env)).stdout);
    expect(listed).toHaveLength(2);
    expect(listed.find((s: { id: string }) => s.id === first.lastLine)).toMatchObject({
      kind: 'case_api',
      caseType: 'patient',
      sensitiveFields: ['national_id', 'phone'],
    });
  });
});

describe('token create and config errors', () => {
  it('prints the token once, on stdout', async () => {
    const result = await runCli(['token', 'create', destinationId], env);
    expect(result.code).toBe(0);
    expect(result.lastLine).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.stderr).toContain('cannot be shown again');
  });

  it('stops with a one-line reason on an invalid environment', async () => {
    const result = await runCli(['destination', 'list'], { ...env, PORT: 'abc' });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toMatch(/^error: Invalid configuration: PORT /);
    const short = await runCli(['destination', 'list'], { ...env, SECRET_KEY: 'short' });
    expect(short.stderr.trim()).toMatch(
      /^error: Invalid configuration: SECRET_KEY must be at least 32 characters/,
    );
  });
});
