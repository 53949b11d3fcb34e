import { AppError } from '../../core/errors.ts';

/** One data row: a cell is `null` when HQ rendered `---` (missing), `''` when answered blank. */
export type FeedCell = string | null;
export type FeedRow = FeedCell[];

/** HQ's MISSING_VALUE (§10). Only the exact text is missing; `a---b` is data. */
export const MISSING_VALUE = '---';

/** The table's first row is the header; later rows become FeedRows of the header's width. */
export class FeedRows {
  headers: string[] | undefined;
  private ready: FeedRow[] = [];

  get size(): number {
    return this.ready.length;
  }

  add(cells: string[]): void {
    if (!this.headers) {
      this.headers = cells;
      return;
    }
    const width = this.headers.length;
    if (cells.length > width) {
      throw new AppError(
        'validation',
        `export feed row has ${cells.length} cells but the header has ${width}`,
      );
    }
    // The scanner's array becomes the row: rows are the bulk of the work, so no copy per row.
    const row: FeedRow = cells;
    for (let i = 0; i < row.length; i += 1) if (row[i] === MISSING_VALUE) row[i] = null;
    while (row.length < width) row.push(null);
    this.ready.push(row);
  }

  take(): FeedRow[] {
    const out = this.ready;
    this.ready = [];
    return out;
  }
}
