// The chaos run's fault script as data: which service fails when, how, and for how long. Pure and
// seeded, so `--seed N` replays the same schedule; the controller (chaos-stack.ts) carries it out.
import { createRng } from '../../activities/render/random.js';

export type FaultKind = 'worker' | 'temporal' | 'postgres';
export const FAULT_KINDS: readonly FaultKind[] = ['worker', 'temporal', 'postgres'];

/**
 * How a service goes down. worker: SIGKILL (a crashed machine). temporal: `graceful` = SIGTERM,
 * `kill` = SIGKILL. postgres: `graceful` = `pg_ctl stop -m fast`, `kill` = `-m immediate` (crash
 * recovery from the WAL on the next start).
 */
export type FaultMode = 'graceful' | 'kill';

export interface Fault {
  /** 1-based position in the schedule. */
  n: number;
  /** Milliseconds after the fault window opens (all productions queued, workers polling). */
  atMs: number;
  kind: FaultKind;
  mode: FaultMode;
  /** How long the service stays down before it is started again. */
  downMs: number;
  /** Which worker process (0-based) a worker fault kills; 0 for the others. */
  target: number;
}

export interface ScheduleOptions {
  seed: number;
  /** Faults happen in [startMs, windowMs]. */
  windowMs: number;
  startMs?: number;
  counts: Record<FaultKind, number>;
  /** Least time between two faults, so each has recovered before the next one. */
  minGapMs: number;
  /** Range of downtime per kind, [min, max] milliseconds. */
  downMs: Record<FaultKind, [number, number]>;
  workers: number;
}

/** Fault counts for a run of `productions`: enough of each kind to matter, bounded by the budget. */
export function defaultCounts(productions: number): Record<FaultKind, number> {
  if (productions <= 4) return { worker: 1, temporal: 1, postgres: 1 };
  if (productions <= 10) return { worker: 2, temporal: 1, postgres: 1 };
  return { worker: 3, temporal: 2, postgres: 2 };
}

export const DEFAULT_DOWN_MS: Record<FaultKind, [number, number]> = {
  worker: [500, 3000],
  temporal: [2000, 8000],
  postgres: [2000, 8000],
};

/**
 * The schedule: faults sorted by time, at least `minGapMs` apart, inside the window; kinds in a
 * seeded order; modes, downtimes and targets seeded. The same options always give the same list.
 */
export function faultSchedule(options: ScheduleOptions): Fault[] {
  const start = options.startMs ?? 0;
  const kinds: FaultKind[] = FAULT_KINDS.flatMap((kind) => {
    const count = options.counts[kind];
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`fault count of ${kind} must be a whole number ≥ 0, got ${count}`);
    return Array.from({ length: count }, () => kind);
  });
  if (options.workers < 1) throw new RangeError('at least one worker');
  const total = kinds.length;
  if (total === 0) return [];
  const slack = options.windowMs - start - (total - 1) * options.minGapMs;
  if (slack < 0) {
    throw new RangeError(`${total} faults ${options.minGapMs} ms apart do not fit in a ${options.windowMs - start} ms window`);
  }
  const random = createRng(options.seed);
  // Fisher–Yates with the seeded generator: the order of kinds.
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
  }
  // n points in [0, slack], sorted, each then pushed right by i gaps: uniform among spaced schedules.
  const offsets = Array.from({ length: total }, () => Math.round(random() * slack)).sort((a, b) => a - b);
  return kinds.map((kind, i) => {
    const [min, max] = options.downMs[kind];
    const mode: FaultMode = kind === 'worker' ? 'kill' : random() < 0.5 ? 'graceful' : 'kill';
    const downMs = Math.round(min + random() * (max - min));
    const target = kind === 'worker' ? Math.floor(random() * options.workers) : 0;
    return { n: i + 1, atMs: start + offsets[i]! + i * options.minGapMs, kind, mode, downMs, target };
  });
}

/** One line per fault, for the run's header. */
export function describeFault(fault: Fault): string {
  const what =
    fault.kind === 'worker'
      ? `SIGKILL worker ${fault.target}`
      : fault.kind === 'temporal'
        ? `${fault.mode === 'kill' ? 'SIGKILL' : 'SIGTERM'} Temporal`
        : `stop Postgres (${fault.mode === 'kill' ? 'immediate' : 'fast'})`;
  return `#${fault.n} at +${(fault.atMs / 1000).toFixed(1)} s: ${what}, back after ${(fault.downMs / 1000).toFixed(1)} s`;
}
