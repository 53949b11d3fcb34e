/**
 * Simulator feed throughput and the client's memory while reading a 1,000,000-row feed.
 * `npm run bench -- simulator`. Fails (exit 1) if peak RSS while parsing exceeds 200 MB: memory must be flat.
 */
import { createCommCareClient } from '../src/commcare/client.ts';
import { silentLogger } from '../src/core/log.ts';
import { startSimulator } from '../src/simulator/index.ts';

const ROWS = Number(process.env.BENCH_FEED_ROWS ?? 1_000_000);
const RSS_LIMIT_MB = 200;
// Three of every four cases are patients: size the project so the patient feed has ROWS rows.
const patients = (n: number) => n - Math.ceil(n / 4);
let cases = Math.ceil((ROWS * 4) / 3);
while (patients(cases) < ROWS) cases += 1;
while (patients(cases) > ROWS) cases -= 1;
const sim = await startSimulator({ cases, seed: 1 });
const url = sim.feedUrl('patient');
const mb = (bytes: number) => bytes / 1024 / 1024;

// 1. Raw throughput: bytes straight off the socket.
let started = performance.now();
const response = await fetch(url, { headers: { Authorization: `ApiKey ${sim.username}:${sim.apiKey}` } });
let bytes = 0;
for await (const chunk of response.body!) bytes += (chunk as Uint8Array).length;
const rawSeconds = (performance.now() - started) / 1000;

// 2. Client + streaming parser: rows counted, peak RSS sampled.
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
started = performance.now();
const feed = await client.fetchExportFeed(url);
let rows = 0;
for await (const _row of feed.rows) {
  rows += 1;
  if ((rows & 0xffff) === 0) peak = Math.max(peak, process.memoryUsage().rss);
}
const parseSeconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
await sim.close();

const table = [
  '| measure | value |',
  '|---|---|',
  `| feed rows | ${rows.toLocaleString('en')} (${feed.headers.length} columns) |`,
  `| feed size | ${mb(bytes).toFixed(0)} MB |`,
  `| simulator → socket | ${Math.round(rows / rawSeconds).toLocaleString('en')} rows/s, ${(mb(bytes) / rawSeconds).toFixed(1)} MB/s |`,
  `| client + parser | ${Math.round(rows / parseSeconds).toLocaleString('en')} rows/s, ${(mb(bytes) / parseSeconds).toFixed(1)} MB/s |`,
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
