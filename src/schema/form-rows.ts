import type { SourceRow } from './types.ts';
import { isRecord, toRowValue } from './values.ts';

/**
 * Form → rows for one form-mapping table (design.md §5).
 *
 * `jsonPath` picks the object the table is made of: `.` (or empty) is the form root (`form`), otherwise a
 * dotted path of question groups below it (`household.members`; a leading `form.` is accepted). Its leaves are
 * flattened to columns named by the leaf's name, or by its dotted path (relative to the picked object) where
 * two leaves share a name. XML noise is skipped: attributes (`@xmlns`, `@name`), `#type`, and at the root the
 * `meta` block (it becomes the `meta_*` columns). Repeat groups below the picked object are arrays and belong
 * to their own tables, so they are skipped here too.
 *
 * Each row also gets `form_instance_id`, `received_on`, `app_id`, `domain` and `meta_<field>`. A repeat group
 * (an array, or a lone object since CommCare sends one entry as an object) gives one row per element keyed by
 * `form_row_id` = `<instance id>_<index>` (0-based; `_<i>_<j>` when the path crosses nested repeats), which
 * is deterministic, so re-processing a form updates the same rows.
 */
export interface FormRowsOptions {
  jsonPath: string;
}

export const FORM_ROW_ID = 'form_row_id';
export const FORM_INSTANCE_ID = 'form_instance_id';

export function formToRows(submission: unknown, options: FormRowsOptions): SourceRow[] {
  if (!isRecord(submission)) return [];
  const form = isRecord(submission.form) ? submission.form : {};
  const metaBlock = isRecord(form.meta) ? form.meta : {};
  const instanceId = toRowValue(metaBlock.instanceID ?? submission.id);
  const common: SourceRow = {
    [FORM_INSTANCE_ID]: instanceId,
    received_on: toRowValue(submission.received_on),
    app_id: toRowValue(submission.app_id),
    domain: toRowValue(submission.domain),
  };
  for (const [name, value] of Object.entries(metaBlock)) {
    if (!isAttribute(name)) common[`meta_${name}`] = toRowValue(value);
  }
  const segments = pathSegments(options.jsonPath);
  if (segments.length === 0) return [{ ...flatten(form, true), ...common }];

  const rows: SourceRow[] = [];
  for (const { value, indexes } of walk(form, segments, [])) {
    rows.push({
      ...flatten(value, false),
      ...common,
      [FORM_ROW_ID]: `${instanceId ?? ''}_${indexes.join('_')}`,
    });
  }
  return rows;
}

function pathSegments(jsonPath: string): string[] {
  const trimmed = jsonPath.trim().replace(/^\.+|\.+$/g, '');
  const segments = trimmed === '' ? [] : trimmed.split('.');
  return segments[0] === 'form' ? segments.slice(1) : segments;
}

interface Found {
  value: Record<string, unknown>;
  indexes: number[];
}

/** Every object at `segments`, expanding arrays (and lone objects) at the last step into indexed elements. */
function* walk(node: unknown, segments: string[], indexes: number[]): Generator<Found> {
  const [head, ...rest] = segments;
  if (head === undefined) return;
  const next = isRecord(node) ? node[head] : undefined;
  if (next === undefined || next === null) return;
  const elements = Array.isArray(next) ? next : [next];
  for (const [index, element] of elements.entries()) {
    if (!isRecord(element)) continue;
    // Arrays crossed on the way are indexed too; a lone object on the way adds no index (it was never a list).
    const nextIndexes = Array.isArray(next) || rest.length === 0 ? [...indexes, index] : indexes;
    if (rest.length === 0) yield { value: element, indexes: nextIndexes };
    else yield* walk(element, rest, nextIndexes);
  }
}

function isAttribute(name: string): boolean {
  return name.startsWith('@') || (name.startsWith('#') && name !== '#text');
}

/** Leaves of `node` by name, switching to dotted paths for names that occur more than once. */
function flatten(node: Record<string, unknown>, isRoot: boolean): SourceRow {
  const leaves: { path: string; name: string; value: string | null }[] = [];
  const visit = (value: Record<string, unknown>, prefix: string) => {
    for (const [name, child] of Object.entries(value)) {
      if (isAttribute(name) || Array.isArray(child)) continue;
      if (isRoot && prefix === '' && name === 'meta') continue;
      const path = prefix === '' ? name : `${prefix}.${name}`;
      if (isRecord(child) && !('#text' in child)) visit(child, path);
      else leaves.push({ path, name, value: toRowValue(child) });
    }
  };
  visit(node, '');
  const counts = new Map<string, number>();
  for (const leaf of leaves) counts.set(leaf.name, (counts.get(leaf.name) ?? 0) + 1);
  const row: SourceRow = {};
  for (const leaf of leaves) row[(counts.get(leaf.name) ?? 0) > 1 ? leaf.path : leaf.name] = leaf.value;
  return row;
}
