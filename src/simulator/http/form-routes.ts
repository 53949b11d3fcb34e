import { caseTypeOf } from '../data/case-types.ts';
import { baseIndexedOn, generateCase } from '../data/cases.ts';
import { FORM_TYPES, generateForm } from '../data/forms.ts';
import { caseIndexOf, formIndexOf } from '../data/ids.ts';
import { parseMicros } from '../data/time.ts';
import { formV1 } from '../render/form-shapes.ts';
import type { SimContext } from './context.ts';
import { empty, json, type Reply } from './reply.ts';
import type { SimRequest } from './request.ts';
import { pageParams, tastypieReply } from './tastypie.ts';

/** Form j opened case j; its times derive from j, so every filter here is arithmetic, not generation. */
const receivedOf = (index: number) => baseIndexedOn(index) - 400_000;

export function formById(formId: string, context: SimContext) {
  const index = formIndexOf(context.seed, formId);
  if (index === undefined || index >= context.store.count) return undefined;
  return generateForm(context.seed, context.project, generateCase(context.seed, context.project, index));
}

/** `GET …/v0.5/form/` (§7): default order `-received_on`, limit ≤ 1000, naive date filters. */
export function listForms(request: SimRequest, context: SimContext): Reply {
  const q = request.query;
  const page = pageParams(request, 1000);
  const checks: Array<(index: number) => boolean> = [];
  const xmlns = q.get('xmlns');
  if (xmlns !== null) checks.push((i) => FORM_TYPES[caseTypeOf(i)].xmlns === xmlns);
  const caseId = q.get('case_id');
  if (caseId !== null) {
    const only = caseIndexOf(context.seed, caseId);
    checks.push((i) => i === only);
  }
  const appId = q.get('app_id');
  if (appId !== null) checks.push(() => appId === 'a1b2c3d4e5f60718293a4b5c6d7e8f90');
  for (const [key, offset, bound] of [
    ['received_on_start', 0, 'min'],
    ['received_on_end', 0, 'max'],
    ['indexed_on_start', 1_500_000, 'min'],
    ['indexed_on_end', 1_500_000, 'max'],
  ] as const) {
    const value = q.get(key);
    if (value === null) continue;
    const at = parseMicros(value, false);
    if (at === undefined) return json(400, { error: `${key}: '${value}' is not a naive date or date-time` });
    checks.push(bound === 'min' ? (i) => receivedOf(i) + offset >= at : (i) => receivedOf(i) + offset <= at);
  }
  const descending = (q.get('order_by') ?? '-received_on').startsWith('-');
  const count = context.store.count;
  const objects: unknown[] = [];
  let total = 0;
  for (let n = 0; n < count; n += 1) {
    const index = descending ? count - 1 - n : n;
    if (!checks.every((check) => check(index))) continue;
    if (total >= page.offset && objects.length < page.limit) {
      const opened = generateCase(context.seed, context.project, index);
      objects.push(formV1(generateForm(context.seed, context.project, opened), context.project.domain));
    }
    total += 1;
  }
  return tastypieReply(request, page, total, objects);
}

export function getForm(id: string, context: SimContext): Reply {
  const form = formById(id, context);
  return form ? json(200, formV1(form, context.project.domain)) : empty(404);
}
