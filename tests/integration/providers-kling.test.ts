// The Kling adapter end to end against a local Kling (JWT checked, bodies validated, jobs in
// time, real MP4s), with Postgres and the media store: what it does on each injected fault.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { claimSubmission, reserveAttempt } from '../../activities/providers/remote/provider-jobs.js';
import { isProviderError, type ProviderError } from '../../activities/providers/remote/provider-error.js';
import { FakeKlingServer } from '../support/fake-kling-server.js';
import { jobRows, newProductionId, openProviderHarness, TEST_KEYS, uniqueSuffix, type ProviderHarness } from '../support/remote-provider-harness.js';
import { testPlan, testShot } from '../support/test-shots.js';

let harness: ProviderHarness;
const servers: FakeKlingServer[] = [];

before(async () => {
  harness = await openProviderHarness();
});
after(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await harness.close();
});

async function kling(options: Partial<ConstructorParameters<typeof FakeKlingServer>[0]> = {}, env: Record<string, string> = {}) {
  const server = await new FakeKlingServer({ ...TEST_KEYS.kling, job: { durationMs: 150 }, ...options }).start();
  servers.push(server);
  const { video, settings } = harness.build({
    KLING_BASE_URL: server.url,
    KLING_ACCESS_KEY: TEST_KEYS.kling.accessKey,
    KLING_SECRET_KEY: TEST_KEYS.kling.secretKey,
    ...env,
  });
  return { server, video, settings };
}

function request(overrides: Parameters<typeof testShot>[0] = {}, productionId: string | null = newProductionId('kling')) {
  const { shot, style } = testShot({ prompt: `A bright moon over frost-white ground.${uniqueSuffix()}`, ...overrides });
  return { provider: 'kling' as const, shot, style, take: 1, productionId };
}

const rejectsWith = (kind: ProviderError['kind'], pattern?: RegExp) => (error: unknown) => {
  assert.ok(isProviderError(error), `expected a ProviderError, got ${String(error)}`);
  assert.equal(error.kind, kind, error.message);
  if (pattern) assert.match(error.message, pattern);
  return true;
};

test('a shot becomes a stored MP4: one signed submission, job id in Postgres, cost recorded, the clip cached afterwards', async () => {
  // A job long enough to need several polls even when a loaded machine polls late.
  const { server, video } = await kling({ job: { durationMs: 1500 } });
  const input = request({ durationSec: 4.5 });
  const phases: string[] = [];
  const clip = await video.generate(input, { heartbeat: (d) => phases.push(d.phase) });

  assert.equal(server.submissions, 1);
  const [submit] = server.requestsTo('submit');
  const body = submit!.body as Record<string, string>;
  assert.equal(body.duration, '5');
  assert.equal(body.aspect_ratio, '9:16');
  assert.equal(body.external_task_id, clip.idempotencyKey);
  assert.deepEqual(FakeKlingServer.validate(body), []);
  const token = server.tokens[0]!;
  assert.equal(token.payload.iss, TEST_KEYS.kling.accessKey);
  assert.equal(token.payload.exp! - token.payload.nbf!, 1805);

  assert.equal(clip.cached, false);
  assert.equal(clip.requestedSeconds, 5);
  assert.ok(Math.abs(clip.durationSec - 5) < 0.2, `duration ${clip.durationSec}`);
  assert.deepEqual([clip.width, clip.height], [72, 128]);
  assert.equal(clip.costUsd, 0.14);
  assert.ok(clip.clip.startsWith(harness.mediaRoot));
  assert.ok(phases.includes('submitting') && phases.includes('polling') && phases.includes('downloading'), phases.join());
  assert.ok(server.requestsTo('poll').length >= 2, 'polled until done');

  const [row] = await jobRows(harness.sql, clip.idempotencyKey);
  assert.equal(row!.status, 'downloaded');
  assert.equal(row!.provider_job_id, clip.providerJobId);
  assert.equal(row!.submit_count, 1);
  assert.equal(Number(row!.cost_usd), 0.14);

  // Asked again (a retry, a resumed workflow): from the media store, same cost, nothing sent.
  const again = await video.generate(input);
  assert.equal(again.cached, true);
  assert.equal(again.clip, clip.clip);
  assert.equal(again.costUsd, 0.14);
  // Another production asking for the very same shot reuses it and pays nothing.
  const reused = await video.generate({ ...input, productionId: newProductionId('other') });
  assert.equal(reused.costUsd, 0);
  assert.equal(server.submissions, 1);
  // A new take is a new job.
  const retake = await video.generate({ ...input, take: 2 });
  assert.notEqual(retake.idempotencyKey, clip.idempotencyKey);
  assert.equal(server.submissions, 2);
});

test('429 bursts (1302) with Retry-After: waits at least that long, then submits once', async () => {
  const { server, video } = await kling();
  server.inject('submit', { kind: 'rate-limit', retryAfterSec: 1 }, 2);
  server.inject('poll', { kind: 'rate-limit', retryAfterSec: 1 }, 1);
  const started = Date.now();
  const clip = await video.generate(request());
  const elapsed = Date.now() - started;
  assert.equal(server.requestsTo('submit').length, 3);
  assert.equal(server.submissions, 1);
  assert.ok(elapsed >= 3000, `honoured Retry-After (took ${elapsed} ms)`);
  const gaps = server.requestsTo('submit').map((r) => r.at);
  assert.ok(gaps[1]! - gaps[0]! >= 990 && gaps[2]! - gaps[1]! >= 990, 'each retry waited Retry-After');
  assert.equal(clip.cached, false);
});

test('concurrency limit (1303) and 5xx (5000) at submission are retried with backoff; after a 5xx the job is looked for first', async () => {
  const { server, video } = await kling();
  server.injectCode('submit', 1303, 2);
  server.inject('submit', { kind: 'server-error' }, 1);
  const clip = await video.generate(request());
  assert.equal(server.submissions, 1);
  assert.equal(server.requestsTo('submit').length, 4);
  // After the two 1303s nothing can exist; after the 500 it might: one lookup by external_task_id.
  const lookups = server.requestsTo('poll').filter((r) => r.path.endsWith(`/${clip.idempotencyKey}`));
  assert.equal(lookups.length, 1);
  assert.ok(clip.durationSec > 0);
});

test('5xx and timeouts while polling are retried; the job is not submitted again', async () => {
  const { server, video } = await kling({}, { SHIYING_PROVIDER_REQUEST_TIMEOUT_SECONDS: '0.5' });
  server.inject('poll', { kind: 'server-error', status: 503 }, 2);
  server.inject('poll', { kind: 'slow', delayMs: 900 }, 1);
  server.inject('download', { kind: 'server-error', status: 502 }, 1);
  const clip = await video.generate(request());
  assert.equal(server.submissions, 1);
  assert.ok(server.requestsTo('poll').length >= 4);
  assert.ok(clip.durationSec > 0);
});

test('exhausted resource pack (1102) stops at once: not retried, reason recorded', async () => {
  const { server, video } = await kling();
  server.injectCode('submit', 1102, 5);
  const input = request();
  await assert.rejects(video.generate(input), rejectsWith('balance-exhausted', /1102.*top up the Kling resource pack/));
  assert.equal(server.requestsTo('submit').length, 1);
  const key = video.plan(input).key;
  const [row] = await jobRows(harness.sql, key);
  assert.equal(row!.status, 'failed');
  assert.equal(row!.failure_kind, 'balance-exhausted');
});

test('content-safety rejection at submission (1301) and moderation failure of the job both end the shot with Kling’s reason', async () => {
  const { server, video } = await kling({ rejectAtSubmit: (prompt) => prompt.includes('forbidden'), moderate: (prompt) => prompt.includes('blocked') });
  await assert.rejects(video.generate(request({ prompt: `forbidden scene${uniqueSuffix()}` })), rejectsWith('content-rejected', /content security policy/));
  await assert.rejects(video.generate(request({ prompt: `blocked scene${uniqueSuffix()}` })), rejectsWith('content-rejected', /Kling refused the shot for content safety: Failure to pass the risk control system/));
  assert.equal(server.submissions, 1);
});

test('a moderated shot fails alone: the other shots of the production continue', async () => {
  const { server, video } = await kling({ moderate: (prompt) => prompt.includes('moderate-me') });
  const productionId = newProductionId('mixed');
  const run = uniqueSuffix();
  const plan = testPlan({ shots: [{ prompt: `moon${run}` }, { prompt: `moderate-me frost${run}` }, { prompt: `mountain${run}` }] });
  const results = await Promise.allSettled(plan.shots.map((shot) => video.generate({ provider: 'kling', shot, style: plan.style, take: 1, productionId })));
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
  const reason = (results[1] as PromiseRejectedResult).reason as ProviderError;
  assert.equal(reason.kind, 'content-rejected');
  assert.equal(reason.retryable, false);
  assert.equal(server.submissions, 3);
});

test('an expired download link is refreshed by asking for the task again; a link that stays expired ends with a clear reason', async () => {
  const first = await kling({ expireLinks: 'first' });
  const clip = await first.video.generate(request());
  assert.ok(clip.durationSec > 0);
  assert.equal(first.server.submissions, 1);

  const always = await kling({ expireLinks: 'always' });
  const input = request();
  await assert.rejects(always.video.generate(input), rejectsWith('result-expired', /no longer works.*regenerate/));
  const [row] = await jobRows(harness.sql, always.video.plan(input).key);
  assert.equal(row!.status, 'expired');
});

test('wrong keys: the JWT is refused (1002) and the reviewer is told which variables to check', async () => {
  const { server, video } = await kling({}, { KLING_SECRET_KEY: 'not-the-secret' });
  await assert.rejects(video.generate(request()), rejectsWith('authentication', /1002.*KLING_ACCESS_KEY and KLING_SECRET_KEY/));
  assert.equal(server.submissions, 0);
});

for (const externalIdInPath of [true, false]) {
  test(`a submission whose answer was lost is found by external_task_id (${externalIdInPath ? 'single-task query' : 'task list'}) instead of being sent again`, async () => {
    const { server, video } = await kling({ externalIdInPath });
    const input = request();
    const planned = video.plan(input);
    // A worker reserved and claimed the attempt, sent it, and died before storing the job id.
    const reserved = await reserveAttempt(harness.sql, {
      key: planned.key, provider: 'kling', model: planned.adapter.model, kind: 'video', productionId: input.productionId, shotIndex: 0,
      request: planned.mapped.body, units: planned.mapped.seconds, unitPriceUsd: planned.price, estimatedCostUsd: planned.estimateUsd, budgetUsd: null,
    });
    const claimed = await claimSubmission(harness.sql, reserved, 1);
    assert.equal(claimed!.submitCount, 1);
    await planned.adapter.submit(planned.mapped, planned.key, { timeoutMs: 2000 });
    assert.equal(server.submissions, 1);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the dead worker's lease runs out

    const clip = await video.generate(input);
    assert.equal(server.submissions, 1, 'not submitted twice');
    assert.equal(server.requestsTo('submit').length, 1);
    const [row] = await jobRows(harness.sql, planned.key);
    assert.equal(row!.provider_job_id, clip.providerJobId);
    assert.equal(row!.submit_count, 2, 'the second claim is counted, the recovery sent nothing');
  });
}

test('a job that runs past the job timeout fails the shot with how long it waited', async () => {
  const { server, video } = await kling({ job: { durationMs: 60_000 } }, { SHIYING_PROVIDER_JOB_TIMEOUT_MINUTES: '0.005' });
  await assert.rejects(video.generate(request()), rejectsWith('job-timeout', /did not finish within 0\.3 s \(last status (submitted|processing)\)/));
  assert.equal(server.submissions, 1);
});

test('a refused token while polling leaves the job running: fixed keys resume it, nothing is paid twice', async () => {
  const { server, video } = await kling();
  server.injectCode('poll', 1004, 1);
  const input = request();
  await assert.rejects(video.generate(input), rejectsWith('authentication', /1004/));
  const [row] = await jobRows(harness.sql, video.plan(input).key);
  assert.equal(row!.status, 'running');
  const clip = await video.generate(input);
  assert.equal(clip.providerJobId, row!.provider_job_id);
  assert.equal(server.submissions, 1);
});

test('a job that finished while nobody was polling is collected even past the job timeout', async () => {
  const { server, video } = await kling({ job: { durationMs: 50 } }, { SHIYING_PROVIDER_JOB_TIMEOUT_MINUTES: '0.005' });
  server.injectCode('poll', 1004, 1); // the worker stops polling (here: its token is refused) …
  const input = request();
  await assert.rejects(video.generate(input));
  await new Promise((resolve) => setTimeout(resolve, 500)); // … and comes back after the 0.3 s job timeout
  const clip = await video.generate(input);
  assert.ok(clip.durationSec > 0);
  assert.equal(server.submissions, 1);
});

test('a clip saved by a worker that died before recording the download is recorded by the next one, not fetched again', async () => {
  const { server, video } = await kling();
  const input = request();
  const clip = await video.generate(input);
  // The moment the chaos run caught: the clip is in the store, the row still says `succeeded`
  // (Postgres went away, or the worker was killed, between the two).
  await harness.sql`update provider_jobs set status = 'succeeded', media_key = null where idempotency_key = ${clip.idempotencyKey}`;
  const downloads = server.requests.filter((r) => r.path.startsWith('/files/')).length;

  const again = await video.generate(input);
  assert.equal(again.cached, true);
  assert.equal(again.clip, clip.clip);
  const [row] = await jobRows(harness.sql, clip.idempotencyKey);
  assert.equal(row!.status, 'downloaded');
  assert.equal(row!.submit_count, 1);
  const [recorded] = await harness.sql<{ media_key: string }[]>`select media_key from provider_jobs where idempotency_key = ${clip.idempotencyKey}`;
  assert.equal(recorded?.media_key, harness.media.key('shot', { remote: clip.idempotencyKey }));
  assert.equal(server.submissions, 1);
  assert.equal(server.requests.filter((r) => r.path.startsWith('/files/')).length, downloads, 'nothing downloaded again');
});

test('choosing Kling without keys fails at once, naming the missing variables', async () => {
  const { video } = harness.build({});
  assert.throws(() => video.plan(request()), rejectsWith('not-configured', /KLING_ACCESS_KEY and KLING_SECRET_KEY/));
});
