/**
 * CommCare JSON values → row values. Rows hold strings: numbers keep their JSON form, booleans become
 * `true`/`false`, an XML element with attributes (`{"#text": "x", "@a": …}`) gives its text, other objects and
 * arrays are kept as JSON text so nothing is dropped silently.
 */
export function toRowValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (isRecord(value) && '#text' in value) return toRowValue(value['#text']);
  return JSON.stringify(value);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
