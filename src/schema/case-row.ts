import type { SourceRow } from './types.ts';
import { isRecord, toRowValue } from './values.ts';

/**
 * Case → row (design.md §5), one mapping for every case shape of commcare-api.md:
 * - v0.5/v1 detail and the case forwarder's JSON: metadata (`case_name`, `case_type`, `owner_id`,
 *   `external_id`, `date_opened`) inside `properties`, dates as `date_modified`/`server_date_modified`;
 * - v2: metadata at the top level, dates as `last_modified`/`server_last_modified`;
 * - the case forwarder's XML (see `xmlCaseToRow`), completed with the case fetched through the API.
 * Fields a shape does not carry (v2 has no `opened_by`) are left out of the row rather than set to NULL, so a
 * v2 write never erases what a v1 write stored. Owner and user names come from `lookups`: the caller does the
 * I/O and caching, this module stays pure.
 */
export interface CaseLookups {
  /** Name of the owner: its location, else user or group. `undefined` = unknown (column left out). */
  ownerName?(ownerId: string): string | null | undefined;
  /** Full username (`jdoe@example.commcarehq.org`) of a user id. */
  username?(userId: string): string | null | undefined;
}

/** Properties mapped to fixed columns, so they are not repeated as case-property columns. */
const METADATA_PROPERTIES = new Set(['case_name', 'case_type', 'owner_id', 'external_id', 'date_opened']);

/** The fixed columns of a case row, in table order. */
export const CASE_COLUMNS = [
  'caseid',
  'case_name',
  'case_type',
  'owner_id',
  'external_id',
  'opened_date',
  'last_modified_date',
  'server_last_modified_date',
  'indexed_on_date',
  'closed',
  'closed_date',
  'opened_by_user_id',
  'closed_by_user_id',
  'owner_name',
  'opened_by_username',
  'closed_by_username',
] as const;

export function caseToRow(apiCase: unknown, lookups: CaseLookups = {}): SourceRow {
  if (!isRecord(apiCase)) return {};
  const properties = isRecord(apiCase.properties) ? apiCase.properties : {};
  const row: SourceRow = {};
  const set = (column: string, ...candidates: unknown[]) => {
    for (const candidate of candidates) {
      if (candidate !== undefined) {
        row[column] = toRowValue(candidate);
        return;
      }
    }
  };
  const meta = (name: string) => (name in apiCase ? apiCase[name] : properties[name]);

  set('caseid', apiCase.case_id, apiCase.id);
  set('case_name', meta('case_name'));
  set('case_type', meta('case_type'));
  set('owner_id', meta('owner_id'));
  set('external_id', meta('external_id'));
  set('opened_date', meta('date_opened'));
  set('last_modified_date', apiCase.last_modified, apiCase.date_modified);
  set('server_last_modified_date', apiCase.server_last_modified, apiCase.server_date_modified);
  set('indexed_on_date', apiCase.indexed_on);
  set('closed', apiCase.closed);
  set('closed_date', apiCase.date_closed);
  set('opened_by_user_id', apiCase.opened_by);
  set('closed_by_user_id', apiCase.closed_by);
  addNames(row, lookups);
  addIndices(row, apiCase.indices);
  for (const [name, value] of Object.entries(properties)) {
    if (METADATA_PROPERTIES.has(name) || name in row) continue;
    row[name] = toRowValue(value);
  }
  return row;
}

/**
 * A case from the XML forwarder: `<case case_id=… date_modified=… user_id=…>` with `create`, `update`,
 * `index` and `close` blocks, as parsed to an object (attributes as `@_name`, `@name` or `name`; an index
 * element's text as `#text`). When the API-fetched case is given it is the current state and wins; the XML
 * fills only what the fetched case lacks (or everything, when the fetch was not possible).
 */
export function xmlCaseToRow(xmlCase: unknown, fetched?: unknown, lookups: CaseLookups = {}): SourceRow {
  const fromXml = caseToRow(xmlCaseAsApiCase(xmlCase), {});
  if (fetched === undefined || fetched === null) {
    addNames(fromXml, lookups);
    return fromXml;
  }
  const fromApi = caseToRow(fetched, lookups);
  return { ...fromXml, ...fromApi };
}

function xmlCaseAsApiCase(xmlCase: unknown): Record<string, unknown> {
  const block = isRecord(xmlCase) && isRecord(xmlCase.case) ? xmlCase.case : xmlCase;
  if (!isRecord(block)) return {};
  const attribute = (name: string) => block[`@_${name}`] ?? block[`@${name}`] ?? block[name];
  const properties: Record<string, unknown> = {};
  for (const part of ['create', 'update']) {
    const values = block[part];
    if (!isRecord(values)) continue;
    for (const [name, value] of Object.entries(values)) {
      if (!name.startsWith('@')) properties[name] = value;
    }
  }
  const indices: Record<string, unknown> = {};
  if (isRecord(block.index)) {
    for (const [identifier, value] of Object.entries(block.index)) {
      if (identifier.startsWith('@')) continue;
      const entry = isRecord(value) ? value : { '#text': value };
      indices[identifier] = {
        case_type: entry['@_case_type'] ?? entry['@case_type'] ?? entry.case_type,
        case_id: entry['#text'] ?? entry.case_id,
      };
    }
  }
  const apiCase: Record<string, unknown> = {
    case_id: attribute('case_id'),
    date_modified: attribute('date_modified'),
    properties,
    indices,
  };
  if ('close' in block) apiCase.closed = true;
  return apiCase;
}

function addNames(row: SourceRow, lookups: CaseLookups): void {
  const owner = row.owner_id;
  if (owner && lookups.ownerName) {
    const name = lookups.ownerName(owner);
    if (name !== undefined) row.owner_name = name;
  }
  for (const [idColumn, nameColumn] of [
    ['opened_by_user_id', 'opened_by_username'],
    ['closed_by_user_id', 'closed_by_username'],
  ] as const) {
    const userId = row[idColumn];
    if (!userId || !lookups.username) continue;
    const username = lookups.username(userId);
    if (username !== undefined) row[nameColumn] = username === null ? null : shortUsername(username);
  }
}

/** `jdoe@example.commcarehq.org` → `jdoe` (the seed's and the feed's form). */
export function shortUsername(username: string): string {
  const at = username.indexOf('@');
  return at < 0 ? username : username.slice(0, at);
}

function addIndices(row: SourceRow, indices: unknown): void {
  if (!isRecord(indices)) return;
  for (const [identifier, index] of Object.entries(indices)) {
    if (!isRecord(index)) continue;
    const caseType =
      typeof index.case_type === 'string' && index.case_type !== '' ? index.case_type : identifier;
    row[`indices.${caseType}`] = toRowValue(index.case_id);
  }
}
