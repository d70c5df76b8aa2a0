// The Wan (DashScope) adapter against a local DashScope: what it does on each injected fault.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { isProviderError, type ProviderError } from '../../activities/providers/remote/provider-error.js';
import { claimSubmission, reserveAttempt } from '../../activities/providers/remote/provider-jobs.js';
import { FakeWanServer, type FakeWanOptions } from '../support/fake-wan-server.js';
import { jobRows, newProductionId, openProviderHarness, TEST_KEYS, uniqueSuffix, type ProviderHarness } from '../support/remote-provider-harness.js';
import { testShot } from '../support/test-shots.js';

let harness: ProviderHarness;
const servers: FakeWanServer[] = [];

before(async () => {
  harness = await openProviderHarness();
});
after(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await harness.close();
});

async function wan(options: Partial<FakeWanOptions> = {}, env: Record<string, string> = {}) {
  const server = await new FakeWanServer({ apiKey: TEST_KEYS.dashscope, job: { durationMs: 150 }, ...options }).start();
  servers.push(server);
  const { video } = harness.build({ WAN_BASE_URL: server.url, DASHSCOPE_API_KEY: TEST_KEYS.dashscope, ...env });
  return { server, video };
}

function request(overrides: Parameters<typeof testShot>[0] = {}, aspect: '9:16' | '16:9' = '9:16') {
  const { shot, style } = testShot({ promptZh: `明月照霜地${uniqueSuffix()}`, ...overrides }, aspect);
  return { provider: 'wan' as const, shot, style, take: 1, productionId: newProductionId('wan') };
}

const rejectsWith = (kind: ProviderError['kind'], pattern?: RegExp) => (error: unknown) => {
  assert.ok(isProviderError(error), `expected a ProviderError, got ${String(error)}`);
  assert.equal(error.kind, kind, error.message);
  if (pattern) assert.match(error.message, pattern);
  return true;
};

test('a shot on wan2.7: async header, resolution + ratio + whole seconds, the Chinese prompt, billed per second', async () => {
  const { server, video } = await wan();
  const input = request({ durationSec: 6.2 }, '16:9');
  const clip = await video.generate(input);
  const [submit] = server.requestsTo('submit');
  assert.equal(submit!.headers['x-dashscope-async'], 'enable');
  assert.deepEqual(FakeWanServer.validate(submit!.body), []);
  const body = submit!.body as { input: { prompt: string }; parameters: Record<string, unknown> };
  assert.equal(body.input.prompt, input.shot.promptZh, 'a short Chinese prompt is sent whole');
  assert.deepEqual(body.parameters, { resolution: '720P', ratio: '16:9', duration: 7, prompt_extend: false, watermark: false });
  assert.equal(clip.requestedSeconds, 7);
  assert.deepEqual([clip.width, clip.height], [128, 72]);
  assert.equal(clip.costUsd, 0.7);
  assert.equal(server.submissions, 1);
});

test('Throttling (429 with Retry-After) and InternalError (500) are retried; polling 429s too', async () => {
  const { server, video } = await wan();
  server.inject('submit', { kind: 'rate-limit', retryAfterSec: 1 }, 1);
  server.inject('submit', { kind: 'server-error' }, 1);
  server.inject('poll', { kind: 'rate-limit', retryAfterSec: 1 }, 1);
  const started = Date.now();
  await video.generate(request());
  assert.ok(Date.now() - started >= 2000, 'both Retry-After waits honoured');
  assert.equal(server.requestsTo('submit').length, 3);
  assert.equal(server.submissions, 1);
});

test('DashScope refusals: inspection at submission, moderation of the output, arrears, a wrong key — final, with reasons', async () => {
  const { server, video } = await wan({ rejectAtSubmit: (p) => p.includes('禁'), moderate: (p) => p.includes('审') });
  await assert.rejects(video.generate(request({ promptZh: `禁${uniqueSuffix()}` })), rejectsWith('content-rejected', /DataInspectionFailed.*inappropriate/));
  await assert.rejects(video.generate(request({ promptZh: `审${uniqueSuffix()}` })), rejectsWith('content-rejected', /Wan refused the shot for content safety \(DataInspectionFailed\): Output data may contain inappropriate content/));
  server.injectError('submit', 400, 'Arrearage', 'Access denied, please make sure your account is in good standing.', 3);
  await assert.rejects(video.generate(request()), rejectsWith('balance-exhausted', /Arrearage.*arrears/));
  const wrong = await wan({}, { DASHSCOPE_API_KEY: 'sk-wrong' });
  await assert.rejects(wrong.video.generate(request()), rejectsWith('authentication', /InvalidApiKey.*DASHSCOPE_API_KEY/));
  assert.equal(wrong.server.submissions, 0);
});

test('a generic task failure is retryable and marks the attempt failed; the next call submits a new attempt', async () => {
  const { server, video } = await wan();
  server.nextJobs.push({ durationMs: 50, outcome: { kind: 'failure', message: 'Algorithm process error.' } });
  const input = request();
  await assert.rejects(video.generate(input), (error: ProviderError) => error.kind === 'job-failed' && error.retryable && /Algorithm process error/.test(error.message));
  const clip = await video.generate(input);
  assert.equal(server.submissions, 2);
  const rows = await jobRows(harness.sql, clip.idempotencyKey);
  assert.deepEqual(rows.map((r) => [r.attempt, r.status]), [[1, 'failed'], [2, 'downloaded']]);
  assert.equal(Number(rows[0]!.cost_usd ?? 0), 0, 'failed jobs are not billed');
});

test('an expired OSS link is refreshed by polling the task again; a task DashScope forgot ends as expired', async () => {
  const first = await wan({ expireLinks: 'first' });
  const clip = await first.video.generate(request());
  assert.equal(first.server.jobs.get(clip.providerJobId)!.linksIssued, 2, 'a second, fresh link was asked for');
  assert.equal(first.server.submissions, 1);

  const forgetful = await wan({ job: { durationMs: 400 }, taskRetentionMs: 100 });
  await assert.rejects(forgetful.video.generate(request()), rejectsWith('result-expired', /no longer knows task .*24 hours/));
});

test('DashScope has no idempotency key: a submission whose answer was lost is sent again (submit_count shows it)', async () => {
  const { server, video } = await wan();
  const input = request();
  const planned = video.plan(input);
  const reserved = await reserveAttempt(harness.sql, {
    key: planned.key, provider: 'wan', model: planned.adapter.model, kind: 'video', productionId: input.productionId, shotIndex: 0,
    request: planned.mapped.body, units: planned.mapped.seconds, unitPriceUsd: planned.price, estimatedCostUsd: planned.estimateUsd, budgetUsd: null,
  });
  await claimSubmission(harness.sql, reserved, 1);
  await planned.adapter.submit(planned.mapped, planned.key, { timeoutMs: 2000 });
  await new Promise((resolve) => setTimeout(resolve, 20));
  await video.generate(input);
  assert.equal(server.submissions, 2);
  const [row] = await jobRows(harness.sql, planned.key);
  assert.equal(row!.submit_count, 2);
});
