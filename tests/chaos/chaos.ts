// `npm run chaos`: productions on the local renderer and on Kling (the fake test server) while a
// seeded fault script SIGKILLs workers and stops Temporal and Postgres at its chosen moments; then
// checks that every production settled, nothing was submitted twice, no temp file was orphaned
// and the media store agrees with the database. Prints a figures table and one JSON line; exits
// non-zero when a check fails.
//
//   npm run chaos -- [--seed N] [--productions 20] [--workers 2] [--faults worker=3,temporal=2,postgres=2]
//                    [--window SECONDS] [--timeout MINUTES] [--keep]
//
// Runs its own Postgres cluster, Temporal dev server (SQLite) and media store under a temp folder,
// on free ports: the development services (5433, 7233) are never touched.
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, type Connection } from '@temporalio/client';
import { loadConfig } from '../../platform/config.js';
import type { Sql } from '../../platform/db.js';
import { setup } from '../../platform/setup.js';
import { FakeKlingServer } from '../support/fake-kling-server.js';
import { TEST_KEYS } from '../support/remote-provider-harness.js';
import { ChaosStack } from './chaos-stack.js';
import { productionPlan, ProgressMonitor, queueAll, Reviewer, type QueuedProduction } from './chaos-productions.js';
import { checkConsistency, countBy } from './consistency.js';
import { defaultCounts, DEFAULT_DOWN_MS, describeFault, FAULT_KINDS, faultSchedule, type FaultKind } from './fault-schedule.js';
import { runFaults } from './fault-runner.js';
import { figuresJson, figuresTable, type FaultOutcome, type RunFigures } from './report.js';
import { activityRetries, takeSnapshot, workflowStatuses } from './snapshot.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    productions: { type: 'string', default: '20' },
    workers: { type: 'string', default: '2' },
    faults: { type: 'string' },
    window: { type: 'string' },
    timeout: { type: 'string', default: '12' },
    keep: { type: 'boolean', default: false },
  },
});

function wholeNumber(name: string, raw: string, min: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number ≥ ${min}, got "${raw}"`);
  return value;
}

function parseFaults(spec: string | undefined, productions: number): Record<FaultKind, number> {
  if (spec === undefined) return defaultCounts(productions);
  if (spec === 'none' || spec === '0') return { worker: 0, temporal: 0, postgres: 0 };
  const counts: Record<FaultKind, number> = { worker: 0, temporal: 0, postgres: 0 };
  for (const part of spec.split(',')) {
    const [kind, n] = part.split('=');
    if (!FAULT_KINDS.includes(kind as FaultKind) || n === undefined) throw new Error(`--faults takes kind=count pairs (worker, temporal, postgres), got "${part}"`);
    counts[kind as FaultKind] = wholeNumber('faults', n, 0);
  }
  return counts;
}

const seed = values.seed !== undefined ? wholeNumber('seed', values.seed, 0) : Math.floor(Math.random() * 1_000_000);
const productionCount = wholeNumber('productions', values.productions, 1);
const workerCount = wholeNumber('workers', values.workers, 1);
const counts = parseFaults(values.faults, productionCount);
const faultTotal = Object.values(counts).reduce((a, b) => a + b, 0);
const MIN_GAP_MS = 10_000;
// Faults land while work is going on: the window grows with the work, bounded by the time budget.
const windowMs = values.window !== undefined ? wholeNumber('window', values.window, 1) * 1000 : Math.max(Math.min(180_000, productionCount * 4500), faultTotal * MIN_GAP_MS + 5000);
const timeoutMs = wholeNumber('timeout', values.timeout, 1) * 60_000;

const startedAt = Date.now();
const log = (line: string) => console.log(`[chaos +${((Date.now() - startedAt) / 1000).toFixed(1)}s] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Everything to undo, in reverse order of creation; run on success, failure and Ctrl-C alike.
let stack: ChaosStack | undefined;
let kling: FakeKlingServer | undefined;
let sql: Sql | undefined;
let connection: Connection | undefined;
let runDir: string | undefined;
let logDir: string | undefined;
let cleanedUp: Promise<string[]> | undefined;

function cleanup(options: { fast: boolean; keepFiles: boolean }): Promise<string[]> {
  cleanedUp ??= (async () => {
    const lingering = (await stack?.shutdown({ fast: options.fast }).catch((error: Error) => [`shutdown failed: ${error.message}`])) ?? [];
    await connection?.close().catch(() => {});
    await sql?.end({ timeout: 2 }).catch(() => {});
    await kling?.stop().catch(() => {});
    if (runDir && !options.keepFiles) await rm(runDir, { recursive: true, force: true }).catch(() => {});
    return lingering;
  })();
  return cleanedUp;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.log(`\n[chaos] ${signal}: stopping everything this run started…`);
    void cleanup({ fast: true, keepFiles: values.keep }).finally(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  log(`seed ${seed} · ${productionCount} productions · ${workerCount} workers · faults ${Object.entries(counts).map(([k, n]) => `${k}=${n}`).join(',')}`);
  const { temporal } = await setup(loadConfig({ ...process.env, TEMPORAL_ADDRESS: undefined }), { consoleBuild: false, log: (line) => log(`setup: ${line}`) });
  const temporalBinary = process.env.SHIYING_TEMPORAL_BINARY || temporal?.path;
  if (!temporalBinary) throw new Error('no Temporal binary');

  runDir = await mkdtemp(path.join(os.tmpdir(), `shiying-chaos-${seed}-`));
  await chmod(runDir, 0o755); // the cluster runs as the postgres user when we are root
  logDir = await mkdtemp(path.join(os.tmpdir(), `shiying-chaos-logs-${seed}-`));
  kling = await new FakeKlingServer({ ...TEST_KEYS.kling, job: { durationMs: 2500 } }).start();
  stack = await ChaosStack.create({
    runDir,
    logDir,
    temporalBinary,
    workers: workerCount,
    taskQueue: `chaos-${randomUUID()}`,
    log,
    workerEnv: {
      SHIYING_DRAFT_RESOLUTION: '72x128',
      SHIYING_LOCAL_CONCURRENCY: '1',
      KLING_BASE_URL: kling.url,
      KLING_ACCESS_KEY: TEST_KEYS.kling.accessKey,
      KLING_SECRET_KEY: TEST_KEYS.kling.secretKey,
      KLING_CONCURRENCY: '2',
      SHIYING_PROVIDER_POLL_SECONDS: '0.25',
      SHIYING_PROVIDER_REQUEST_TIMEOUT_SECONDS: '5',
      SHIYING_PROVIDER_RETRY_SECONDS: '0.2',
      SHIYING_PROVIDER_JOB_TIMEOUT_MINUTES: '10',
      SHIYING_PRODUCTION_BUDGET_USD: 'none',
    },
  });
  log(`run folder ${runDir}; logs ${logDir}`);
  await stack.startPostgres();
  await stack.migrate();
  await stack.startTemporal();
  log(`Postgres on ${stack.config.postgres.port}, Temporal on ${stack.temporalAddress}, Kling (fake) on ${kling.url}`);
  sql = stack.openSql(4);
  connection = await stack.connectTemporal();
  const client = new Client({ connection });
  for (let i = 0; i < workerCount; i++) stack.startWorker(i);
  await Promise.all(stack.workers.map((w) => w!.polling));
  log(`${workerCount} workers polling`);

  const queueStarted = Date.now();
  const productions: QueuedProduction[] = await queueAll({ sql, client, taskQueue: stack.taskQueue }, productionPlan(productionCount));
  const ids = productions.map((p) => p.id);
  log(`queued ${productions.length} productions (${Object.entries(countBy(productions.map((p) => p.provider))).map(([k, n]) => `${k} ${n}`).join(', ')})`);

  const schedule = faultSchedule({ seed, windowMs, startMs: 5000, counts, minGapMs: MIN_GAP_MS, downMs: DEFAULT_DOWN_MS, workers: workerCount });
  for (const fault of schedule) log(`  scheduled ${describeFault(fault)}`);
  const windowOpensAt = Date.now();

  const monitor = new ProgressMonitor(sql, ids);
  const reviewer = new Reviewer({ sql, client }, productions, log);
  const lingering: string[] = [];
  let settled = false;
  const faultsDone = runFaults({
    stack,
    schedule,
    windowOpensAt,
    finished: () => settled,
    log,
    onLingering: (lines) => lingering.push(...lines),
  });

  // Drive: sample progress, publish due drafts, until every production has settled.
  const deadline = startedAt + timeoutMs;
  let lastReport = 0;
  let statuses: Record<string, number> = {};
  while (Date.now() < deadline && !interrupted) {
    stack.sampleWorkerPids();
    const sample = await monitor.sample();
    if (sample) {
      statuses = sample.statuses;
      await reviewer.pass().catch(() => {});
      if (sample.settled === ids.length && (await reviewer.done().catch(() => false))) break;
    }
    if (Date.now() - lastReport > 15_000) {
      lastReport = Date.now();
      log(`progress: ${Object.entries(statuses).map(([k, n]) => `${k} ${n}`).join(', ') || '(Postgres down)'}`);
    }
    await sleep(500);
  }
  settled = true;
  const drainedAt = Date.now();
  if (interrupted) return 130;
  log(drainedAt < deadline ? `all ${ids.length} productions settled after ${((drainedAt - queueStarted) / 1000).toFixed(1)} s` : `time is up: not every production settled`);

  const outcomes: FaultOutcome[] = (await faultsDone).map((outcome) =>
    outcome.status === 'done' ? { ...outcome, progressAt: monitor.progressAfter(outcome.backAt!) } : outcome,
  );
  await stack.ensureUp();
  // The mirror and the workflows must agree: ask the workflows while workers still run.
  const workflows = await workflowStatuses(client, ids);
  const retries = await activityRetries(client, ids);
  for (let i = 0; i < workerCount; i++) await stack.stopWorker(i);
  stack.sampleWorkerPids();
  const snapshot = await takeSnapshot({
    sql,
    workflows,
    mediaRoot: stack.mediaRoot,
    queued: ids,
    publishRequested: [...reviewer.requested],
    providers: { kling: { submissions: kling.submissions, submitRequests: kling.requestsTo('submit').length } },
    ourPids: stack.seenWorkerPids,
    startedAt,
    lingeringProcesses: lingering,
    unexpectedExits: stack.unexpectedExits,
  });
  const finalLingering = await cleanup({ fast: false, keepFiles: values.keep });
  snapshot.lingeringProcesses.push(...finalLingering, ...reviewer.errors);
  const consistency = checkConsistency(snapshot);

  const shots: Record<string, number> = {};
  for (const p of snapshot.productions) shots[p.provider] = (shots[p.provider] ?? 0) + p.shots.length;
  const stall = monitor.longestStall(windowOpensAt, drainedAt);
  const klingJobs = snapshot.providerJobs.filter((j) => j.provider === 'kling' && j.kind === 'video');
  const figures: RunFigures = {
    seed,
    productions: {
      total: ids.length,
      byProvider: countBy(productions.map((p) => p.provider)),
      byStatus: countBy(snapshot.productions.map((p) => p.status)),
      failures: snapshot.productions.filter((p) => p.status === 'failed').map((p) => `${p.id}: ${p.reason}`),
    },
    shots,
    workers: workerCount,
    faults: outcomes,
    unexpectedWorkerExits: stack.unexpectedExits.length,
    wallMs: Date.now() - startedAt,
    drainMs: drainedAt - queueStarted,
    longestStallMs: stall.ms,
    longestStallAtMs: stall.startedAt - windowOpensAt,
    activityRetries: retries,
    submissions: {
      kling: {
        submissions: kling.submissions,
        submitRequests: kling.requestsTo('submit').length,
        shots: shots.kling ?? 0,
        jobRows: klingJobs.length,
        maxSubmitCount: Math.max(0, ...klingJobs.map((j) => j.submitCount)),
      },
    },
    consistency,
  };
  console.log('');
  for (const line of figuresTable(figures)) console.log(line);
  console.log(figuresJson(figures));
  if (!consistency.ok || values.keep) console.log(`logs kept in ${logDir}${values.keep ? `; run folder kept in ${runDir}` : ''}`);
  else await rm(logDir, { recursive: true, force: true });
  return consistency.ok ? 0 : 1;
}

// A bug in the harness itself must still stop what the run started before the process ends.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.once(event, (error: unknown) => {
    console.error(`[chaos] failed (${event}): ${(error as Error)?.stack ?? String(error)}`);
    void cleanup({ fast: true, keepFiles: values.keep }).finally(() => process.exit(1));
  });
}

main().then(
  async (code) => {
    // Interrupted: the signal handler is stopping everything; exit only once it has.
    if (interrupted) await cleanedUp;
    process.exit(code);
  },
  async (error: Error) => {
    if (interrupted) await cleanedUp;
    else console.error(`[chaos] failed: ${error.stack ?? error.message}`);
    await cleanup({ fast: true, keepFiles: values.keep });
    if (logDir) console.error(`[chaos] logs in ${logDir}`);
    process.exit(1);
  },
);
