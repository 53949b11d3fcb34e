import { AppError } from '../../core/errors.ts';
import type { FormNode, FormV1 } from '../types.ts';
import { parseXmlRoot } from './xml-document.ts';

export interface ParsedFormPayload {
  kind: 'form';
  format: 'json' | 'xml';
  /** `id` of the JSON object, or `meta.instanceID` of the XML submission. */
  formId: string;
  /** The §7 `form` object (`#type`, `@name`, `@xmlns`, questions, `case`, `meta`). */
  form: FormNode;
  /** The whole §7 object when forwarded as JSON (received_on, app_id, …); absent for XML. */
  envelope?: FormV1;
}

export function parseFormJson(body: string): ParsedFormPayload {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new AppError('validation', 'form payload is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError('validation', 'form payload is not a JSON object');
  }
  const envelope = value as FormV1;
  if (typeof envelope.form !== 'object' || envelope.form === null || Array.isArray(envelope.form)) {
    throw new AppError('validation', 'form payload has no "form" object');
  }
  const formId =
    typeof envelope.id === 'string' && envelope.id !== '' ? envelope.id : instanceId(envelope.form);
  if (!formId) throw new AppError('validation', 'form payload has no id or meta.instanceID');
  return { kind: 'form', format: 'json', formId, form: envelope.form, envelope };
}

/** The raw submitted XForm: the root element's name becomes `#type`, as HQ does in its JSON. */
export function parseFormXml(body: string): ParsedFormPayload {
  const { name, node } = parseXmlRoot(body, 'form payload');
  const form: FormNode = { '#type': name, ...node };
  const formId = instanceId(form);
  if (!formId) throw new AppError('validation', 'form payload has no meta/instanceID');
  return { kind: 'form', format: 'xml', formId, form };
}

function instanceId(form: FormNode): string | undefined {
  const meta = form.meta;
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return undefined;
  const id = meta.instanceID;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
