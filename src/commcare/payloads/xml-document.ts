import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '../../core/errors.ts';
import type { FormNode, FormValue } from '../types.ts';

/**
 * Parses a forwarded XML body into HQ's JSON conventions: attributes as `@name`, text beside attributes as
 * `#text`, repeated elements as arrays (a lone one stays an object), namespace prefixes dropped but the
 * element's namespace kept as `@xmlns`, values always strings. Documents with a DTD are refused outright: no
 * external entities, no entity-expansion bombs.
 */
export function parseXmlRoot(xml: string, what: string): { name: string; node: FormNode } {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new AppError('validation', `${what}: XML with a DTD or entity declarations is not accepted`);
  }
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true) {
    throw new AppError(
      'validation',
      `${what}: malformed XML (${verdict.err.msg} at line ${verdict.err.line})`,
    );
  }
  const parsed = parser().parse(xml) as Record<string, unknown>;
  const roots = Object.keys(parsed).filter((key) => !key.startsWith('?') && !key.startsWith('#'));
  const rootKey = roots[0];
  if (roots.length !== 1 || rootKey === undefined)
    throw new AppError('validation', `${what}: no root element`);
  const root = parsed[rootKey];
  const node = normalize(
    typeof root === 'object' && root !== null ? root : { '#text': root },
    rootKey,
    new Map(),
    undefined,
  );
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    throw new AppError('validation', `${what}: unexpected root element`);
  }
  return { name: localName(rootKey), node: node as FormNode };
}

function parser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    textNodeName: '#text',
    parseTagValue: false, // "007" and "+254…" must stay strings
    parseAttributeValue: false,
    trimValues: true,
    removeNSPrefix: false, // it would also drop the default xmlns, which identifies the form
    processEntities: true,
    htmlEntities: true, // numeric character references (&#233;)
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
}

function localName(key: string): string {
  const colon = key.indexOf(':');
  return colon === -1 ? key : key.slice(colon + 1);
}

/** Rebuilds one element: attributes first (as HQ emits them), prefixes resolved into `@xmlns`. */
function normalize(
  value: unknown,
  key: string,
  scope: Map<string, string>,
  parentNs: string | undefined,
): FormValue {
  if (Array.isArray(value)) return value.map((one) => normalize(one, key, scope, parentNs) as FormNode);
  if (typeof value !== 'object' || value === null) return value === undefined ? '' : String(value);
  const entries = Object.entries(value as Record<string, unknown>);
  const inner = new Map(scope);
  for (const [name, declared] of entries) {
    if (name.startsWith('@xmlns:')) inner.set(name.slice(7), String(declared));
  }
  const out: FormNode = {};
  const colon = key.indexOf(':');
  const prefixNamespace = colon === -1 ? undefined : inner.get(key.slice(0, colon));
  for (const [name, attribute] of entries) {
    if (!name.startsWith('@') || name.startsWith('@xmlns:')) continue;
    out[`@${localName(name.slice(1))}`] = String(attribute);
  }
  // Like HQ, an element shows `@xmlns` only where its namespace changes, not on every prefixed child.
  if (prefixNamespace !== undefined && prefixNamespace !== parentNs && out['@xmlns'] === undefined) {
    out['@xmlns'] = prefixNamespace;
  }
  const ownNs = typeof out['@xmlns'] === 'string' ? out['@xmlns'] : (prefixNamespace ?? parentNs);
  for (const [name, child] of entries) {
    if (name.startsWith('@')) continue;
    if (name === '#text') {
      out['#text'] = String(child);
      continue;
    }
    const local = localName(name);
    const normalized = normalize(child, name, inner, ownNs);
    const existing = out[local];
    // Two prefixes mapping to one local name (rare) still merge into one repeat group.
    out[local] =
      existing === undefined ? normalized : ([] as FormNode[]).concat(existing as never, normalized as never);
  }
  return out;
}

/** The text of an element that may carry attributes (`{"@a": …, "#text": …}`). */
export function textOf(value: FormValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object' && !Array.isArray(value)) {
    const text = value['#text'];
    return typeof text === 'string' ? text : '';
  }
  return String(value);
}
