// The OpenAI-shaped /v1/videos adapter against a local gateway that validates every body against
// the OpenAPI excerpt: what it does on each injected fault.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { isProviderError, type ProviderError } from '../../activities/providers/remote/provider-error.js';
import { claimSubmission, reserveAttempt } from '../../activities/providers/remote/provider-jobs.js';
import { FakeOpenAiVideosServer, openAiErrorBody, openAiSpec, type FakeOpenAiVideosOptions } from '../support/fake-openai-videos-server.js';
import { jobRows, newProductionId, openProviderHarness, TEST_KEYS, uniqueSuffix, type ProviderHarness } from '../support/remote-provider-harness.js';
import { testShot } from '../support/test-shots.js';

let harness: ProviderHarness;
const servers: FakeOpenAiVideosServer[] = [];

before(async () => {
  harness = await openProviderHarness();
});
after(async () => {
  for (const server of servers) assert.deepEqual(server.responseProblems, [], 'every VideoResource the fake sent matched the schema');
  await Promise.all(servers.map((server) => server.stop()));
  await harness.close();
});

async function gateway(options: Partial<FakeOpenAiVideosOptions> = {}, env: Record<string, string> = {}) {
  const server = await new FakeOpenAiVideosServer({ apiKey: TEST_KEYS.openai, job: { durationMs: 150 }, ...options }).start();
  servers.push(server);
  const { video } = harness.build({ OPENAI_BASE_URL: `${server.url}/v1`, OPENAI_API_KEY: TEST_KEYS.openai, ...env });
  return { server, video };
}

function request(overrides: Parameters<typeof testShot>[0] = {}, aspect: '9:16' | '16:9' = '9:16') {
  const { shot, style } = testShot({ prompt: `Moonlight like frost on the floor.${uniqueSuffix()}`, ...overrides }, aspect);
  return { provider: 'openai-videos' as const, shot, style, take: 1, productionId: newProductionId('ov') };
}

const rejectsWith = (kind: ProviderError['kind'], pattern?: RegExp) => (error: unknown) => {
  assert.ok(isProviderError(error), `expected a ProviderError, got ${String(error)}`);
  assert.equal(error.kind, kind, error.message);
  if (pattern) assert.match(error.message, pattern);
  return true;
};

test('a shot: a schema-valid CreateVideoJsonBody, polled to completed, content downloaded, Idempotency-Key sent', async () => {
  const { server, video } = await gateway();
  const input = request({ durationSec: 9 }, '16:9');
  const clip = await video.generate(input);
  const [submit] = server.requestsTo('submit');
  assert.deepEqual(openAiSpec().validate('CreateVideoJsonBody', submit!.body), []);
  assert.deepEqual(submit!.body, { model: 'sora-2', prompt: `${input.shot.prompt} Avoid: ${input.shot.negativePrompt}.`, seconds: '12', size: '1280x720' });
  assert.equal(submit!.headers['idempotency-key'], clip.idempotencyKey);
  assert.equal(clip.requestedSeconds, 12);
  assert.ok(Math.abs(clip.durationSec - 12) < 0.3);
  assert.equal(clip.costUsd, 1.2);
  assert.ok(clip.adjustments.includes('no negative prompt field on /v1/videos: what to avoid is appended to the prompt'));
  const [download] = server.requestsTo('download');
  assert.equal(download!.path, `/v1/videos/${clip.providerJobId}/content`);
});

test('429 rate_limit_exceeded is retried after Retry-After; 500s are retried; 429 insufficient_quota is final', async () => {
  const { server, video } = await gateway();
  server.inject('submit', { kind: 'rate-limit', retryAfterSec: 1 }, 1);
  server.inject('poll', { kind: 'server-error' }, 2);
  server.inject('download', { kind: 'server-error', status: 503 }, 1);
  const started = Date.now();
  await video.generate(request());
  assert.ok(Date.now() - started >= 1000);
  assert.equal(server.submissions, 1);

  server.inject('submit', { kind: 'custom', status: 429, body: openAiErrorBody('You exceeded your current quota, please check your plan and billing details.', 'insufficient_quota', 'insufficient_quota') }, 3);
  await assert.rejects(video.generate(request()), rejectsWith('balance-exhausted', /insufficient_quota.*out of quota/));
  assert.equal(server.requestsTo('submit').length, 3, 'the quota error was not retried');
});

test('moderation: sentinel_block at creation and moderation_blocked during generation end the shot with the reason', async () => {
  const { server, video } = await gateway({ rejectAtSubmit: (p) => p.includes('sentinel'), moderate: (p) => p.includes('blocked') });
  await assert.rejects(video.generate(request({ prompt: `sentinel${uniqueSuffix()}` })), rejectsWith('content-rejected', /sentinel_block/));
  const input = request({ prompt: `blocked${uniqueSuffix()}` });
  await assert.rejects(video.generate(input), rejectsWith('content-rejected', /refused the shot in moderation \(moderation_blocked\): Your request was blocked by our moderation system/));
  const [row] = await jobRows(harness.sql, video.plan(input).key);
  assert.equal(row!.status, 'failed');
  assert.equal(row!.failure_kind, 'content-rejected');
  assert.equal(server.submissions, 1);
});

test('content already expired when we come to download it: final, marked expired, with the reason', async () => {
  const { video } = await gateway({ expireLinks: 'always' });
  const input = request();
  await assert.rejects(video.generate(input), rejectsWith('result-expired', /Video content has expired.*regenerate the shot/));
  const [row] = await jobRows(harness.sql, video.plan(input).key);
  assert.equal(row!.status, 'expired');
});

test('parameters the API refuses and a wrong key are final', async () => {
  const { server, video } = await gateway({}, { OPENAI_VIDEO_MODEL: 'sora-2', SHIYING_VIDEO_PRICES: '' });
  server.inject('submit', { kind: 'custom', status: 400, body: openAiErrorBody("Invalid value: '5'. Supported values are: '4', '8', and '12'.", 'invalid_request_error', 'invalid_value', 'seconds') });
  await assert.rejects(video.generate(request()), rejectsWith('invalid-request', /invalid_value/));
  const wrong = await gateway({}, { OPENAI_API_KEY: 'sk-wrong' });
  await assert.rejects(wrong.video.generate(request()), rejectsWith('authentication', /invalid_api_key.*OPENAI_API_KEY/));
});

test('a submission whose answer was lost is sent again with the same Idempotency-Key: the gateway returns the first job', async () => {
  const { server, video } = await gateway();
  const input = request();
  const planned = video.plan(input);
  const reserved = await reserveAttempt(harness.sql, {
    key: planned.key, provider: 'openai-videos', model: planned.adapter.model, kind: 'video', productionId: input.productionId, shotIndex: 0,
    request: planned.mapped.body, units: planned.mapped.seconds, unitPriceUsd: planned.price, estimatedCostUsd: planned.estimateUsd, budgetUsd: null,
  });
  await claimSubmission(harness.sql, reserved, 1);
  const first = await planned.adapter.submit(planned.mapped, planned.key, { timeoutMs: 2000 });
  await new Promise((resolve) => setTimeout(resolve, 20));
  const clip = await video.generate(input);
  assert.equal(clip.providerJobId, first.jobId);
  assert.equal(server.submissions, 1);
});
