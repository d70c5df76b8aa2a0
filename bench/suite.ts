// The benchmarks `npm run bench` runs, in order, and how each one's final JSON line becomes rows
// of the report: measure, figure, target, pass/fail. Pure (no I/O), so the mapping and the
// pass/fail rules are unit-tested (tests/unit/bench-suite.test.ts).
//
// Each benchmark is sized so the whole suite fits in 15 minutes on 2 cores. Where a baseline can
// run beside the measurement in the same run, the target is a ratio (render vs a bare ffmpeg
// encode; regenerating one shot vs rendering the film).
import { alignColumns } from './columns.js';

export interface ReportRow {
  measure: string;
  figure: string;
  target: string;
  /** undefined: reported for information, no target. */
  ok: boolean | undefined;
}

export interface Benchmark {
  name: string;
  /** The script under bench/ and its arguments. */
  script: string;
  args: string[];
  /** What the issue asks of it, for the report's heading. */
  issue: number;
  rows(result: Record<string, unknown>): ReportRow[];
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const fixed = (value: unknown, digits: number) => (typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : String(value));
const row = (measure: string, figure: string, target: string, ok: boolean | undefined): ReportRow => ({ measure, figure, target, ok });
const info = (measure: string, figure: string): ReportRow => row(measure, figure, '—', undefined);

/** How much a worker's RSS may grow over the second half of the queue and still count as flat. */
export const FLAT_MEMORY_GROWTH = 0.1;
/** The queue the issue names: 100 quatrains, with the worker's default workflow cache. */
export const QUEUE_COUNT = 100;
/** The memory run: far more productions than the worker's workflow cache holds. */
export const MEMORY_COUNT = 200;
export const MEMORY_CACHE = 30;

export const BENCHMARKS: Benchmark[] = [
  {
    name: 'corpus import',
    script: 'corpus-import.ts',
    args: ['--runs', '1'],
    issue: 3,
    rows: (r: Json) => [
      row(`corpus import (${r.poems} poems, fresh database)`, `${fixed(r.freshMedianSeconds, 1)} s`, '≤ 60 s', r.freshMedianSeconds <= 60),
      row('corpus import peak memory', `${r.peakRssMb} MB`, '< 1536 MB', r.peakRssMb < 1536),
    ],
  },
  {
    name: 'corpus search',
    script: 'corpus-search.ts',
    args: ['--queries', '1000'],
    issue: 3,
    rows: (r: Json) => [
      info(`search p50 (${r.queries} mixed queries)`, `${fixed(r.p50Ms, 1)} ms`),
      row('search p95', `${fixed(r.p95Ms, 1)} ms`, '≤ 30 ms', r.p95Ms <= 30),
      info('search p99', `${fixed(r.p99Ms, 1)} ms`),
    ],
  },
  {
    name: 'interpretation',
    script: 'interpret.ts',
    args: ['--runs', '3'],
    issue: 4,
    rows: (r: Json) => [
      row(`interpret a quatrain, p95 (${r.quatrain.poems} 绝句 × ${r.quatrain.rounds})`, `${fixed(r.quatrain.p95Ms, 2)} ms`, `< ${r.quatrain.targetP95Ms} ms`, r.quatrain.p95Ms < r.quatrain.targetP95Ms),
      row(`interpret all of 唐诗三百首 (${r.anthology.poems} poems)`, `${fixed(r.anthology.totalMs / 1000, 2)} s`, `< ${r.anthology.targetMs / 1000} s`, r.anthology.totalMs < r.anthology.targetMs),
    ],
  },
  {
    name: 'local render',
    script: 'render.ts',
    args: ['--runs', '3'],
    issue: 5,
    rows: (r: Json) => [
      row(
        `render 静夜思 720×1280 ÷ bare x264 veryfast encode (same run, median of ${r.runs})`,
        `${fixed(r.ratio, 2)} (${fixed(r.renderSec, 2)} s ÷ ${fixed(r.bareSec, 2)} s)`,
        '≤ 2.0',
        r.ratio <= 2,
      ),
      row('regenerate one shot of 8 ÷ full render (山居秋暝)', fixed(r.regenFraction, 3), '≤ 0.3', r.regenFraction <= 0.3),
    ],
  },
  {
    name: 'remote providers',
    script: 'providers-overhead.ts',
    args: ['--shots', '20', '--cached', '20'],
    issue: 6,
    rows: (r: Json) =>
      (r.rows as Json[]).map((p) => info(`${p.provider}: adapter overhead per shot, provider time excluded`, `${fixed(p.overheadMs.mean, 0)} ms mean, p95 ${fixed(p.overheadMs.p95, 0)} ms`)),
  },
  {
    name: 'production queue',
    script: 'production-queue.ts',
    args: ['--count', String(QUEUE_COUNT)],
    issue: 7,
    rows: (r: Json) => [
      row(`queue of ${r.count} quatrains: drafts lost`, `${r.lost} (drained in ${fixed(r.wallMs / 1000, 0)} s)`, '0', r.lost === 0),
      row('most shots rendering at once (sampled every 50 ms)', String(r.maxConcurrentShots), `≤ ${r.slots} (the limit)`, r.maxConcurrentShots <= r.slots),
      info(`Temporal overhead per production, p50 (no activity waiting or running; workflow cache ${r.workflowCache})`, `${fixed(r.temporalOverheadMs.p50 / 1000, 1)} s`),
    ],
  },
  {
    // Twice as many productions as before through a worker whose workflow cache holds only a few,
    // so its memory reaches its steady state well inside the run.
    name: 'worker memory',
    script: 'production-queue.ts',
    args: ['--count', String(MEMORY_COUNT), '--cache', String(MEMORY_CACHE)],
    issue: 7,
    rows: (r: Json) => [
      row(`queue of ${r.count} quatrains: drafts lost`, `${r.lost} (drained in ${fixed(r.wallMs / 1000, 0)} s)`, '0', r.lost === 0),
      row(
        `worker memory over the second half (workflow cache ${r.workflowCache})`,
        `${r.rssMb.secondHalfGrowth >= 0 ? '+' : ''}${fixed(r.rssMb.secondHalfGrowth * 100, 1)}% (${fixed(r.rssMb.atTenths[4], 0)} → ${fixed(r.rssMb.atTenths[9], 0)} MB)`,
        `flat: ≤ +${FLAT_MEMORY_GROWTH * 100}%`,
        r.rssMb.secondHalfGrowth <= FLAT_MEMORY_GROWTH,
      ),
    ],
  },
  {
    name: 'console',
    script: 'console-gallery.ts',
    args: ['--duration', '60', '--rate', '200'],
    issue: 8,
    rows: (r: Json) => [
      row(`gallery feed p95 at ${r.feed.targetRate} req/s for ${r.feed.durationSec} s (achieved ${r.feed.achievedRate}/s)`, `${fixed(r.feed.latencyMs.p95, 1)} ms`, '≤ 50 ms', r.feed.latencyMs.p95 <= 50),
      row('gallery feed errors', String(r.feed.errors + r.feed.non2xx + r.feed.timeouts), '0', r.feed.errors + r.feed.non2xx + r.feed.timeouts === 0),
      row('film page largest contentful paint (Chromium, max of runs)', `${r.lcpMs.filmPage.max} ms`, '< 2000 ms', r.lcpMs.filmPage.max < 2000),
    ],
  },
];

/** The last JSON object a benchmark printed (one line, or a pretty-printed block at the end). */
export function lastJson(stdout: string): Record<string, unknown> | undefined {
  const lines = stdout.trimEnd().split('\n');
  for (let start = lines.length - 1; start >= 0; start--) {
    if (!lines[start]!.startsWith('{')) continue;
    try {
      const value: unknown = JSON.parse(lines.slice(start).join('\n'));
      if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // not the start of the final object: keep looking further up
    }
  }
  return undefined;
}

/** A benchmark that failed to run, or printed something its mapping cannot read, is one failed row. */
export function rowsOf(benchmark: Benchmark, outcome: { exitCode: number; stdout: string; stderrTail: string }): ReportRow[] {
  const result = lastJson(outcome.stdout);
  if (!result) {
    return [row(`${benchmark.name}: did not finish`, `exit ${outcome.exitCode}`, 'runs', false), info('  last error output', outcome.stderrTail.split('\n').slice(-1)[0] ?? '')];
  }
  try {
    return benchmark.rows(result);
  } catch (error) {
    return [row(`${benchmark.name}: unreadable result`, (error as Error).message, 'runs', false)];
  }
}

export function formatTable(rows: ReportRow[]): string {
  return alignColumns([['measure', 'figure', 'target', 'result'], ...rows.map((r) => [r.measure, r.figure, r.target, r.ok === undefined ? '—' : r.ok ? 'pass' : 'FAIL'])]).join('\n');
}
