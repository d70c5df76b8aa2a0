// Console benchmarks on the production build:
//   1. the gallery feed (GET /) at a fixed 200 requests/s for 60 s (autocannon): p50/p95/p99 and
//      errors — the target is p95 ≤ 50 ms with 0 errors;
//   2. largest contentful paint of a film page and of the feed in Chromium — target < 2 s.
// It makes its own database (`shiying_bench_console` in the local cluster, or BENCH_DATABASE_URL)
// with 60 published films, starts `shiying console` with NODE_ENV=production, and prints JSON.
//   node --import tsx bench/console-gallery.ts [--duration 60] [--rate 200]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { freshDatabase } from '../tests/support/database.js';
import { connectDatabase } from '../platform/db.js';
import { migrate } from '../platform/migrate.js';
import { FIXTURE_POEMS, insertPublishedFilm } from '../tests/support/console-fixtures.js';
import { launchChromium, startConsole } from '../tests/support/console-stack.js';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '60' }, rate: { type: 'string', default: '200' }, films: { type: 'string', default: '60' } } });
const duration = Number(values.duration);
const rate = Number(values.rate);
const filmCount = Number(values.films);

async function benchDatabase(): Promise<string> {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  return (await freshDatabase('shiying_bench_console')).url;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main() {
  const databaseUrl = await benchDatabase();
  const mediaRoot = mkdtempSync(path.join(os.tmpdir(), 'shiying-bench-media-'));
  const sql = connectDatabase(databaseUrl, { max: 4 });
  await migrate(sql);
  const started = Date.now();
  const slugs: string[] = [];
  for (let i = 0; i < filmCount; i++) {
    const { slug } = await insertPublishedFilm(sql, mediaRoot, FIXTURE_POEMS[i % 5]!, { publishedAt: new Date(started - (filmCount - i) * 60_000) });
    slugs.push(slug);
  }
  await sql.end({ timeout: 2 });
  console.error(`[bench] seeded ${filmCount} published films in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const server = await startConsole({
    DATABASE_URL: databaseUrl,
    SHIYING_MEDIA_ROOT: mediaRoot,
    NODE_ENV: 'production',
    SHIYING_SESSION_SECRET: randomBytes(32).toString('base64url'),
    SHIYING_SECURE_COOKIES: '0',
  });
  try {
    // Warm up (JIT, pools, caches) before measuring.
    await run(`${server.base}/`, 5, rate);
    const latencies: number[] = [];
    const result = await run(`${server.base}/`, duration, rate, (ms) => latencies.push(ms));
    latencies.sort((a, b) => a - b);
    const feed = {
      url: '/',
      durationSec: duration,
      targetRate: rate,
      requests: result.requests.total,
      achievedRate: Number((result.requests.total / duration).toFixed(1)),
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      latencyMs: {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        max: latencies[latencies.length - 1],
        autocannon: { p50: result.latency.p50, p90: result.latency.p90, p97_5: result.latency.p97_5, p99: result.latency.p99 },
      },
    };
    console.error(`[bench] feed: p95 ${feed.latencyMs.p95} ms, ${feed.requests} requests, ${feed.errors} errors, ${feed.non2xx} non-2xx`);

    const browser = await launchChromium();
    const lcp: Record<string, number[]> = { film: [], feed: [] };
    try {
      for (let i = 0; i < 5; i++) {
        for (const [name, url] of [
          ['film', `${server.base}/p/${slugs[slugs.length - 1 - i]}`],
          ['feed', `${server.base}/`],
        ] as const) {
          const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
          const page = await context.newPage();
          await page.goto(url, { waitUntil: 'load' });
          const time = await page.evaluate(
            () =>
              new Promise<number>((resolve) => {
                new PerformanceObserver((list) => {
                  const entries = list.getEntries();
                  resolve(entries[entries.length - 1]!.startTime);
                }).observe({ type: 'largest-contentful-paint', buffered: true });
              }),
          );
          lcp[name]!.push(Math.round(time));
          await context.close();
        }
      }
    } finally {
      await browser.close();
    }
    const summary = (values: number[]) => ({ runs: values, median: [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)], max: Math.max(...values) });
    const report = { feed, lcpMs: { filmPage: summary(lcp.film!), feed: summary(lcp.feed!) }, cpus: os.cpus().length, node: process.version };
    console.log(JSON.stringify(report, null, 2));
    const ok = feed.latencyMs.p95 <= 50 && feed.errors === 0 && feed.non2xx === 0 && feed.timeouts === 0 && report.lcpMs.filmPage.max < 2000;
    console.error(`[bench] ${ok ? 'targets met' : 'TARGETS MISSED'}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await server.stop();
    rmSync(mediaRoot, { recursive: true, force: true });
  }
}

function run(url: string, seconds: number, overallRate: number, onLatency?: (ms: number) => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections: 20, duration: seconds, overallRate, timeout: 10 }, (error, result) => (error ? reject(error) : resolve(result)));
    if (onLatency) instance.on('response', (_client, _status, _bytes, responseTime) => onLatency(responseTime));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
