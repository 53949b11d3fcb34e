import { Readable } from 'node:stream';
import type { CaseStore } from '../data/case-store.ts';
import { CASE_TYPES, type CaseTypeName, propertyNames } from '../data/case-types.ts';
import type { SimCase } from '../data/cases.ts';
import { type SimProject, shortUsername } from '../data/project.ts';
import { feedDate, transformFeedValue } from '../data/time.ts';

/** HQ's MISSING_VALUE. */
const MISSING = '---';

/** Django's autoescape, as HQ's template applies it. */
export function escapeHtml(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]!);
}
const NEEDS_ESCAPE = /[&<>"']/;
const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
};

const HEAD = `<!DOCTYPE HTML>
<html>
  <head>
    <meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
    <title>Dashboard</title>
  </head>
  <body>
      <table>
        <thead>
          <tr>
`;
const BETWEEN = `          </tr>
        </thead>
        <tbody>
`;
const TAIL = `        </tbody>
      </table>
  </body>
</html>
`;

/** HQ's case export labels (§10): number, caseid, name, properties by name, then the system columns. */
export function feedColumns(type: CaseTypeName): string[] {
  const parent = CASE_TYPES[type].parent;
  return [
    'number',
    'caseid',
    'name',
    ...propertyNames(type),
    'case_type',
    'closed',
    'closed_by_user_id',
    'closed_by_username',
    'closed_date',
    'external_id',
    'last_modified_by_user_id',
    'last_modified_by_user_username',
    'last_modified_date',
    'opened_by_user_id',
    'opened_by_username',
    'opened_date',
    'owner_id',
    'owner_name',
    'server_last_modified_date',
    'state',
    'case_link',
    ...(parent ? [`indices.${parent}`] : []),
  ];
}

export interface FeedContext {
  store: CaseStore;
  project: SimProject;
  caseType: CaseTypeName;
  /** For `case_link`. */
  origin: string;
}

/**
 * The Excel-dashboard page for one case type, generated row by row as the socket drains: a million rows
 * never exist as one string. Pull-based, so memory stays flat however slow the reader is.
 */
export function feedStream(context: FeedContext): Readable {
  const columns = feedColumns(context.caseType);
  const names = nameLookup(context.project);
  const rows = context.store.ordered({ caseType: context.caseType });
  let number = 0;
  let stage: 'head' | 'rows' | 'done' = 'head';
  return new Readable({
    highWaterMark: 64 * 1024,
    read() {
      if (stage === 'head') {
        stage = 'rows';
        const header = columns.map((c) => `              <th>${escapeHtml(c)}</th>\n`).join('');
        this.push(`${HEAD}${header}${BETWEEN}`);
        return;
      }
      if (stage === 'done') return;
      let chunk = '';
      for (let n = 0; n < 200; n += 1) {
        const next = rows.next();
        if (next.done) {
          stage = 'done';
          this.push(chunk + TAIL);
          this.push(null);
          return;
        }
        const c = context.store.get(next.value);
        if (c) chunk += renderRow(columns, feedValues(c, number++, names, context));
      }
      this.push(chunk);
    },
  });
}

function renderRow(columns: string[], values: Record<string, string>): string {
  let out = '          <tr>\n';
  for (const column of columns) out += `              <td>${escapeHtml(values[column] ?? MISSING)}</td>\n`;
  return `${out}          </tr>\n`;
}

function nameLookup(project: SimProject): Map<string, string> {
  const names = new Map<string, string>();
  for (const user of [...project.mobileWorkers, ...project.webUsers])
    names.set(user.id, shortUsername(user.username));
  for (const location of project.locations) names.set(location.locationId, location.name);
  return names;
}

function feedValues(
  c: SimCase,
  number: number,
  names: Map<string, string>,
  context: FeedContext,
): Record<string, string> {
  const orMissing = (value: string | null | undefined) =>
    value === null || value === undefined ? MISSING : value;
  const values: Record<string, string> = {
    number: String(number),
    caseid: c.caseId,
    name: c.caseName,
    case_type: c.caseType,
    closed: c.closed ? 'True' : 'False',
    closed_by_user_id: orMissing(c.closedBy),
    closed_by_username: orMissing(c.closedBy === null ? null : names.get(c.closedBy)),
    closed_date: c.dateClosed === null ? MISSING : feedDate(c.dateClosed),
    external_id: orMissing(c.externalId),
    last_modified_by_user_id: c.userId,
    last_modified_by_user_username: orMissing(names.get(c.userId)),
    last_modified_date: feedDate(c.lastModified),
    opened_by_user_id: c.openedBy,
    opened_by_username: orMissing(names.get(c.openedBy)),
    opened_date: feedDate(c.dateOpened),
    owner_id: c.ownerId,
    owner_name: orMissing(names.get(c.ownerId)),
    server_last_modified_date: feedDate(c.serverLastModified),
    state: MISSING,
    case_link: `${context.origin}/a/${context.project.domain}/reports/case_data/${c.caseId}/`,
  };
  for (const [name, value] of Object.entries(c.properties)) values[name] = transformFeedValue(value);
  for (const index of Object.values(c.indices)) values[`indices.${index.caseType}`] = index.caseId;
  return values;
}
