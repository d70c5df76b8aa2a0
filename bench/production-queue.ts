// Benchmark: N quatrains queued at once with the local provider, drained by one real worker
// process. Measures: how many reach a draft (none lost), the most shots ever rendered at once
// (sampled from the media store's in-progress folders, against SHIYING_LOCAL_CONCURRENCY), the
// worker's memory over the run, and Temporal's overhead per production (wall time from start to
// draft minus the time its activities waited and ran, read from each workflow's history).
//
//   node --import tsx bench/production-queue.ts [--count 100] [--slots 2] [--size 72x128] [--cache 100]
//
// --cache is the worker's SHIYING_WORKFLOW_CACHE: every production stays open awaiting review, so
// with a cache smaller than --count the worker's memory must level off once the cache is full.
//
// Needs the local Postgres (`npx shiying up`), where it makes (and at the end drops) a database of
// its own, `shiying_bench_queue`; uses the pinned Temporal binary.
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freshDatabase } from '../tests/support/database.js';
import { connectDatabase } from '../platform/db.js';
import { startTestTemporal, temporalAddressOf } from '../tests/support/temporal.js';
import { exited, spawnShiying, waitUntil } from '../tests/support/processes.js';
import { submitPastedPoem } from '../corpus/pasted-poem.js';
import { queueProduction, type ProductionsDeps } from '../productions/productions.js';
import { QUATRAINS } from '../tests/support/quatrains.js';

const LOOKS = ['ink-wash', 'gongbi', 'blue-green'] as const;
const ASPECTS = ['9:16', '16:9'] as const;

const { values } = parseArgs({ options: { count: { type: 'string', default: '100' }, slots: { type: 'string', default: '2' }, size: { type: 'string', default: '72x128' }, cache: { type: 'string', default: '100' } } });
const count = Number(values.count);
if (count > QUATRAINS.length * LOOKS.length * ASPECTS.length) throw new Error(`at most ${QUATRAINS.length * LOOKS.length * ASPECTS.length} distinct productions`);

const env = await startTestTemporal();
// A database of its own: hundreds of drafts left in the test database would crowd the tests' review pages.
const database = await freshDatabase('shiying_bench_queue');
const sql = connectDatabase(database.url);
const mediaRoot = await mkdtemp(path.join(os.tmpdir(), 'shiying-bench-queue-'));
const taskQueue = `bench-queue-${randomUUID()}`;
const worker = spawnShiying(['worker'], {
  TEMPORAL_ADDRESS: temporalAddressOf(env),
  DATABASE_URL: database.url,
  SHIYING_TASK_QUEUE: taskQueue,
  SHIYING_MEDIA_ROOT: mediaRoot,
  SHIYING_DRAFT_RESOLUTION: values.size,
  SHIYING_LOCAL_CONCURRENCY: values.slots,
  SHIYING_WORKFLOW_CACHE: values.cache,
});
const deps: ProductionsDeps = { sql, client: env.client, taskQueue };
// Queue only once the worker polls, so its start-up (bundling the workflows) is not counted.
await waitUntil(async () => worker.output().includes('polling task queue'), 120_000, 'the worker to start polling');

// Samplers: concurrent shot renders (in-progress store folders) and the worker's memory.
let maxConcurrentShots = 0;
const rssMb: number[] = [];
// RSS against how many drafts were ready when it was sampled.
const rssByDrafts: { drafts: number; mb: number }[] = [];
let draftsSoFar = 0;
const sampler = setInterval(async () => {
  const inProgress = (await readdir(path.join(mediaRoot, '.tmp')).catch(() => [])).filter((name) => name.startsWith('shot-')).length;
  maxConcurrentShots = Math.max(maxConcurrentShots, inProgress);
}, 50);
const memory = setInterval(async () => {
  // The worker is `node bin/shiying.js worker`: its RSS, children (render workers) excluded.
  const status = await readFile(`/proc/${worker.pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  if (kb) {
    rssMb.push(kb / 1024);
    rssByDrafts.push({ drafts: draftsSoFar, mb: kb / 1024 });
  }
}, 1000);

const started = Date.now();
const ids: string[] = [];
for (let i = 0; i < count; i++) {
  const text = QUATRAINS[i % QUATRAINS.length]!;
  const look = LOOKS[Math.floor(i / QUATRAINS.length) % LOOKS.length]!;
  const aspect = ASPECTS[Math.floor(i / (QUATRAINS.length * LOOKS.length)) % ASPECTS.length]!;
  const poem = await submitPastedPoem(sql, { text });
  ids.push((await queueProduction(deps, { poemId: poem.id, options: { look, aspect }, requestedBy: 'bench' })).productionId);
}
const queuedMs = Date.now() - started;

for (;;) {
  const rows = await sql<{ status: string; n: number }[]>`select status, count(*)::int as n from productions where id = any(${ids}) group by status`;
  const done = rows.filter((r) => ['awaiting_review', 'failed'].includes(r.status)).reduce((sum, r) => sum + r.n, 0);
  draftsSoFar = done;
  process.stderr.write(`\r  ${done}/${count} drafts (${((Date.now() - started) / 1000).toFixed(0)} s)  `);
  if (done === count) break;
  await new Promise((resolve) => setTimeout(resolve, 1000));
}
const wallMs = Date.now() - started;
clearInterval(sampler);
clearInterval(memory);
process.stderr.write('\n');

const statuses = await sql<{ status: string; n: number }[]>`select status, count(*)::int as n from productions where id = any(${ids}) group by status`;
const drafts = statuses.find((r) => r.status === 'awaiting_review')?.n ?? 0;

// Temporal's overhead: per production, start → draft minus the union of its activities' run time.
const overheads: number[] = [];
const orchestration: number[] = [];
for (const id of ids) {
  const history = await env.client.workflow.getHandle(id).fetchHistory();
  const events = history.events ?? [];
  const time = (e: (typeof events)[number]) => Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
  const startMs = time(events[0]!);
  const startedAt = new Map<number, number>();
  const scheduledAt = new Map<number, number>();
  const running: [number, number][] = [];
  const waitingOrRunning: [number, number][] = [];
  let draftAt = 0;
  for (const event of events) {
    if (event.activityTaskScheduledEventAttributes) scheduledAt.set(Number(event.eventId), time(event));
    if (event.activityTaskStartedEventAttributes) startedAt.set(Number(event.activityTaskStartedEventAttributes.scheduledEventId), time(event));
    const closed = event.activityTaskCompletedEventAttributes ?? event.activityTaskFailedEventAttributes;
    if (closed) {
      const id = Number(closed.scheduledEventId);
      if (startedAt.has(id)) running.push([startedAt.get(id)!, time(event)]);
      if (scheduledAt.has(id)) waitingOrRunning.push([scheduledAt.get(id)!, time(event)]);
      draftAt = time(event);
    }
  }
  // Including the time activities waited for a free render slot (the queue's backlog) …
  overheads.push(draftAt - startMs - unionMs(running));
  // … and without it: only the gaps where Temporal itself was deciding and dispatching.
  orchestration.push(draftAt - startMs - unionMs(waitingOrRunning));
}
orchestration.sort((a, b) => a - b);

function unionMs(intervals: [number, number][]): number {
  intervals.sort((a, b) => a[0] - b[0]);
  let busy = 0;
  let cursor = 0;
  for (const [from, to] of intervals) {
    const start = Math.max(from, cursor);
    if (to > start) busy += to - start;
    cursor = Math.max(cursor, to);
  }
  return busy;
}
overheads.sort((a, b) => a - b);
const quantile = (values: number[], p: number) => values[Math.min(values.length - 1, Math.floor(p * values.length))]!;
const q = (p: number) => quantile(overheads, p);

worker.kill('SIGTERM');
await exited(worker);
await env.teardown();
await sql.end();
await database.drop();
await rm(mediaRoot, { recursive: true, force: true });

// The worker's RSS (median of its samples) at each tenth of the drafts.
const rssAtTenths = Array.from({ length: 10 }, (_, i) => {
  const upTo = Math.ceil(((i + 1) * count) / 10);
  const from = Math.ceil((i * count) / 10);
  const samples = rssByDrafts.filter((s) => s.drafts >= from && s.drafts <= upTo).map((s) => s.mb).sort((a, b) => a - b);
  return samples.length ? samples[Math.floor(samples.length / 2)]! : NaN;
});
const secondHalfGrowth = rssAtTenths[9]! / rssAtTenths[4]! - 1;

const rows: [string, string, string][] = [
  ['productions queued', String(count), `in ${(queuedMs / 1000).toFixed(1)} s`],
  ['drafts ready', String(drafts), `lost: ${count - drafts} (${statuses.map((r) => `${r.status} ${r.n}`).join(', ')})`],
  ['drain time', `${(wallMs / 1000).toFixed(1)} s`, `${(wallMs / count).toFixed(0)} ms per production, shots at ${values.size}`],
  ['max shots rendering at once', String(maxConcurrentShots), `limit ${values.slots} (SHIYING_LOCAL_CONCURRENCY)`],
  ['worker RSS first/max/last', `${rssMb[0]?.toFixed(0)}/${Math.max(...rssMb).toFixed(0)}/${rssMb.at(-1)?.toFixed(0)} MB`, `${rssMb.length} samples`],
  ['worker RSS at each tenth of drafts', rssAtTenths.map((mb) => mb.toFixed(0)).join(' '), `MB; ${(secondHalfGrowth * 100).toFixed(1)}% growth over the second half (workflow cache ${values.cache})`],
  ['wall minus activity run time', `p50 ${q(0.5)} ms`, `p95 ${q(0.95)} ms (includes waiting for a render slot)`],
  ['Temporal overhead per production', `p50 ${quantile(orchestration, 0.5)} ms`, `p95 ${quantile(orchestration, 0.95)} ms (gaps with no activity scheduled or running)`],
];
for (const [name, figure, detail] of rows) console.log(`${name.padEnd(34)} ${figure.padEnd(22)} ${detail}`);
console.log(
  JSON.stringify({
    bench: 'production-queue',
    count,
    drafts,
    lost: count - drafts,
    wallMs,
    maxConcurrentShots,
    slots: Number(values.slots),
    rssMb: { first: rssMb[0], max: Math.max(...rssMb), last: rssMb.at(-1), atTenths: rssAtTenths.map((mb) => Math.round(mb)), secondHalfGrowth: Math.round(secondHalfGrowth * 1000) / 1000 },
    workflowCache: Number(values.cache),
    wallMinusActivityMs: { p50: q(0.5), p95: q(0.95) },
    temporalOverheadMs: { p50: quantile(orchestration, 0.5), p95: quantile(orchestration, 0.95) },
  }),
);
process.exit(drafts === count && maxConcurrentShots <= Number(values.slots) ? 0 : 1);
