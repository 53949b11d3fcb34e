import { AppError } from '../../core/errors.ts';
import type { CaseIndex, FormNode } from '../types.ts';
import { parseXmlRoot, textOf } from './xml-document.ts';

/** The forwarder's case JSON (§9); from XML only the fields the case block carries are present. */
export interface ForwardedCase {
  domain?: string;
  case_id: string;
  user_id: string | null;
  closed: boolean;
  date_modified: string | null;
  server_date_modified?: string | null;
  date_closed?: string | null;
  xform_ids?: string[];
  properties: Record<string, string | null>;
  indices: Record<string, CaseIndex>;
  [field: string]: unknown;
}

export interface ParsedCasePayload {
  kind: 'case';
  format: 'json' | 'xml';
  /** True for XML: the block holds only what one form changed, so fetch the full case from the API. */
  partial: boolean;
  case: ForwardedCase;
}

export function parseCaseJson(body: string): ParsedCasePayload {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new AppError('validation', 'case payload is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError('validation', 'case payload is not a JSON object');
  }
  const candidate = value as Record<string, unknown>;
  if (typeof candidate.case_id !== 'string' || candidate.case_id === '') {
    throw new AppError('validation', 'case payload has no case_id');
  }
  if (typeof candidate.properties !== 'object' || candidate.properties === null) {
    throw new AppError('validation', 'case payload has no properties object');
  }
  const indices = candidate.indices ?? {};
  if (typeof indices !== 'object' || indices === null || Array.isArray(indices)) {
    throw new AppError('validation', 'case payload indices is not an object');
  }
  const parsed: ForwardedCase = {
    ...candidate,
    case_id: candidate.case_id,
    user_id: typeof candidate.user_id === 'string' ? candidate.user_id : null,
    closed: candidate.closed === true,
    date_modified: typeof candidate.date_modified === 'string' ? candidate.date_modified : null,
    properties: candidate.properties as Record<string, string | null>,
    indices: indices as Record<string, CaseIndex>,
  };
  return { kind: 'case', format: 'json', partial: false, case: parsed };
}

/**
 * A v2 case block (`<case case_id … ><create/><update/><index/><close/></case>`) to the case JSON shape:
 * create and update fields go into `properties`, index children into `indices`, `<close/>` sets `closed`.
 */
export function parseCaseXml(body: string): ParsedCasePayload {
  const { name, node } = parseXmlRoot(body, 'case payload');
  if (name !== 'case') throw new AppError('validation', `case payload root is <${name}>, expected <case>`);
  const caseId = attribute(node, '@case_id');
  if (!caseId) throw new AppError('validation', 'case payload has no case_id attribute');
  const properties: Record<string, string | null> = {};
  for (const block of ['create', 'update'] as const) {
    const fields = node[block];
    if (fields === undefined || fields === '') continue;
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
      throw new AppError('validation', `case payload <${block}> must appear once`);
    }
    for (const [field, value] of Object.entries(fields)) {
      if (field.startsWith('@')) continue;
      if (Array.isArray(value)) throw new AppError('validation', `case property "${field}" appears twice`);
      properties[field] = textOf(value);
    }
  }
  return {
    kind: 'case',
    format: 'xml',
    partial: true,
    case: {
      case_id: caseId,
      date_modified: attribute(node, '@date_modified') ?? null,
      user_id: attribute(node, '@user_id') ?? null,
      closed: node.close !== undefined,
      properties,
      indices: readIndices(node.index),
    },
  };
}

function readIndices(index: FormNode[string] | undefined): Record<string, CaseIndex> {
  const out: Record<string, CaseIndex> = {};
  if (index === undefined || index === '' || typeof index !== 'object' || index === null) return out;
  for (const [identifier, entry] of Object.entries(index as FormNode)) {
    if (identifier.startsWith('@')) continue;
    if (Array.isArray(entry) || typeof entry !== 'object' || entry === null) {
      // `<parent>id</parent>` without attributes: HQ would reject it; keep the id, type unknown.
      if (typeof entry === 'string' && entry !== '')
        out[identifier] = { case_type: '', case_id: entry, relationship: 'child' };
      continue;
    }
    const caseId = textOf(entry);
    if (caseId === '') continue; // an empty index element removes the index
    out[identifier] = {
      case_type: attribute(entry, '@case_type') ?? '',
      case_id: caseId,
      relationship: attribute(entry, '@relationship') ?? 'child',
    };
  }
  return out;
}

function attribute(node: FormNode, name: string): string | undefined {
  const value = node[name];
  return typeof value === 'string' ? value : undefined;
}
