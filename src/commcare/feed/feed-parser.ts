import { Parser } from 'htmlparser2';
import { AppError } from '../../core/errors.ts';

/** One data row: a cell is `null` when HQ rendered `---` (missing), `''` when answered blank. */
export type FeedCell = string | null;
export type FeedRow = FeedCell[];
export type FeedEvent = { headers: string[] } | FeedRow;

export interface ExportFeed {
  headers: string[];
  rows: AsyncIterable<FeedRow>;
}

/** HQ's MISSING_VALUE (§10). Only the exact text is missing; `a---b` is data. */
export const MISSING_VALUE = '---';

/**
 * Streams an Excel-dashboard export page: bytes in, `{headers}` first, then one array per data row. Memory
 * stays constant: rows are handed out as each chunk is parsed, never collected. Only the first `<table>` is
 * read (later tables are repeat-group exports with other columns) and its first row is the header. A page
 * that stops before `</table>` and `</html>` is truncated and throws, so a sync never treats half a page as
 * the whole.
 */
export async function* parseExportFeed(
  chunks: AsyncIterable<Uint8Array | string>,
): AsyncGenerator<FeedEvent> {
  const state = new FeedState();
  const parser = new Parser(state.handlers(), { decodeEntities: true, lowerCaseTags: true });
  const decoder = new TextDecoder('utf-8');
  let headersSent = false;
  for await (const chunk of chunks) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (!headersSent && state.headers) {
      headersSent = true;
      yield { headers: state.headers };
    }
    if (headersSent) yield* state.takeRows();
  }
  parser.write(decoder.decode());
  if (!state.sawTable) {
    throw new AppError(
      'validation',
      'export feed has no <table>: check the export URL is an Excel-dashboard feed',
    );
  }
  if (!state.firstTableClosed || !state.htmlClosed) {
    throw new AppError('validation', 'export feed page is truncated (no closing </table> or </html>)');
  }
  if (!headersSent) yield { headers: state.headers ?? [] };
  yield* state.takeRows();
}

/** Awaits the header row, then hands out the rows lazily. */
export async function readExportFeed(chunks: AsyncIterable<Uint8Array | string>): Promise<ExportFeed> {
  const events = parseExportFeed(chunks);
  const first = await events.next();
  if (first.done || Array.isArray(first.value)) {
    throw new AppError('validation', 'export feed did not start with a header row');
  }
  const headers = first.value.headers;
  return {
    headers,
    rows: {
      async *[Symbol.asyncIterator]() {
        for await (const event of events) if (Array.isArray(event)) yield event;
      },
    },
  };
}

class FeedState {
  headers: string[] | undefined;
  sawTable = false;
  firstTableClosed = false;
  htmlClosed = false;
  private rows: FeedRow[] = [];
  private tableDepth = 0;
  private cells: FeedRow | undefined;
  private text: string | undefined;

  takeRows(): FeedRow[] {
    const out = this.rows;
    this.rows = [];
    return out;
  }

  private get reading(): boolean {
    return this.tableDepth === 1 && !this.firstTableClosed;
  }

  handlers() {
    return {
      onopentag: (name: string) => {
        if (name === 'table') {
          this.sawTable = true;
          this.tableDepth += 1;
        } else if (!this.reading) {
          return;
        } else if (name === 'tr') {
          this.cells = [];
        } else if ((name === 'td' || name === 'th') && this.cells) {
          this.text = '';
        }
      },
      ontext: (data: string) => {
        if (this.text !== undefined) this.text += data;
      },
      onclosetag: (name: string, isImplied: boolean) => {
        if (isImplied) return; // implied closes come from a broken or truncated page; never emit them
        if (name === 'html') this.htmlClosed = true;
        if (name === 'table') {
          if (this.tableDepth === 1) this.firstTableClosed = true;
          this.tableDepth -= 1;
          return;
        }
        if (!this.reading) return;
        if ((name === 'td' || name === 'th') && this.cells && this.text !== undefined) {
          this.cells.push(this.text);
          this.text = undefined;
        } else if (name === 'tr' && this.cells) {
          this.finishRow(this.cells);
          this.cells = undefined;
        }
      },
    };
  }

  private finishRow(cells: string[] | FeedRow): void {
    if (!this.headers) {
      this.headers = cells.map((cell) => cell ?? '');
      return;
    }
    if (cells.length > this.headers.length) {
      throw new AppError(
        'validation',
        `export feed row has ${cells.length} cells but the header has ${this.headers.length}`,
      );
    }
    const row: FeedRow = cells.map((cell) => (cell === MISSING_VALUE ? null : cell));
    while (row.length < this.headers.length) row.push(null);
    this.rows.push(row);
  }
}
