// Health of the running system, as /healthz and `shiying doctor` report it.
// Worker health is asked of Temporal: a poller on the main task queue seen recently.
import { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { Sql } from './db.js';
import { probeDatabase } from './db.js';

export type Status = 'ok' | 'down';

export interface Health {
  db: Status;
  temporal: Status;
  worker: Status;
  version: string;
  /** Human-readable reasons for anything down; empty when all is well. */
  problems: string[];
}

/** A poller whose last poll is older than this is gone (long polls refresh every 10 s). */
export const POLLER_FRESH_MS = 20_000;

export interface HealthDeps {
  sql: Sql;
  connectTemporal: () => Promise<Connection>;
  namespace: string;
  taskQueue: string;
  version: string;
  now?: () => number;
}

/** True when any poller has polled within `freshMs` of `nowMs`. Pure, for unit tests. */
export function hasFreshPoller(lastAccessTimesMs: number[], nowMs: number, freshMs = POLLER_FRESH_MS): boolean {
  return lastAccessTimesMs.some((time) => nowMs - time <= freshMs);
}

export async function checkWorkerPollers(
  connection: Connection,
  namespace: string,
  taskQueue: string,
  nowMs: number,
): Promise<boolean> {
  const response = await connection.workflowService.describeTaskQueue({
    namespace,
    taskQueue: { name: taskQueue, kind: proto.temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  const times = (response.pollers ?? []).map((poller) => {
    const seconds = Number(poller.lastAccessTime?.seconds ?? 0);
    const nanos = poller.lastAccessTime?.nanos ?? 0;
    return seconds * 1000 + Math.floor(nanos / 1e6);
  });
  return hasFreshPoller(times, nowMs);
}

export async function checkHealth(deps: HealthDeps): Promise<Health> {
  const problems: string[] = [];
  const db = await probeDatabase(deps.sql);
  if (!db.ok) problems.push(`db: ${db.reason}`);

  let temporalStatus: Status = 'down';
  let worker: Status = 'down';
  try {
    const connection = await deps.connectTemporal();
    // A deadline, so a server that died under a cached connection cannot hang /healthz.
    const deadline = Date.now() + 3000;
    await connection.withDeadline(deadline, () => connection.workflowService.getSystemInfo({}));
    temporalStatus = 'ok';
    const fresh = await connection.withDeadline(deadline, () =>
      checkWorkerPollers(connection, deps.namespace, deps.taskQueue, (deps.now ?? Date.now)()),
    );
    if (fresh) worker = 'ok';
    else problems.push(`worker: no poller on task queue "${deps.taskQueue}" in the last ${POLLER_FRESH_MS / 1000}s`);
  } catch (error) {
    problems.push(`temporal: ${error instanceof Error ? error.message : String(error)}`);
    problems.push('worker: unknown while Temporal is down');
  }
  return { db: db.ok ? 'ok' : 'down', temporal: temporalStatus, worker, version: deps.version, problems };
}

export function isHealthy(health: Health): boolean {
  return health.db === 'ok' && health.temporal === 'ok' && health.worker === 'ok';
}
