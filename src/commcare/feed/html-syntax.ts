/**
 * The few pieces of HTML's tokenizer rules the feed scanner needs, written against plain strings and char
 * codes so the hot path (`<td>`, `</td>`, `<tr>`, `</tr>`) never allocates.
 */

/** Tag names the scanner reacts to; every other name is `OTHER` (its text, if in a cell, still counts). */
export const TAG = {
  OTHER: 0,
  TABLE: 1,
  TR: 2,
  TD: 3,
  TH: 4,
  /** thead, tbody, tfoot: a section boundary ends any open row. */
  SECTION: 5,
  HTML: 6,
  /** script, style, xmp, iframe, noembed, noframes, plaintext: raw text until the matching end tag. */
  RAW_TEXT: 7,
  /** title, textarea: like raw text, but entities are decoded. */
  ESCAPABLE_RAW_TEXT: 8,
} as const;
export type TagId = (typeof TAG)[keyof typeof TAG];

const NAMED: Record<string, TagId> = {
  table: TAG.TABLE,
  thead: TAG.SECTION,
  tbody: TAG.SECTION,
  tfoot: TAG.SECTION,
  html: TAG.HTML,
  script: TAG.RAW_TEXT,
  style: TAG.RAW_TEXT,
  xmp: TAG.RAW_TEXT,
  iframe: TAG.RAW_TEXT,
  noembed: TAG.RAW_TEXT,
  noframes: TAG.RAW_TEXT,
  plaintext: TAG.RAW_TEXT,
  title: TAG.ESCAPABLE_RAW_TEXT,
  textarea: TAG.ESCAPABLE_RAW_TEXT,
};

const LOWER_D = 0x64;
const LOWER_H = 0x68;
const LOWER_R = 0x72;
const LOWER_T = 0x74;
const SLASH = 0x2f;
const GT = 0x3e;
const EQUALS = 0x3d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

/** HTML's whitespace: space, tab, LF, FF, CR. */
export function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0c || code === 0x0d;
}

export function isAsciiAlpha(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

/** Where a tag name starting at `start` ends (whitespace, `/` or `>`); `text.length` when not yet seen. */
export function tagNameEnd(text: string, start: number): number {
  let at = start;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code === GT || code === SLASH || isWhitespace(code)) return at;
    at += 1;
  }
  return at;
}

/** Which tag `text[start, end)` names, in any letter case. td/tr/th are checked without building a string. */
export function tagIdOf(text: string, start: number, end: number): TagId {
  if (end - start === 2 && (text.charCodeAt(start) | 0x20) === LOWER_T) {
    const second = text.charCodeAt(start + 1) | 0x20;
    if (second === LOWER_D) return TAG.TD;
    if (second === LOWER_R) return TAG.TR;
    if (second === LOWER_H) return TAG.TH;
    return TAG.OTHER;
  }
  if (end - start > 9) return TAG.OTHER;
  return NAMED[text.slice(start, end).toLowerCase()] ?? TAG.OTHER;
}

/**
 * The index of the `>` closing a start tag whose name ended at `from`, or -1 if the text stops first. A `>`
 * inside a quoted attribute value (`<td title="a>b">`) does not end the tag.
 */
export function startTagEnd(text: string, from: number): number {
  const gt = text.indexOf('>', from);
  if (gt === -1) return -1;
  let quoted = false;
  for (let at = from; at < gt; at += 1) {
    const code = text.charCodeAt(at);
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      quoted = true;
      break;
    }
  }
  return quoted ? quoteAwareTagEnd(text, from) : gt;
}

/** Attribute values are quoted only right after `=` (and optional whitespace), as in HTML's tokenizer. */
function quoteAwareTagEnd(text: string, from: number): number {
  let at = from;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code === GT) return at;
    at += 1;
    if (code !== EQUALS) continue;
    while (at < text.length && isWhitespace(text.charCodeAt(at))) at += 1;
    if (at >= text.length) return -1;
    const quote = text.charCodeAt(at);
    if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) continue;
    const close = text.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", at + 1);
    if (close === -1) return -1;
    at = close + 1;
  }
  return -1;
}

/**
 * True when `text[from, end)` could still grow into a character reference (`&`, `&am`, `&#x2`): text ending
 * like this must wait for the next chunk before it is decoded.
 */
export function mayBeUnfinishedReference(text: string, from: number): boolean {
  for (let at = from + 1; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    const alnum = isAsciiAlpha(code) || (code >= 0x30 && code <= 0x39);
    if (!alnum && !(at === from + 1 && code === 0x23)) return false;
  }
  return true;
}
