// Every recorded history replays against today's workflow code without a nondeterminism error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from '@temporalio/worker';
import { workflowsPath } from '../../platform/worker.js';
import { recordedHistories } from '../support/histories.js';

test('recorded production histories replay deterministically', async () => {
  const histories = await recordedHistories();
  assert.ok(histories.length >= 2, `expected recorded histories in tests/fixtures/histories, found ${histories.length}`);
  const results = Worker.runReplayHistories(
    { workflowsPath, replayName: 'shiying-replay' },
    histories.map(({ name, history }) => ({ workflowId: name, history })),
  );
  const failures: string[] = [];
  for await (const result of results) if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  assert.deepEqual(failures, []);
});
