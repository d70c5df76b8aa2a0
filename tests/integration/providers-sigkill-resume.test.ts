// A real `shiying worker` process is SIGKILLed while it polls a Kling job; a new worker process
// resumes polling the same job (its id is in Postgres) and the shot completes — the provider
// saw exactly one submission.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { remoteShotsWorkflow } from '../../workflows/index.js';
import { startTestTemporal, temporalAddressOf } from '../support/temporal.js';
import { testDatabaseUrl } from '../support/database.js';
import { exited, spawnShiying, waitUntil } from '../support/processes.js';
import { FakeKlingServer } from '../support/fake-kling-server.js';
import { FAST_PROVIDER_ENV, jobRows, newProductionId, openProviderHarness, TEST_KEYS, uniqueSuffix, type ProviderHarness } from '../support/remote-provider-harness.js';
import { testPlan } from '../support/test-shots.js';

let env: TestWorkflowEnvironment;
let harness: ProviderHarness;
let kling: FakeKlingServer;
let mediaRoot: string;
const children: ReturnType<typeof spawnShiying>[] = [];

before(async () => {
  [env, harness] = await Promise.all([startTestTemporal(), openProviderHarness()]);
  // Long enough to be caught polling, short enough for CI.
  kling = await new FakeKlingServer({ ...TEST_KEYS.kling, job: { durationMs: 6000 } }).start();
  mediaRoot = await mkdtemp(path.join(os.tmpdir(), 'shiying-sigkill-media-'));
});

after(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(children.map(exited));
  await kling?.stop();
  await harness?.close();
  await env?.teardown();
  await rm(mediaRoot, { recursive: true, force: true });
});

test('a worker killed with SIGKILL while polling: the restarted worker resumes the same job, submission count stays 1', async () => {
  const taskQueue = `sigkill-${randomUUID()}`;
  const workerEnv = {
    ...FAST_PROVIDER_ENV,
    SHIYING_PROVIDER_POLL_SECONDS: '0.1',
    TEMPORAL_ADDRESS: temporalAddressOf(env),
    DATABASE_URL: testDatabaseUrl(),
    SHIYING_TASK_QUEUE: taskQueue,
    SHIYING_MEDIA_ROOT: mediaRoot,
    KLING_BASE_URL: kling.url,
    KLING_ACCESS_KEY: TEST_KEYS.kling.accessKey,
    KLING_SECRET_KEY: TEST_KEYS.kling.secretKey,
  };
  const plan = testPlan({ shots: [{ prompt: `The moon before the bed${uniqueSuffix()}` }] });
  const productionId = newProductionId('sigkill');

  const first = spawnShiying(['worker'], workerEnv);
  children.push(first);
  const handle = await env.client.workflow.start(remoteShotsWorkflow, {
    taskQueue,
    workflowId: `sigkill-${randomUUID()}`,
    // A dead worker is noticed after 2 s without a heartbeat (production: 2 minutes).
    args: [{ provider: 'kling', shots: plan.shots, style: plan.style, take: 1, productionId, heartbeatTimeout: '2 seconds' }],
  });

  await waitUntil(async () => kling.requestsTo('poll').length >= 3, 60_000, `the first worker to poll Kling: ${first.output()}`, 50);
  assert.equal(kling.submissions, 1);
  const job = [...kling.jobs.values()][0]!;
  assert.notEqual(kling.phase(job), 'succeeded', 'killed while the job is still running');
  first.kill('SIGKILL');
  await exited(first);
  const killedAt = Date.now();
  const [row] = await jobRows(harness.sql, (job.body as { external_task_id: string }).external_task_id);
  assert.equal(row!.status, 'running');
  assert.equal(row!.provider_job_id, job.id, 'the job id was in Postgres before polling');

  const second = spawnShiying(['worker'], workerEnv);
  children.push(second);
  const [outcome] = await handle.result();
  assert.ok(outcome?.ok, `the shot completed: ${JSON.stringify(outcome)}`);
  assert.equal(outcome.clip.providerJobId, job.id);
  assert.equal(kling.submissions, 1, 'the provider saw exactly one submission');
  assert.equal(kling.requestsTo('submit').length, 1, 'and not even a refused second one');
  const resumedPolls = kling.requestsTo('poll').filter((r) => r.at > killedAt && r.path.endsWith(`/${job.id}`));
  assert.ok(resumedPolls.length >= 1, 'the new worker polled the same job');
  assert.ok(outcome.clip.clip.startsWith(mediaRoot));
  const [done] = await jobRows(harness.sql, outcome.clip.idempotencyKey);
  assert.equal(done!.status, 'downloaded');
  assert.equal(done!.submit_count, 1);
});
