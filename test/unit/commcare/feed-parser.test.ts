import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type FeedEvent, parseExportFeed, readExportFeed } from '../../../src/commcare/feed/feed-parser.ts';

const fixture = readFileSync(new URL('../../fixtures/commcare/export-feed.html', import.meta.url), 'utf8');

async function* chunked(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect(text: string, size = 7): Promise<FeedEvent[]> {
  const out: FeedEvent[] = [];
  for await (const event of parseExportFeed(chunked(text, size))) out.push(event);
  return out;
}

const page = (header: string[], rows: string[][]) =>
  `<!DOCTYPE HTML><html><body><table><thead><tr>${header.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table></body></html>`;

describe('parseExportFeed', () => {
  it('reads the verbatim §10 example', async () => {
    expect(await collect(fixture)).toEqual([
      { headers: ['number', 'caseid'] },
      ['0', '2a4061f3-8d9a-4bb0-9f87-5b02133dbfc7'],
    ]);
  });

  it.each([
    ['exactly --- is missing', '---', null],
    ['an empty cell stays empty', '', ''],
    ['--- inside text is data', 'a---b', 'a---b'],
    ['entities are decoded', 'Zo&#xeb; &amp; &lt;b&gt; &#x27;q&#x27; &quot;d&quot;', 'Zoë & <b> \'q\' "d"'],
    ['unicode split across chunks', '日本語 🌍', '日本語 🌍'],
    ['leading zeros kept', '007', '007'],
    ['spaces kept', ' padded ', ' padded '],
  ])('%s', async (_name, cell, expected) => {
    for (const size of [1, 3, 4096]) {
      expect(await collect(page(['h'], [[cell]]), size)).toEqual([{ headers: ['h'] }, [expected]]);
    }
  });

  it('pads short rows with missing cells and rejects long ones', async () => {
    expect(await collect(page(['a', 'b'], [['1']]))).toEqual([{ headers: ['a', 'b'] }, ['1', null]]);
    await expect(collect(page(['a'], [['1', '2']]))).rejects.toThrow(/2 cells but the header has 1/);
  });

  it('reads only the first table: a later table header is not data', async () => {
    const two = page(['a'], [['1']]).replace(
      '</body>',
      '<table><thead><tr><th>x</th></tr></thead><tbody><tr><td>9</td></tr></tbody></table></body>',
    );
    expect(await collect(two)).toEqual([{ headers: ['a'] }, ['1']]);
  });

  it.each([
    ['cut inside a row', page(['a'], [['1'], ['2']]).slice(0, -60)],
    ['no closing </html>', page(['a'], [['1']]).replace('</body></html>', '')],
    ['cut inside the header', fixture.slice(0, 200)],
  ])('throws on a truncated page: %s', async (_name, text) => {
    await expect(collect(text)).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/truncated/),
    });
  });

  it('throws on a page without a table', async () => {
    await expect(collect('<html><body>Log in</body></html>')).rejects.toMatchObject({ code: 'validation' });
  });

  it('gives headers before rows, rows lazily', async () => {
    const feed = await readExportFeed(
      chunked(
        page(
          ['a', 'b'],
          [
            ['1', '2'],
            ['3', '---'],
          ],
        ),
        16,
      ),
    );
    expect(feed.headers).toEqual(['a', 'b']);
    const rows = [];
    for await (const row of feed.rows) rows.push(row);
    expect(rows).toEqual([
      ['1', '2'],
      ['3', null],
    ]);
  });

  it('an empty export has headers and no rows', async () => {
    expect(await collect(page(['a'], []))).toEqual([{ headers: ['a'] }]);
  });
});
