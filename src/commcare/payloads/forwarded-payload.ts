import { AppError } from '../../core/errors.ts';
import { type ParsedCasePayload, parseCaseJson, parseCaseXml } from './case-payload.ts';
import { type ParsedFormPayload, parseFormJson, parseFormXml } from './form-payload.ts';

export type ParsedPayload = ParsedCasePayload | ParsedFormPayload;

/**
 * One entry point for a Data Forwarding body: JSON or XML (by its first character, since receivers see
 * mislabelled content types), case or form (by shape: a form has a `form` object or a non-`<case>` root).
 */
export function parseForwardedPayload(body: string | Uint8Array): ParsedPayload {
  const text = (typeof body === 'string' ? body : new TextDecoder().decode(body)).replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (start.startsWith('<')) {
    return /^(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:[\w.-]+:)?case[\s>/]/.test(start)
      ? parseCaseXml(text)
      : parseFormXml(text);
  }
  if (start.startsWith('{')) {
    let probe: unknown;
    try {
      probe = JSON.parse(text);
    } catch {
      throw new AppError('validation', 'payload is not valid JSON');
    }
    const object = probe as Record<string, unknown>;
    if (typeof object.form === 'object' && object.form !== null) return parseFormJson(text);
    if ('case_id' in object) return parseCaseJson(text);
    throw new AppError('validation', 'JSON payload is neither a case (case_id) nor a form (form)');
  }
  throw new AppError('validation', 'payload is neither JSON nor XML');
}
