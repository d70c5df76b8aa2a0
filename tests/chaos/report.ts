// The chaos run's figures: one table for people and one JSON line for scripts.
import type { Fault, FaultKind } from './fault-schedule.js';
import { describeFault } from './fault-schedule.js';
import type { ConsistencyReport } from './consistency.js';
import type { ActivityRetry } from './snapshot.js';

export interface FaultOutcome {
  fault: Fault;
  /** skipped: every production had settled before its time came. */
  status: 'done' | 'skipped' | 'error';
  error?: string;
  /** Wall-clock ms of the moment the service went down, came back (answering / polling), and the first progress after. */
  downAt?: number;
  backAt?: number;
  progressAt?: number;
}

export interface RunFigures {
  seed: number;
  productions: { total: number; byProvider: Record<string, number>; byStatus: Record<string, number>; failures: string[] };
  shots: Record<string, number>;
  workers: number;
  faults: FaultOutcome[];
  unexpectedWorkerExits: number;
  wallMs: number;
  drainMs: number;
  longestStallMs: number;
  /** When the longest stall began, ms after the fault window opened. */
  longestStallAtMs: number;
  /** Activities that needed more than one attempt (what the faults cost). */
  activityRetries: ActivityRetry[];
  submissions: Record<string, { submissions: number; submitRequests: number; shots: number; jobRows: number; maxSubmitCount: number }>;
  consistency: ConsistencyReport;
}

const seconds = (ms: number | undefined) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);

function faultLine(outcome: FaultOutcome): string {
  if (outcome.status === 'skipped') return `${describeFault(outcome.fault)} — skipped (all settled)`;
  if (outcome.status === 'error') return `${describeFault(outcome.fault)} — ERROR ${outcome.error}`;
  const down = outcome.backAt! - outcome.downAt!;
  const recovered = outcome.progressAt === undefined ? 'no progress after it (nothing left to do)' : `progress ${seconds(outcome.progressAt - outcome.downAt!)} after the fault`;
  return `${describeFault(outcome.fault)} — down ${seconds(down)}, ${recovered}`;
}

function recoveryByKind(faults: FaultOutcome[]): Record<FaultKind, { count: number; maxMs?: number; meanMs?: number }> {
  const result = {} as Record<FaultKind, { count: number; maxMs?: number; meanMs?: number }>;
  for (const kind of ['worker', 'temporal', 'postgres'] as FaultKind[]) {
    const done = faults.filter((f) => f.fault.kind === kind && f.status === 'done');
    const times = done.filter((f) => f.progressAt !== undefined).map((f) => f.progressAt! - f.downAt!);
    result[kind] = {
      count: done.length,
      ...(times.length ? { maxMs: Math.max(...times), meanMs: Math.round(times.reduce((a, b) => a + b, 0) / times.length) } : {}),
    };
  }
  return result;
}

const counts = (record: Record<string, number>) =>
  Object.entries(record)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');

/** The printed table: measure, figure, detail. */
export function figuresTable(figures: RunFigures): string[] {
  const recovery = recoveryByKind(figures.faults);
  const rows: [string, string, string][] = [
    ['seed', String(figures.seed), `replay: npm run chaos -- --seed ${figures.seed} --productions ${figures.productions.total}`],
    ['productions', String(figures.productions.total), counts(figures.productions.byProvider)],
    ['  outcome', counts(figures.productions.byStatus), figures.productions.failures.join('; ') || 'no failures'],
    ['shots', String(Object.values(figures.shots).reduce((a, b) => a + b, 0)), counts(figures.shots)],
    ['worker processes', String(figures.workers), `${figures.unexpectedWorkerExits} exited by themselves`],
  ];
  for (const kind of ['worker', 'temporal', 'postgres'] as FaultKind[]) {
    const r = recovery[kind];
    const modes = figures.faults.filter((f) => f.fault.kind === kind && f.status === 'done').map((f) => f.fault.mode);
    const modeText = kind === 'worker' ? 'SIGKILL' : `${modes.filter((m) => m === 'graceful').length} graceful, ${modes.filter((m) => m === 'kill').length} killed`;
    rows.push([`faults: ${kind}`, String(r.count), `${modeText}; recovery mean ${seconds(r.meanMs)}, max ${seconds(r.maxMs)}`]);
  }
  const skipped = figures.faults.filter((f) => f.status !== 'done').length;
  if (skipped) rows.push(['faults not injected', String(skipped), 'the productions had settled first, or the fault failed']);
  const retryCauses: Record<string, number> = {};
  for (const r of figures.activityRetries) retryCauses[`${r.activity} after ${r.lastFailure}`] = (retryCauses[`${r.activity} after ${r.lastFailure}`] ?? 0) + 1;
  rows.push(['activities retried', String(figures.activityRetries.length), counts(retryCauses) || 'none']);
  rows.push(['longest stall', seconds(figures.longestStallMs), `no shot, draft or publication finished from +${seconds(figures.longestStallAtMs)} (fault window time)`]);
  rows.push(['drain time', seconds(figures.drainMs), 'first production queued → every production settled']);
  rows.push(['total wall time', seconds(figures.wallMs), 'setup, services, run, checks, shutdown']);
  for (const [provider, s] of Object.entries(figures.submissions)) {
    rows.push([`submissions: ${provider}`, `${s.submissions}/${s.shots}`, `jobs created / shots; ${s.submitRequests} submit requests, ${s.jobRows} provider_jobs rows, max submit_count ${s.maxSubmitCount}`]);
  }
  for (const check of figures.consistency.checks) rows.push([`check: ${check.name}`, check.ok ? 'PASS' : 'FAIL', check.detail]);
  const width = Math.max(...rows.map((r) => r[0].length)) + 2;
  const figureWidth = Math.max(...rows.map((r) => r[1].length)) + 2;
  return [
    ...figures.faults.map(faultLine),
    '',
    ...rows.map(([name, figure, detail]) => `${name.padEnd(width)}${figure.padEnd(figureWidth)}${detail}`),
    '',
    `chaos ${figures.consistency.ok ? 'PASSED' : 'FAILED'}`,
  ];
}

export function figuresJson(figures: RunFigures): string {
  return JSON.stringify({
    chaos: 'productions',
    ok: figures.consistency.ok,
    seed: figures.seed,
    productions: figures.productions,
    shots: figures.shots,
    workers: figures.workers,
    faults: figures.faults.map((f) => ({
      n: f.fault.n,
      kind: f.fault.kind,
      mode: f.fault.mode,
      atMs: f.fault.atMs,
      status: f.status,
      downMs: f.backAt !== undefined && f.downAt !== undefined ? f.backAt - f.downAt : undefined,
      recoveryMs: f.progressAt !== undefined && f.downAt !== undefined ? f.progressAt - f.downAt : undefined,
    })),
    recovery: recoveryByKind(figures.faults),
    unexpectedWorkerExits: figures.unexpectedWorkerExits,
    wallMs: figures.wallMs,
    drainMs: figures.drainMs,
    longestStallMs: figures.longestStallMs,
    longestStallAtMs: figures.longestStallAtMs,
    activityRetries: figures.activityRetries,
    submissions: figures.submissions,
    checks: Object.fromEntries(figures.consistency.checks.map((c) => [c.name, c.ok ? 'pass' : c.problems])),
    unreferencedEntries: figures.consistency.unreferenced,
  });
}
