import { CASE_TYPES, type CaseTypeName, propertyNames } from '../data/case-types.ts';
import type { SimCase } from '../data/cases.ts';
import { type SimProject, shortUsername } from '../data/project.ts';
import { feedDate, transformFeedValue } from '../data/time.ts';
import { escapeHtml } from './html-escape.ts';

/** HQ's MISSING_VALUE. */
const MISSING = '---';
const ROW_OPEN = '          <tr>\n';
const ROW_CLOSE = '          </tr>\n';
const CELL_OPEN = '              <td>';
const CELL_CLOSE = '</td>\n';
const BETWEEN_CELLS = CELL_CLOSE + CELL_OPEN;

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

export interface FeedRowContext {
  project: SimProject;
  caseType: CaseTypeName;
  /** For `case_link`. */
  origin: string;
}

/** Renders one `<tr>…</tr>` (HQ's indentation) for case `c` as row `number`. */
export type FeedRowRenderer = (c: SimCase, number: number) => string;

/**
 * Builds the row renderer for one feed. Everything constant per feed (escaped user and location names, the
 * case-link prefix, the property columns) is worked out once here, so a row is one pass of string
 * concatenation with escaping only where the text can hold `&<>"'` (names and property values; ids are
 * hex, external ids digits, dates and numbers digits, by construction). A case whose properties or indices
 * could land in another column (only possible after a change through the controls) takes the general path,
 * which maps values by column name exactly as before.
 */
export function feedRowRenderer(context: FeedRowContext): FeedRowRenderer {
  const columns = feedColumns(context.caseType);
  const properties = propertyNames(context.caseType);
  const systemColumns = new Set(columns.filter((column) => !properties.includes(column)));
  // Properties that cannot shadow a system column (all of the generated ones).
  const ownProperty = new Set(properties.filter((name) => !systemColumns.has(name)));
  const parent = CASE_TYPES[context.caseType].parent;
  const names = escapedNames(context.project);
  const nameOf = (id: string | null) => (id === null ? MISSING : (names.get(id) ?? MISSING));
  const linkPrefix = escapeHtml(`${context.origin}/a/${context.project.domain}/reports/case_data/`);
  const plainNames = plainNameLookup(context.project);

  const fastPathFits = (c: SimCase): boolean => {
    for (const key in c.properties) if (!ownProperty.has(key)) return false;
    let indexCount = 0;
    for (const key in c.indices) {
      indexCount += 1;
      if (c.indices[key]!.caseType !== parent) return false;
    }
    return indexCount <= 1;
  };

  return (c, number) => {
    if (!fastPathFits(c)) return renderByColumn(columns, feedValues(c, number, plainNames, context));
    let out = `${ROW_OPEN}${CELL_OPEN}${number}${BETWEEN_CELLS}${c.caseId}${BETWEEN_CELLS}${escapeHtml(c.caseName)}`;
    for (const name of properties) {
      const value = c.properties[name];
      out += BETWEEN_CELLS + (value === undefined ? MISSING : escapeHtml(transformFeedValue(value)));
    }
    out +=
      BETWEEN_CELLS +
      c.caseType +
      BETWEEN_CELLS +
      (c.closed ? 'True' : 'False') +
      BETWEEN_CELLS +
      (c.closedBy === null ? MISSING : c.closedBy) +
      BETWEEN_CELLS +
      nameOf(c.closedBy) +
      BETWEEN_CELLS +
      (c.dateClosed === null ? MISSING : feedDate(c.dateClosed)) +
      BETWEEN_CELLS +
      (c.externalId === null ? MISSING : c.externalId) +
      BETWEEN_CELLS +
      c.userId +
      BETWEEN_CELLS +
      nameOf(c.userId) +
      BETWEEN_CELLS +
      feedDate(c.lastModified) +
      BETWEEN_CELLS +
      c.openedBy +
      BETWEEN_CELLS +
      nameOf(c.openedBy) +
      BETWEEN_CELLS +
      feedDate(c.dateOpened) +
      BETWEEN_CELLS +
      c.ownerId +
      BETWEEN_CELLS +
      nameOf(c.ownerId) +
      BETWEEN_CELLS +
      feedDate(c.serverLastModified) +
      BETWEEN_CELLS +
      MISSING +
      BETWEEN_CELLS +
      linkPrefix +
      c.caseId +
      '/';
    if (parent) {
      let parentId = MISSING;
      for (const key in c.indices) parentId = c.indices[key]!.caseId;
      out += BETWEEN_CELLS + parentId;
    }
    return `${out}${CELL_CLOSE}${ROW_CLOSE}`;
  };
}

function escapedNames(project: SimProject): Map<string, string> {
  const escaped = new Map<string, string>();
  for (const [id, name] of plainNameLookup(project)) escaped.set(id, escapeHtml(name));
  return escaped;
}

function plainNameLookup(project: SimProject): Map<string, string> {
  const names = new Map<string, string>();
  for (const user of [...project.mobileWorkers, ...project.webUsers])
    names.set(user.id, shortUsername(user.username));
  for (const location of project.locations) names.set(location.locationId, location.name);
  return names;
}

/** The general path: every value by column name, later writers winning, as HQ's export maps them. */
function renderByColumn(columns: string[], values: Record<string, string>): string {
  let out = ROW_OPEN;
  for (const column of columns) out += `${CELL_OPEN}${escapeHtml(values[column] ?? MISSING)}${CELL_CLOSE}`;
  return out + ROW_CLOSE;
}

function feedValues(
  c: SimCase,
  number: number,
  names: Map<string, string>,
  context: FeedRowContext,
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
