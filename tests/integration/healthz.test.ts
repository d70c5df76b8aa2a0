// /healthz on the real stack: a real worker process and console process against a real
// Temporal dev server and Postgres. Killing the worker must show as "down" within 30 s.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startTestTemporal, temporalAddressOf } from '../support/temporal.js';
import { testDatabaseUrl } from '../support/database.js';
import { exited, freePort, spawnShiying, waitUntil } from '../support/processes.js';

let env: TestWorkflowEnvironment;
let stackEnv: Record<string, string | undefined>;
let port: number;
const children: ReturnType<typeof spawnShiying>[] = [];

async function health(): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

before(async () => {
  env = await startTestTemporal();
  port = await freePort();
  stackEnv = {
    TEMPORAL_ADDRESS: temporalAddressOf(env),
    DATABASE_URL: testDatabaseUrl(),
    SHIYING_TASK_QUEUE: `healthz-${randomUUID()}`,
    PORT: String(port),
  };
});

after(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(children.map(exited));
  await env?.teardown();
});

test('healthz reports db, temporal and worker, and notices a killed worker within 30 s', async () => {
  const consoleProcess = spawnShiying(['console'], stackEnv);
  children.push(consoleProcess);
  await waitUntil(async () => (await health()).body.db === 'ok', 60_000, `console on ${port}: ${consoleProcess.output()}`);

  const before = await health();
  assert.equal(before.status, 503, 'no worker yet, so not healthy');
  assert.deepEqual([before.body.db, before.body.temporal, before.body.worker], ['ok', 'ok', 'down']);
  assert.equal(typeof before.body.version, 'string');

  const worker = spawnShiying(['worker'], stackEnv);
  children.push(worker);
  await waitUntil(async () => (await health()).status === 200, 60_000, 'worker to be seen polling');
  assert.deepEqual(await health().then((h) => [h.body.db, h.body.temporal, h.body.worker]), ['ok', 'ok', 'ok']);

  worker.kill('SIGKILL');
  await exited(worker);
  const downAfterMs = await waitUntil(async () => (await health()).status === 503, 30_000, 'worker to be reported down');
  assert.equal((await health()).body.worker, 'down');
  assert.ok(downAfterMs <= 30_000, `reported down after ${downAfterMs}ms`);

  const again = spawnShiying(['worker'], stackEnv);
  children.push(again);
  await waitUntil(async () => (await health()).status === 200, 60_000, 'restarted worker to be seen polling');
});
