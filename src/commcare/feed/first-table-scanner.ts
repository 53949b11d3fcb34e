import { decodeHTML } from 'entities';
import {
  isAsciiAlpha,
  isWhitespace,
  mayBeUnfinishedReference,
  startTagEnd,
  TAG,
  type TagId,
  tagIdOf,
  tagNameEnd,
} from './html-syntax.ts';

const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const GT = 0x3e;
const LOWER_D = 0x64;
const LOWER_H = 0x68;
const LOWER_R = 0x72;
const LOWER_T = 0x74;

const MODE_TEXT = 0;
const MODE_COMMENT = 1;
const MODE_RAW_TEXT = 2;

const BEFORE_TABLE = 0;
const IN_TABLE = 1;
const AFTER_TABLE = 2;

/**
 * A streaming scanner for the rows of the first `<table>` of an HTML page, fed decoded text in chunks of any
 * size. It jumps from `<` to `<` with `indexOf`, so the usual `<td>value</td>` costs two searches and one
 * slice. Whatever a chunk ends in the middle of (a tag, a comment end, a character reference) waits for the
 * next chunk; nothing else is kept.
 *
 * What it follows of HTML: tag names in any case, attributes (quoted values may hold `>`), comments,
 * `<!DOCTYPE>`/`<?…>`, raw-text elements (script, style, title…), a `<` that starts no tag is text, other
 * tags inside a cell add their text to the cell, character references decoded as htmlparser2 decodes text
 * (the `entities` package it uses), omitted `</td>`/`</tr>` (a new cell or row, a section or the table's end
 * closes them), and tables nested in a cell (their structure is ignored, their text joins the cell). Only the
 * first table is read; anything after its `</table>` except `</html>` is skipped.
 */
export class FirstTableScanner {
  sawTable = false;
  tableClosed = false;
  htmlClosed = false;

  private pending = '';
  private mode = MODE_TEXT;
  private phase = BEFORE_TABLE;
  /** Tables open inside (and including) the first one. */
  private depth = 0;
  /** In MODE_RAW_TEXT: the element's lower-case name, and whether its text decodes references. */
  private rawName = '';
  private rawDecodes = false;
  private row: string[] | undefined;
  /** The open cell's text so far; undefined outside a cell. */
  private cell: string | undefined;
  private cellTag: TagId = TAG.TD;

  constructor(private readonly onRow: (cells: string[]) => void) {}

  write(chunk: string): void {
    const text = this.pending.length === 0 ? chunk : this.pending + chunk;
    const consumed = this.scan(text);
    this.pending = consumed === text.length ? '' : text.slice(consumed);
  }

  /** Scans as far as the text allows; returns the index of the first character it must see again. */
  private scan(text: string): number {
    let at = 0;
    while (at < text.length) {
      if (this.mode === MODE_COMMENT) {
        const end = this.commentEnd(text, at);
        if (end === -1) return Math.max(at, text.length - 3);
        this.mode = MODE_TEXT;
        at = end;
        continue;
      }
      if (this.mode === MODE_RAW_TEXT) {
        const end = this.rawTextEnd(text, at);
        if (end < 0) return -end - 1;
        this.mode = MODE_TEXT;
        at = end;
        continue;
      }
      const lt = text.indexOf('<', at);
      if (lt === -1) return this.trailingText(text, at);
      if (this.cell !== undefined && lt > at) this.appendText(text, at, lt, true);
      const next = this.depth === 1 ? this.cellOrRowTag(text, lt) : -1;
      if (next !== -1) {
        at = next;
        continue;
      }
      const after = this.markup(text, lt);
      if (after === -1) return lt;
      at = after;
    }
    return at;
  }

  /**
   * The feed's hot path: bare `<td>`, `</td>`, `<tr>`, `</tr>` (and th) in the first table, recognised by
   * their char codes without the general tag machinery. Returns -1 for anything else.
   */
  private cellOrRowTag(text: string, lt: number): number {
    let at = lt + 1;
    const closing = text.charCodeAt(at) === SLASH;
    if (closing) at += 1;
    if ((text.charCodeAt(at) | 0x20) !== LOWER_T || text.charCodeAt(at + 2) !== GT) return -1;
    const second = text.charCodeAt(at + 1) | 0x20;
    const tag =
      second === LOWER_D ? TAG.TD : second === LOWER_R ? TAG.TR : second === LOWER_H ? TAG.TH : TAG.OTHER;
    if (tag === TAG.OTHER) return -1;
    if (closing) this.closeInTable(tag);
    else this.openInTable(tag);
    return at + 3;
  }

  /** Text with no `<` after it: cell text is taken up to a reference that may continue in the next chunk. */
  private trailingText(text: string, from: number): number {
    if (this.cell === undefined) return text.length;
    const keep = referenceSafeEnd(text, from);
    if (keep > from) this.appendText(text, from, keep, true);
    return keep;
  }

  /** Handles the markup starting at `text[lt] === '<'`; returns where text resumes, or -1 if incomplete. */
  private markup(text: string, lt: number): number {
    if (lt + 1 >= text.length) return -1;
    const code = text.charCodeAt(lt + 1);
    if (isAsciiAlpha(code)) return this.startTag(text, lt);
    if (code === SLASH) return this.endTag(text, lt);
    if (code === BANG) return this.declaration(text, lt);
    if (code === QUESTION) return this.bogusComment(text, lt + 2);
    // A `<` that starts no tag is text.
    if (this.cell !== undefined) this.cell += '<';
    return lt + 1;
  }

  private startTag(text: string, lt: number): number {
    const nameEnd = tagNameEnd(text, lt + 1);
    if (nameEnd === text.length) return -1;
    const gt = text.charCodeAt(nameEnd) === GT ? nameEnd : startTagEnd(text, nameEnd);
    if (gt === -1) return -1;
    const tag = tagIdOf(text, lt + 1, nameEnd);
    if (tag === TAG.RAW_TEXT || tag === TAG.ESCAPABLE_RAW_TEXT) {
      this.mode = MODE_RAW_TEXT;
      this.rawName = text.slice(lt + 1, nameEnd).toLowerCase();
      this.rawDecodes = tag === TAG.ESCAPABLE_RAW_TEXT;
    } else if (this.phase === BEFORE_TABLE) {
      if (tag === TAG.TABLE) {
        this.sawTable = true;
        this.phase = IN_TABLE;
        this.depth = 1;
      }
    } else if (this.phase === IN_TABLE) {
      this.openInTable(tag);
    }
    return gt + 1;
  }

  private openInTable(tag: TagId): void {
    if (tag === TAG.TABLE) {
      this.depth += 1;
    } else if (this.depth !== 1) {
      // Structure of a table nested in a cell is not ours; its text still joins the cell.
    } else if (tag === TAG.TD || tag === TAG.TH) {
      if (!this.row) return;
      this.closeCell();
      this.cell = '';
      this.cellTag = tag;
    } else if (tag === TAG.TR) {
      this.closeRow();
      this.row = [];
    } else if (tag === TAG.SECTION) {
      this.closeRow();
    }
  }

  private endTag(text: string, lt: number): number {
    if (lt + 2 >= text.length) return -1;
    if (!isAsciiAlpha(text.charCodeAt(lt + 2))) {
      // `</>` is nothing; `</3…>` is a bogus comment.
      return this.bogusComment(text, lt + 2);
    }
    const nameEnd = tagNameEnd(text, lt + 2);
    if (nameEnd === text.length) return -1;
    const gt = text.indexOf('>', nameEnd);
    if (gt === -1) return -1;
    const tag = tagIdOf(text, lt + 2, nameEnd);
    if (tag === TAG.HTML) this.htmlClosed = true;
    else if (this.phase === IN_TABLE) this.closeInTable(tag);
    return gt + 1;
  }

  private closeInTable(tag: TagId): void {
    if (tag === TAG.TABLE) {
      this.depth -= 1;
      if (this.depth === 0) {
        this.closeRow();
        this.phase = AFTER_TABLE;
        this.tableClosed = true;
      }
    } else if (this.depth !== 1) {
      // Inside a nested table.
    } else if (tag === TAG.TD || tag === TAG.TH) {
      if (tag === this.cellTag) this.closeCell();
    } else if (tag === TAG.TR || tag === TAG.SECTION) {
      this.closeRow();
    }
  }

  /** `<!--…-->`, `<!DOCTYPE …>` and other `<!…>`. */
  private declaration(text: string, lt: number): number {
    if (lt + 4 > text.length) return -1;
    if (text.startsWith('<!--', lt)) {
      // `<!-->` and `<!--->` are complete (empty) comments: wait until that can be told.
      if (text.charCodeAt(lt + 4) === GT) return lt + 5;
      if (lt + 6 > text.length) return -1;
      if (text.startsWith('->', lt + 4)) return lt + 6;
      this.mode = MODE_COMMENT;
      return lt + 4;
    }
    return this.bogusComment(text, lt + 2);
  }

  private bogusComment(text: string, from: number): number {
    const gt = text.indexOf('>', from);
    return gt === -1 ? -1 : gt + 1;
  }

  /** After `-->` or `--!>`, or -1 while the comment goes on. */
  private commentEnd(text: string, from: number): number {
    let at = from;
    for (;;) {
      const dashes = text.indexOf('--', at);
      if (dashes === -1) return -1;
      let after = dashes + 2;
      while (text.charCodeAt(after) === 0x2d) after += 1; // `--->` ends too
      if (after >= text.length) return -1;
      if (text.charCodeAt(after) === GT) return after + 1;
      if (text.charCodeAt(after) === BANG) {
        if (after + 1 >= text.length) return -1;
        if (text.charCodeAt(after + 1) === GT) return after + 2;
      }
      at = after;
    }
  }

  /**
   * Raw text runs to `</name` followed by whitespace, `/` or `>`. Returns the index of that `</` (left for
   * the tag handler), or `-(resume + 1)` when the chunk ends first.
   */
  private rawTextEnd(text: string, from: number): number {
    let at = from;
    for (;;) {
      const lt = text.indexOf('</', at);
      const nameStart = lt + 2;
      const afterName = nameStart + this.rawName.length;
      if (lt === -1 || afterName >= text.length) {
        let stop = lt === -1 ? Math.max(from, text.length - this.rawName.length - 2) : lt;
        if (lt === -1 && this.rawDecodes) stop = Math.min(stop, referenceSafeEnd(text, from));
        if (this.cell !== undefined && stop > from) this.appendText(text, from, stop, this.rawDecodes);
        return -(stop + 1);
      }
      const code = text.charCodeAt(afterName);
      if (
        text.slice(nameStart, afterName).toLowerCase() === this.rawName &&
        (code === GT || code === SLASH || isWhitespace(code))
      ) {
        if (this.cell !== undefined && lt > from) this.appendText(text, from, lt, this.rawDecodes);
        return lt;
      }
      at = lt + 2;
    }
  }

  private appendText(text: string, from: number, to: number, decode: boolean): void {
    let piece = text.slice(from, to);
    if (decode && piece.indexOf('&') !== -1) piece = decodeHTML(piece);
    this.cell = this.cell === '' ? piece : this.cell + piece;
  }

  private closeCell(): void {
    if (this.cell === undefined) return;
    this.row?.push(this.cell);
    this.cell = undefined;
  }

  private closeRow(): void {
    this.closeCell();
    if (!this.row) return;
    const row = this.row;
    this.row = undefined;
    this.onRow(row);
  }
}

/** Where text from `from` to the chunk's end can be cut without splitting a character reference. */
function referenceSafeEnd(text: string, from: number): number {
  const amp = text.lastIndexOf('&');
  return amp >= from && mayBeUnfinishedReference(text, amp) ? amp : text.length;
}
