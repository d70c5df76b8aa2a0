// The platform's end-to-end loop on real parts: Temporal dev server, a Worker with the real
// workflow bundle and activities, and Postgres.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities/index.js';
import { workflowsPath } from '../../platform/worker.js';
import type { Sql } from '../../platform/db.js';
import { openTestDatabase } from '../support/database.js';
import { startTestTemporal } from '../support/temporal.js';
import { workerProbeWorkflow } from '../../workflows/index.js';

let env: TestWorkflowEnvironment;
let sql: Sql;

before(async () => {
  [env, sql] = await Promise.all([startTestTemporal(), openTestDatabase()]);
});

after(async () => {
  await sql?.end({ timeout: 5 });
  await env?.teardown();
});

test('workerProbeWorkflow runs its activity on a worker and records the probe in Postgres', async () => {
  const taskQueue = `test-probe-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath,
    activities: createActivities({ sql }),
  });
  const probeId = randomUUID();
  const result = await worker.runUntil(
    env.client.workflow.execute(workerProbeWorkflow, { taskQueue, workflowId: `probe-${probeId}`, args: [probeId] }),
  );
  assert.equal(result.probeId, probeId);
  assert.equal(result.pid, process.pid);
  const rows = await sql`select probe_id, pid from worker_probes where probe_id = ${probeId}`;
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.pid, process.pid);

  // The activity is idempotent on the probe id: a retry records nothing twice.
  await createActivities({ sql }).recordWorkerProbe(probeId);
  const again = await sql`select count(*)::int as n from worker_probes where probe_id = ${probeId}`;
  assert.equal(again[0]!.n, 1);
});
