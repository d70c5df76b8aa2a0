// Cost and budget across a production: parallel shots cannot together overspend, refused shots
// are never submitted, speech counts too, and what was spent is summed from provider_jobs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { productionCommittedUsd, productionSpentUsd } from '../../activities/providers/remote/provider-jobs.js';
import { isProviderError } from '../../activities/providers/remote/provider-error.js';
import { FakeKlingServer } from '../support/fake-kling-server.js';
import { FakeOpenAiSpeechServer } from '../support/fake-openai-speech-server.js';
import { newProductionId, openProviderHarness, TEST_KEYS, uniqueSuffix, type ProviderHarness } from '../support/remote-provider-harness.js';
import { testPlan } from '../support/test-shots.js';

let harness: ProviderHarness;
let kling: FakeKlingServer;
let speechServer: FakeOpenAiSpeechServer;

before(async () => {
  harness = await openProviderHarness();
  kling = await new FakeKlingServer({ ...TEST_KEYS.kling, job: { durationMs: 300 } }).start();
  speechServer = await new FakeOpenAiSpeechServer({ apiKey: TEST_KEYS.openai, secondsPerCharacter: 0.05 }).start();
});
after(async () => {
  await kling.stop();
  await speechServer.stop();
  await harness.close();
});

function providers(env: Record<string, string> = {}) {
  return harness.build({
    KLING_BASE_URL: kling.url,
    KLING_ACCESS_KEY: TEST_KEYS.kling.accessKey,
    KLING_SECRET_KEY: TEST_KEYS.kling.secretKey,
    OPENAI_BASE_URL: `${speechServer.url}/v1`,
    OPENAI_API_KEY: TEST_KEYS.openai,
    ...env,
  });
}

function shots() {
  const run = uniqueSuffix();
  return testPlan({ shots: [0, 1, 2, 3].map((i) => ({ prompt: `shot ${i}${run}`, durationSec: 4 })) });
}

test('four parallel shots at $0.14 against a $0.30 budget: two are made, two refused before submission', async () => {
  const { video } = providers();
  const productionId = newProductionId('budget');
  const plan = shots();
  const before = kling.submissions;
  const results = await Promise.allSettled(plan.shots.map((shot) => video.generate({ provider: 'kling', shot, style: plan.style, take: 1, productionId, budgetUsd: 0.3 })));
  const made = results.filter((r) => r.status === 'fulfilled');
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  assert.equal(made.length, 2);
  assert.equal(refused.length, 2);
  for (const { reason } of refused) {
    assert.ok(isProviderError(reason) && reason.kind === 'budget-exceeded' && !reason.retryable);
    assert.match(reason.message, /would cost about \$0\.14 on kling, and the production has \$0\.28 of its \$0\.30 budget spent or running/);
  }
  assert.equal(kling.submissions - before, 2, 'refused shots were never submitted');
  assert.equal(await productionSpentUsd(harness.sql, productionId), 0.28);

  // The curator raises the budget and retries: the refused shots go through, the made ones are not paid again.
  const retried = await Promise.all(plan.shots.map((shot) => video.generate({ provider: 'kling', shot, style: plan.style, take: 1, productionId, budgetUsd: 1 })));
  assert.equal(retried.filter((clip) => clip.cached).length, 2);
  assert.equal(kling.submissions - before, 4);
  assert.equal(await productionSpentUsd(harness.sql, productionId), 0.56);
  assert.equal(retried.reduce((sum, clip) => sum + clip.costUsd, 0).toFixed(2), '0.56');
});

test('without a budget of its own a production gets SHIYING_PRODUCTION_BUDGET_USD; speech counts against it too', async () => {
  const { video, speech } = providers({ SHIYING_PRODUCTION_BUDGET_USD: '0.15' });
  const productionId = newProductionId('default-budget');
  const plan = shots();
  const clip = await video.generate({ provider: 'kling', shot: plan.shots[0]!, style: plan.style, take: 1, productionId, budgetUsd: null });
  assert.equal(clip.costUsd, 0.14);
  // 0.01 left: a short narration fits (about $0.0014), a second shot does not.
  const narration = await speech.synthesize({ text: `床前明月光${uniqueSuffix()}`.repeat(2), productionId });
  assert.ok(narration.costUsd > 0 && narration.costUsd < 0.01);
  await assert.rejects(video.generate({ provider: 'kling', shot: plan.shots[1]!, style: plan.style, take: 1, productionId }), /budget/);
  const spent = await productionSpentUsd(harness.sql, productionId);
  assert.equal(spent, Number((0.14 + narration.costUsd).toFixed(6)));
  assert.equal(await productionCommittedUsd(harness.sql, productionId), spent, 'nothing left reserved');
});
