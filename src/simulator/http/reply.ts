import type { Readable } from 'node:stream';

/** What a route answers; the server writes it (and applies any body fault) in one place. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Readable;
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(value),
});

export const empty = (status: number, headers: Record<string, string> = {}): Reply => ({
  status,
  headers,
  body: '',
});

/** HQ's plain-Django errors: `{"error": "..."}`. */
export const hqError = (status: number, message: string): Reply => json(status, { error: message });

export const djangoPage = (status: number, title: string): Reply => ({
  status,
  headers: { 'Content-Type': 'text/html; charset=utf-8' },
  body: `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`,
});
