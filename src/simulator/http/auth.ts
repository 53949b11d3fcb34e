import { empty, type Reply } from './reply.ts';

export interface Credentials {
  username: string;
  apiKey: string;
}

/**
 * HQ's api_auth (§1): the scheme is picked by lowercased prefix, anything not basic/digest/bearer is an API key
 * (`ApiKey user:key`, case-insensitive, split on the first `:`). Missing credentials → 401 with a Digest
 * challenge; wrong ones → 401 with a Basic challenge; both with an empty body. Returns undefined when valid.
 */
export function checkAuth(header: string | undefined, credentials: Credentials): Reply | undefined {
  if (!header) {
    return empty(401, {
      'WWW-Authenticate': 'Digest realm="DJANGO", nonce="simulator", qop="auth", opaque="sim"',
    });
  }
  const lower = header.toLowerCase();
  let username: string | undefined;
  let secret: string | undefined;
  if (lower.startsWith('basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    [username, secret] = splitOnce(decoded);
  } else if (!lower.startsWith('digest ') && !lower.startsWith('bearer ')) {
    const space = header.indexOf(' ');
    [username, secret] = splitOnce(space === -1 ? header : header.slice(space + 1).trim());
  }
  if (username === credentials.username && secret === credentials.apiKey) return undefined;
  return empty(401, { 'WWW-Authenticate': 'Basic realm=""' });
}

function splitOnce(value: string): [string, string | undefined] {
  const colon = value.indexOf(':');
  return colon === -1 ? [value, undefined] : [value.slice(0, colon), value.slice(colon + 1)];
}
