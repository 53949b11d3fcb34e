import type { FormNode, FormValue } from '../../commcare/types.ts';

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => XML_ENTITIES[char]!);
}
const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** HQ's JSON form back to the XML a phone submits: `@x` attributes, `#text`, arrays as repeated elements. */
export function nodeToXml(name: string, value: FormValue): string {
  if (Array.isArray(value)) return value.map((entry) => nodeToXml(name, entry as FormValue)).join('');
  if (value === null || value === undefined || value === '') return `<${name}/>`;
  if (typeof value !== 'object') return `<${name}>${escapeXml(String(value))}</${name}>`;
  let attributes = '';
  let children = '';
  for (const [key, child] of Object.entries(value as FormNode)) {
    if (key === '#type') continue;
    if (key.startsWith('@')) attributes += ` ${key.slice(1)}="${escapeXml(String(child))}"`;
    else if (key === '#text') children += escapeXml(String(child));
    else children += nodeToXml(key, child);
  }
  return children === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${children}</${name}>`;
}

export function formToXml(form: FormNode): string {
  const root = typeof form['#type'] === 'string' ? form['#type'] : 'data';
  return `<?xml version='1.0' ?>${nodeToXml(root, form)}`;
}
