import { Readable } from 'node:stream';
import type { CaseStore } from '../data/case-store.ts';
import type { CaseTypeName } from '../data/case-types.ts';
import type { SimProject } from '../data/project.ts';
import { feedColumns, feedRowRenderer } from './feed-row.ts';
import { escapeHtml } from './html-escape.ts';

export { feedColumns } from './feed-row.ts';
export { escapeHtml } from './html-escape.ts';

const HEAD = `<!DOCTYPE HTML>
<html>
  <head>
    <meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
    <title>Dashboard</title>
  </head>
  <body>
      <table>
        <thead>
          <tr>
`;
const BETWEEN = `          </tr>
        </thead>
        <tbody>
`;
const TAIL = `        </tbody>
      </table>
  </body>
</html>
`;
/**
 * Rows are encoded one by one into a chunk buffer: encoding a whole chunk built as one string cost a quarter
 * of the time (flattening thousands of concatenated pieces, then UTF-8 encoding them at once).
 */
const ROWS_PER_CHUNK = 200;
const CHUNK_BYTES = 320 * 1024;

export interface FeedContext {
  store: CaseStore;
  project: SimProject;
  caseType: CaseTypeName;
  /** For `case_link`. */
  origin: string;
}

/**
 * The Excel-dashboard page for one case type, generated row by row as the socket drains: a million rows
 * never exist as one string. Pull-based, so memory stays flat however slow the reader is. Chunks are pushed
 * as UTF-8 Buffers, so the server writes them without another conversion.
 */
export function feedStream(context: FeedContext): Readable {
  const columns = feedColumns(context.caseType);
  const renderRow = feedRowRenderer(context);
  const rows = context.store.ordered({ caseType: context.caseType });
  let number = 0;
  let stage: 'head' | 'rows' | 'done' = 'head';
  return new Readable({
    highWaterMark: 64 * 1024,
    read() {
      if (stage === 'head') {
        stage = 'rows';
        const header = columns.map((c) => `              <th>${escapeHtml(c)}</th>\n`).join('');
        this.push(Buffer.from(`${HEAD}${header}${BETWEEN}`));
        return;
      }
      if (stage === 'done') return;
      let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      let used = 0;
      for (let n = 0; n < ROWS_PER_CHUNK; n += 1) {
        const next = rows.next();
        if (next.done) {
          stage = 'done';
          this.push(buffer.subarray(0, used));
          this.push(Buffer.from(TAIL));
          this.push(null);
          return;
        }
        const c = context.store.get(next.value);
        if (!c) continue;
        const row = renderRow(c, number++);
        // A UTF-16 code unit is at most 3 UTF-8 bytes: with this much room the row is never cut.
        if (used + row.length * 3 > buffer.length) {
          this.push(buffer.subarray(0, used));
          buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, row.length * 3));
          used = 0;
        }
        used += buffer.write(row, used);
      }
      this.push(buffer.subarray(0, used));
    },
  });
}
