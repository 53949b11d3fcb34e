/**
 * The feed scanner against the HTML it may meet, each page fed split at every possible byte boundary (and
 * byte by byte), so no chunk boundary — inside a tag name, an entity, a comment end or a UTF-8 sequence —
 * changes the result.
 */
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { type FeedEvent, parseExportFeed } from '../../../src/commcare/feed/feed-parser.ts';

async function* chunks(parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield part;
}

async function parse(parts: Uint8Array[]): Promise<FeedEvent[]> {
  const out: FeedEvent[] = [];
  for await (const event of parseExportFeed(chunks(parts))) out.push(event);
  return out;
}

/** Every split of the page into two chunks, plus one byte per chunk. */
function splits(html: string): Uint8Array[][] {
  const bytes = new TextEncoder().encode(html);
  const out: Uint8Array[][] = [[bytes]];
  for (let at = 1; at < bytes.length; at += 1) out.push([bytes.subarray(0, at), bytes.subarray(at)]);
  out.push(Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)));
  return out;
}

async function expectAtEverySplit(html: string, expected: FeedEvent[]): Promise<void> {
  for (const parts of splits(html)) {
    const sizes = parts.map((part) => part.length).join('+');
    expect(await parse(parts), `chunks ${sizes}`).toEqual(expected);
  }
}

async function expectTruncatedAtEverySplit(html: string): Promise<void> {
  for (const parts of splits(html)) {
    await expect(parse(parts)).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/truncated/),
    });
  }
}

const wrap = (table: string, after = '') => `<!DOCTYPE HTML><html><body>${table}${after}</body></html>`;

describe('feed scanner: pages split at every chunk boundary', () => {
  it.each<[string, string, FeedEvent[]]>([
    [
      'upper- and mixed-case tag names',
      wrap(
        '<TABLE><THEAD><TR><TH>a</TH><Th>b</tH></TR></THEAD><TBody><Tr><TD>1</TD><td>2</Td></tR></TBody></TABLE>',
      ),
      [{ headers: ['a', 'b'] }, ['1', '2']],
    ],
    [
      'attributes on table, tr, th and td; a quoted > does not end the tag',
      wrap(
        `<table border=1 class="feed"><tr id='h'><th class="x">a</th><th title="a>b" data-q='"'>b</th></tr>` +
          `<tr data-row="1"><td class="x">1</td><td title='c>d'>2</td ></tr ></table >`,
      ),
      [{ headers: ['a', 'b'] }, ['1', '2']],
    ],
    [
      'comments: skipped, also in cells and holding tags',
      wrap(
        '<!-- <table><tr><td>no</td></tr></table> --><table><tr><th>a</th></tr><!-- <tr><td>x</td></tr> -->' +
          '<tr><td>1<!-- -- > not yet -->2<!---->3<!-->4<!--->5</td></tr></table>',
      ),
      [{ headers: ['a'] }, ['12345']],
    ],
    [
      'other tags inside a cell: their text belongs to the cell',
      wrap(
        '<table><tr><th>a</th><th>b</th></tr><tr><td>one<br>two<br/>three</td><td><b>bold</b> <i>x</i></td></tr></table>',
      ),
      [{ headers: ['a', 'b'] }, ['onetwothree', 'bold x']],
    ],
    [
      'named and numeric entities, decoded like htmlparser2',
      wrap(
        '<table><tr><th>&lt;h&gt;</th></tr><tr><td>&amp; &lt; &gt; &quot; &#x27; &#39; &nbsp;|&eacute; &#233; &#xE9; ' +
          '&#128512; &amp &notin; &notit; &unknown; &#0; &#x80; AT&T; a&b</td></tr></table>',
      ),
      [{ headers: ['<h>'] }, ["& < > \" ' ' \u00a0|é é é 😀 & ∉ ¬it; &unknown; \ufffd € AT&T; a&b"]],
    ],
    [
      'multi-byte UTF-8 characters in cells and headers',
      wrap('<table><tr><th>名前</th><th>é</th></tr><tr><td>Zoë Nguyễn 🌍</td><td>日本語</td></tr></table>'),
      [{ headers: ['名前', 'é'] }, ['Zoë Nguyễn 🌍', '日本語']],
    ],
    [
      '--- exactly is missing, empty is empty, --- inside text is data',
      wrap(
        '<table><tr><th>a</th><th>b</th><th>c</th><th>d</th></tr><tr><td>---</td><td></td><td>a---b</td><td> --- </td></tr></table>',
      ),
      [{ headers: ['a', 'b', 'c', 'd'] }, [null, '', 'a---b', ' --- ']],
    ],
    [
      'only the first table is read; later tables are ignored',
      wrap(
        '<table><tr><th>a</th></tr><tr><td>1</td></tr></table>',
        '<table><tr><th>x</th></tr><tr><td>9</td></tr></table>',
      ),
      [{ headers: ['a'] }, ['1']],
    ],
    [
      'a table nested in a cell: its structure is not rows, its text joins the cell',
      wrap(
        '<table><tr><th>a</th><th>b</th></tr><tr><td>x<table><tr><td>in</td><td>ner</td></tr></table>y</td><td>2</td></tr>' +
          '<tr><td>3</td><td>4</td></tr></table>',
      ),
      [{ headers: ['a', 'b'] }, ['xinnery', '2'], ['3', '4']],
    ],
    [
      'omitted </td> and </tr>: the next cell, row, section or the table end closes them',
      wrap('<table><thead><tr><th>a<th>b</thead><tbody><tr><td>1<td>2<tr><td>3<td>4</tbody></table>'),
      [{ headers: ['a', 'b'] }, ['1', '2'], ['3', '4']],
    ],
    [
      'HQ layout: whitespace between tags is not data, whitespace in cells is',
      '<!DOCTYPE HTML>\r\n<html>\n  <head>\n    <meta charset="UTF-8">\n    <title>Dash &amp; <table></title>\n  </head>\n' +
        '  <body>\n      <table>\n        <thead>\n          <tr>\n              <th>a</th>\n          </tr>\n        </thead>\n' +
        '        <tbody>\n          <tr>\n              <td> x </td>\n          </tr>\n        </tbody>\n      </table>\n  </body>\n</html>\n',
      [{ headers: ['a'] }, [' x ']],
    ],
    [
      'script and style text is not markup',
      '<html><head><script>if (a<b) document.write("<table><tr><td>no</td></tr></table>")</script>' +
        '<style>td::after{content:"</td>"}</style></head><body><table><tr><th>a</th></tr><tr><td>1</td></tr></table></body></html>',
      [{ headers: ['a'] }, ['1']],
    ],
    [
      'a < that starts no tag is text; </> is nothing',
      wrap('<table><tr><th>a</th></tr><tr><td>1 < 2 <3 </>x</td></tr></table>'),
      [{ headers: ['a'] }, ['1 < 2 <3 x']],
    ],
    [
      'an empty table has headers and no rows; short rows are padded',
      wrap('<table><tr><th>a</th><th>b</th></tr><tr><td>1</td></tr><tr></tr></table>'),
      [{ headers: ['a', 'b'] }, ['1', null], [null, null]],
    ],
  ])('%s', async (_name, html, expected) => {
    await expectAtEverySplit(html, expected);
  });

  it.each([
    ['no </table>', '<html><body><table><tr><th>a</th></tr><tr><td>1</td></tr></body></html>'],
    ['no </html>', wrap('<table><tr><th>a</th></tr><tr><td>1</td></tr></table>').replace('</html>', '')],
    ['cut inside the closing </html', wrap('<table><tr><th>a</th></tr></table>').slice(0, -1)],
    ['only a later table closes', '<html><table><tr><th>a</th></tr><tr><td><table></table></td></tr></html>'],
    ['</table> only inside a comment', '<html><table><tr><th>a</th></tr><!-- </table> --></html>'],
  ])('a truncated page throws: %s', async (_name, html) => {
    await expectTruncatedAtEverySplit(html);
  });

  it('decodes every entity in the list exactly as htmlparser2 decodes text', async () => {
    const cells = [
      '&amp;&lt;&gt;&quot;&apos;',
      '&#x27;&#39;&nbsp;&eacute;&Eacute;',
      '&ampx &lt3 &copy2024 &#x1F30D; &#65;&#x41',
    ];
    const html = wrap(
      `<table><tr><th>h</th></tr>${cells.map((c) => `<tr><td>${c}</td></tr>`).join('')}</table>`,
    );
    const viaHtmlparser2: string[] = [];
    let text: string | undefined;
    const reference = new Parser(
      {
        onopentag: (name) => {
          if (name === 'td') text = '';
        },
        ontext: (data) => {
          if (text !== undefined) text += data;
        },
        onclosetag: (name) => {
          if (name === 'td' && text !== undefined) viaHtmlparser2.push(text);
          text = undefined;
        },
      },
      { decodeEntities: true },
    );
    reference.end(html);
    await expectAtEverySplit(html, [{ headers: ['h'] }, ...viaHtmlparser2.map((cell) => [cell])]);
  });
});
