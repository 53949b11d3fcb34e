import type { CaseIndex, CaseV1, CaseV2 } from '../../commcare/types.ts';
import type { SimCase } from '../data/cases.ts';
import { CASE_XMLNS } from '../data/forms.ts';
import { isoMicros, type Micros, naiveMicros } from '../data/time.ts';
import { escapeXml } from './xml.ts';

/** §11.1 is unconfirmed: v1 dates as `.ffffffZ` (default), `Z` without fraction, or naive. */
export type V1DateFormat = 'micros' | 'seconds' | 'naive';

export function v1Date(us: Micros, format: V1DateFormat): string {
  if (format === 'naive') return naiveMicros(us);
  if (format === 'seconds') return `${isoMicros(us).slice(0, 19)}Z`;
  return isoMicros(us);
}

function indicesOf(c: SimCase): Record<string, CaseIndex> {
  const out: Record<string, CaseIndex> = {};
  for (const [identifier, index] of Object.entries(c.indices)) {
    out[identifier] = { case_type: index.caseType, case_id: index.caseId, relationship: index.relationship };
  }
  return out;
}

/** Case API v2 (§4): metadata at the top level, properties without it. */
export function caseV2(c: SimCase, domain: string): CaseV2 {
  return {
    domain,
    case_id: c.caseId,
    case_type: c.caseType,
    case_name: c.caseName,
    external_id: c.externalId,
    owner_id: c.ownerId,
    date_opened: isoMicros(c.dateOpened),
    last_modified: isoMicros(c.lastModified),
    server_last_modified: isoMicros(c.serverLastModified),
    indexed_on: isoMicros(c.indexedOn),
    closed: c.closed,
    date_closed: c.dateClosed === null ? null : isoMicros(c.dateClosed),
    properties: { ...c.properties },
    indices: indicesOf(c),
  };
}

/** Case API v0.5/v1 (§3): case_name, case_type, owner_id, date_opened, external_id inside `properties`. */
export function caseV1(c: SimCase, domain: string, format: V1DateFormat): CaseV1 {
  return {
    case_id: c.caseId,
    id: c.caseId,
    domain,
    closed: c.closed,
    closed_by: c.closedBy,
    date_closed: c.dateClosed === null ? null : v1Date(c.dateClosed, format),
    date_modified: v1Date(c.lastModified, format),
    indexed_on: v1Date(c.indexedOn, format),
    indices: indicesOf(c),
    opened_by: c.openedBy,
    properties: {
      case_name: c.caseName,
      case_type: c.caseType,
      date_opened: v1Date(c.dateOpened, format),
      external_id: c.externalId,
      owner_id: c.ownerId,
      ...c.properties,
    },
    resource_uri: `/a/${domain}/api/case/v1/${c.caseId}/`,
    server_date_modified: v1Date(c.serverLastModified, format),
    server_date_opened: v1Date(c.serverOpened, format),
    user_id: c.userId,
    xform_ids: [...c.xformIds],
  };
}

/** The case forwarder's JSON (§9, `CommCareCaseAPISerializer(lite=True)`), keys in HQ's order. */
export function caseForwarderJson(c: SimCase, domain: string): Record<string, unknown> {
  return {
    domain,
    case_id: c.caseId,
    user_id: c.userId,
    closed: c.closed,
    xform_ids: [...c.xformIds],
    date_closed: c.dateClosed === null ? null : isoMicros(c.dateClosed),
    date_modified: isoMicros(c.lastModified),
    server_date_modified: isoMicros(c.serverLastModified),
    properties: {
      case_name: c.caseName,
      case_type: c.caseType,
      owner_id: c.ownerId,
      external_id: c.externalId,
      date_opened: naiveMicros(c.dateOpened).slice(0, 23),
      ...c.properties,
    },
    indices: indicesOf(c),
    attachments: {},
  };
}

/** The case forwarder's XML: a v2 case block with the full current state (create, update, index, close). */
export function caseForwarderXml(c: SimCase): string {
  const text = (name: string, value: string | null) =>
    value === null || value === '' ? `<${name}/>` : `<${name}>${escapeXml(value)}</${name}>`;
  const update = Object.entries(c.properties)
    .map(([name, value]) => text(name, value))
    .join('');
  const indices = Object.entries(c.indices)
    .map(
      ([identifier, index]) =>
        `<${identifier} case_type="${escapeXml(index.caseType)}" relationship="${index.relationship}">${escapeXml(index.caseId)}</${identifier}>`,
    )
    .join('');
  return (
    `<case case_id="${c.caseId}" date_modified="${isoMicros(c.lastModified)}" user_id="${c.userId}" xmlns="${CASE_XMLNS}">` +
    `<create>${text('case_type', c.caseType)}${text('case_name', c.caseName)}${text('owner_id', c.ownerId)}</create>` +
    `<update>${update}</update>` +
    (indices ? `<index>${indices}</index>` : '') +
    (c.closed ? '<close/>' : '') +
    '</case>'
  );
}
