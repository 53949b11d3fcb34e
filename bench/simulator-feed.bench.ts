/**
 * Simulator feed throughput, the feed parser's own throughput, and the client's memory while reading a
 * 1,000,000-row feed. `npm run bench -- simulator` (`BENCH_FEED_ROWS` overrides the row count).
 * 1. client + parser: the whole feed over HTTP through the client, rows counted, peak RSS sampled (first,
 *    so the RSS is not inflated by step 3's in-memory page).
 * 2. simulator → socket: the raw page fetched and counted, nothing parsed (the simulator's speed).
 * 3. parser alone: a ~64 MB page (the feed's first rows, closed like a whole page) parsed from memory in 64 KiB
 *    chunks, best of three (the parser's speed, without the simulator in the same process).
 * Fails (exit 1) if peak RSS while parsing exceeds 200 MB: memory must be flat.
 */
import { createCommCareClient } from '../src/commcare/client.ts';
import { parseExportFeed } from '../src/commcare/feed/feed-parser.ts';
import { silentLogger } from '../src/core/log.ts';
import { startSimulator } from '../src/simulator/index.ts';

const ROWS = Number(process.env.BENCH_FEED_ROWS ?? 1_000_000);
const RSS_LIMIT_MB = 200;
const SAMPLE_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;
// Three of every four cases are patients: size the project so the patient feed has ROWS rows.
const patients = (n: number) => n - Math.ceil(n / 4);
let cases = Math.ceil((ROWS * 4) / 3);
while (patients(cases) < ROWS) cases += 1;
while (patients(cases) > ROWS) cases -= 1;
const sim = await startSimulator({ cases, seed: 1 });
const url = sim.feedUrl('patient');
const mb = (bytes: number) => bytes / 1024 / 1024;
const rate = (count: number, seconds: number) => Math.round(count / seconds).toLocaleString('en');

// 1. Client + streaming parser over HTTP: rows counted, peak RSS sampled.
const client = createCommCareClient({
  connection: { baseUrl: sim.url, domain: sim.domain, username: sim.username, apiKey: sim.apiKey },
  logger: silentLogger(),
});
globalThis.gc?.();
const rssBefore = process.memoryUsage().rss;
let peak = rssBefore;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);
let started = performance.now();
const feed = await client.fetchExportFeed(url);
let rows = 0;
for await (const _row of feed.rows) {
  rows += 1;
  if ((rows & 0xffff) === 0) peak = Math.max(peak, process.memoryUsage().rss);
}
const clientSeconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);

// 2. Raw throughput: bytes straight off the socket; the first SAMPLE_BYTES are kept for step 3.
started = performance.now();
const cpuBefore = process.cpuUsage();
const response = await fetch(url, { headers: { Authorization: `ApiKey ${sim.username}:${sim.apiKey}` } });
let bytes = 0;
const sample: Uint8Array[] = [];
for await (const chunk of response.body!) {
  const data = chunk as Uint8Array;
  if (bytes < SAMPLE_BYTES) sample.push(data);
  bytes += data.length;
}
const rawSeconds = (performance.now() - started) / 1000;
const rawCpu = process.cpuUsage(cpuBefore);
// CPU time of the whole process (simulator and fetch client): a figure that a busy machine does not halve.
const rawCpuSeconds = (rawCpu.user + rawCpu.system) / 1e6;

// 3. Parser alone, on a complete page cut from the sample after its last whole row.
const page = wholePage(Buffer.concat(sample));
sample.length = 0;
let parseBest = Number.POSITIVE_INFINITY;
let parseCpuBest = Number.POSITIVE_INFINITY;
let sampleRows = 0;
for (let run = 0; run < 3; run += 1) {
  const runStarted = performance.now();
  const runCpu = process.cpuUsage();
  sampleRows = 0;
  for await (const event of parseExportFeed(inChunks(page))) if (Array.isArray(event)) sampleRows += 1;
  parseBest = Math.min(parseBest, (performance.now() - runStarted) / 1000);
  const used = process.cpuUsage(runCpu);
  parseCpuBest = Math.min(parseCpuBest, (used.user + used.system) / 1e6);
}

await sim.close();

const table = [
  '| measure | value |',
  '|---|---|',
  `| feed rows | ${rows.toLocaleString('en')} (${feed.headers.length} columns) |`,
  `| feed size | ${mb(bytes).toFixed(0)} MB |`,
  `| simulator → socket | ${rate(ROWS, rawSeconds)} rows/s, ${(mb(bytes) / rawSeconds).toFixed(1)} MB/s (${rate(ROWS, rawCpuSeconds)} rows per CPU-second) |`,
  `| parser alone (${sampleRows.toLocaleString('en')} rows, ${mb(page.length).toFixed(0)} MB in memory) | ${rate(sampleRows, parseBest)} rows/s, ${(mb(page.length) / parseBest).toFixed(1)} MB/s (${(mb(page.length) / parseCpuBest).toFixed(1)} MB per CPU-second) |`,
  `| client + parser over HTTP (simulator in the same process) | ${rate(rows, clientSeconds)} rows/s, ${(mb(bytes) / clientSeconds).toFixed(1)} MB/s |`,
  `| RSS before parse / peak while parsing | ${mb(rssBefore).toFixed(0)} MB / ${mb(peak).toFixed(0)} MB (limit ${RSS_LIMIT_MB} MB) |`,
];
console.log(table.join('\n'));
if (rows !== ROWS) {
  console.error(`expected ${ROWS} rows, read ${rows}`);
  process.exit(1);
}
if (mb(peak) > RSS_LIMIT_MB) {
  console.error(`peak RSS ${mb(peak).toFixed(0)} MB exceeds ${RSS_LIMIT_MB} MB: memory is not flat`);
  process.exit(1);
}

/** The sample up to its last `</tr>`, closed the way the simulator closes a page. */
function wholePage(head: Buffer): Buffer {
  const text = head.toString('utf8');
  if (text.includes('</html>')) return head;
  const lastRow = text.lastIndexOf('</tr>\n') + '</tr>\n'.length;
  return Buffer.from(`${text.slice(0, lastRow)}        </tbody>\n      </table>\n  </body>\n</html>\n`);
}

async function* inChunks(data: Buffer): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += CHUNK_BYTES) yield data.subarray(at, at + CHUNK_BYTES);
}
