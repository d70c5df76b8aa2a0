// Remote shots through Temporal on the real dev server: each provider's task queue with its slot
// limit is its concurrency limit; a moderated shot fails alone with its reason, reaching the
// workflow as a non-retryable ContentRejected; a budget refusal is not retried.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities/index.js';
import { workflowsPath } from '../../platform/worker.js';
import { videoProviderQueue } from '../../platform/task-queues.js';
import { remoteShotsWorkflow } from '../../workflows/index.js';
import { startTestTemporal } from '../support/temporal.js';
import { FakeKlingServer } from '../support/fake-kling-server.js';
import { newProductionId, openProviderHarness, TEST_KEYS, uniqueSuffix, type ProviderHarness } from '../support/remote-provider-harness.js';
import { testPlan } from '../support/test-shots.js';

let env: TestWorkflowEnvironment;
let harness: ProviderHarness;
let kling: FakeKlingServer;

before(async () => {
  [env, harness] = await Promise.all([startTestTemporal(), openProviderHarness()]);
  kling = await new FakeKlingServer({ ...TEST_KEYS.kling, job: { durationMs: 250 }, moderate: (prompt) => prompt.includes('moderate-me') }).start();
});
after(async () => {
  await kling?.stop();
  await harness?.close();
  await env?.teardown();
});

test('three shots on Kling with KLING_CONCURRENCY=1: one job at a time, the moderated shot fails alone with its reason', async () => {
  const { settings } = harness.build({
    KLING_BASE_URL: kling.url,
    KLING_ACCESS_KEY: TEST_KEYS.kling.accessKey,
    KLING_SECRET_KEY: TEST_KEYS.kling.secretKey,
    KLING_CONCURRENCY: '1',
  });
  const activities = createActivities({ sql: harness.sql, remoteProviders: { settings, media: harness.media, ffmpeg: harness.ffmpeg } });
  const taskQueue = `test-remote-${randomUUID()}`;
  const main = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, activities });
  const provider = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: videoProviderQueue('kling'),
    activities,
    maxConcurrentActivityTaskExecutions: settings.concurrency.kling,
  });
  const run = uniqueSuffix();
  const plan = testPlan({ shots: [{ prompt: `moon${run}` }, { prompt: `moderate-me frost${run}` }, { prompt: `home${run}` }] });
  const over = testPlan({ shots: [{ prompt: `over budget${run}` }] });
  const productionId = newProductionId('temporal');
  const execute = (input: Parameters<typeof remoteShotsWorkflow>[0]) =>
    env.client.workflow.execute(remoteShotsWorkflow, { taskQueue, workflowId: `remote-shots-${randomUUID()}`, args: [input] });
  const before = kling.submissions;
  let afterFirst = 0;

  const [outcomes, [refused]] = await provider.runUntil(
    main.runUntil(async () => {
      const first = await execute({ provider: 'kling', shots: plan.shots, style: plan.style, take: 1, productionId });
      afterFirst = kling.submissions;
      // Over budget: refused before submission, and not retried by Temporal.
      const second = await execute({ provider: 'kling', shots: over.shots, style: over.style, take: 1, productionId, budgetUsd: 0.3 });
      return [first, second] as const;
    }),
  );

  assert.deepEqual(outcomes.map((o) => o.ok), [true, false, true]);
  const rejected = outcomes[1]!;
  assert.ok(!rejected.ok);
  assert.equal(rejected.type, 'ContentRejected');
  assert.match(rejected.reason, /Kling refused the shot for content safety: Failure to pass the risk control system/);
  assert.equal(afterFirst - before, 3, 'the moderated shot was not retried');
  assert.equal(kling.maxJobsInFlight, 1, 'one Kling job at a time');
  for (const outcome of outcomes) if (outcome.ok) assert.ok(outcome.clip.durationSec > 0 && outcome.clip.costUsd === 0.14);

  assert.ok(refused && !refused.ok);
  assert.equal(refused.type, 'BudgetExceeded');
  assert.match(refused.reason, /\$0\.28 of its \$0\.30 budget/);
  assert.equal(kling.submissions, afterFirst);
});
