// Each API's errors → our kinds, retryability and the words a reviewer reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { klingError, klingKind } from './kling.js';
import { openAiError, openAiKind } from './openai-errors.js';
import { FAILURE_TYPES, looksLikeModeration, ProviderError } from './provider-error.js';
import { wanError, wanKind } from './wan.js';
import { kindOfStatus } from './http-client.js';

const response = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers(headers),
  body,
  text: JSON.stringify(body),
});

test('Kling business codes decide the kind before the HTTP status', () => {
  const cases: [number, number, string][] = [
    [1000, 401, 'authentication'],
    [1004, 401, 'authentication'],
    [1101, 429, 'balance-exhausted'],
    [1102, 429, 'balance-exhausted'],
    [1201, 400, 'invalid-request'],
    [1203, 404, 'invalid-request'],
    [1301, 400, 'content-rejected'],
    [1302, 429, 'rate-limited'],
    [1303, 429, 'concurrency-limited'],
    [1304, 429, 'authentication'],
    [5000, 500, 'provider-unavailable'],
    [5002, 504, 'provider-unavailable'],
  ];
  for (const [code, status, kind] of cases) assert.equal(klingKind(code, status), kind, `code ${code}`);
});

test('Kling errors: 1302 with Retry-After is retryable after that wait; 1102 and 1301 are final with a reason', () => {
  const rate = klingError(response(429, { code: 1302, message: 'API request too fast', request_id: 'r1' }, { 'retry-after': '7' }), 'submit');
  assert.equal(rate.kind, 'rate-limited');
  assert.equal(rate.retryable, true);
  assert.equal(rate.context.retryAfterMs, 7000);
  assert.equal(rate.context.requestId, 'r1');
  const concurrency = klingError(response(429, { code: 1303, message: 'parallel task over resource pack limit' }), 'submit');
  assert.equal(concurrency.retryable, true);
  const balance = klingError(response(429, { code: 1102, message: 'Resource pack exhausted' }), 'submit');
  assert.equal(balance.retryable, false);
  assert.equal(balance.failureType, 'InsufficientBalance');
  assert.match(balance.message, /code 1102, HTTP 429.*Resource pack exhausted.*top up/);
  const safety = klingError(response(400, { code: 1301, message: 'Trigger the content security policy' }), 'submit');
  assert.equal(safety.failureType, 'ContentRejected');
  assert.equal(safety.retryable, false);
  assert.match(safety.message, /content security policy/);
  // An HTML error page from a proxy still maps by status.
  const proxy = klingError({ status: 502, headers: new Headers(), body: undefined, text: '<html>Bad gateway</html>' }, 'poll', 't1');
  assert.equal(proxy.kind, 'provider-unavailable');
  assert.equal(proxy.context.jobId, 't1');
});

test('DashScope codes: throttling, arrears, inspection, keys, parameters', () => {
  assert.equal(wanKind('Throttling.RateQuota', 429), 'rate-limited');
  assert.equal(wanKind('Throttling.AllocationQuota', 429), 'concurrency-limited');
  assert.equal(wanKind('Arrearage', 400), 'balance-exhausted');
  assert.equal(wanKind('DataInspectionFailed', 400), 'content-rejected');
  assert.equal(wanKind('IPInfringementSuspect', 400), 'content-rejected');
  assert.equal(wanKind('InvalidApiKey', 401), 'authentication');
  assert.equal(wanKind('InvalidParameter', 400), 'invalid-request');
  assert.equal(wanKind('InternalError', 500), 'provider-unavailable');
  assert.equal(wanKind(undefined, 503), 'provider-unavailable');
  const error = wanError(response(400, { request_id: 'x', code: 'DataInspectionFailed', message: 'Input data may contain inappropriate content.' }), 'submit');
  assert.equal(error.retryable, false);
  assert.match(error.message, /Wan submit failed \(DataInspectionFailed, HTTP 400\): Input data may contain inappropriate content\. — DashScope/);
});

test('OpenAI-shaped errors: 429 rate limit retries, 429 insufficient_quota does not', () => {
  assert.equal(openAiKind(429, 'rate_limit_exceeded', 'requests', 'slow down'), 'rate-limited');
  assert.equal(openAiKind(429, 'insufficient_quota', 'insufficient_quota', 'You exceeded your current quota'), 'balance-exhausted');
  assert.equal(openAiKind(400, 'moderation_blocked', 'invalid_request_error', 'blocked'), 'content-rejected');
  assert.equal(openAiKind(400, 'sentinel_block', 'invalid_request_error', "Hmmm something didn't look right"), 'content-rejected');
  assert.equal(openAiKind(401, 'invalid_api_key', 'invalid_request_error', 'Incorrect API key'), 'authentication');
  assert.equal(openAiKind(400, 'invalid_value', 'invalid_request_error', "Invalid 'seconds'"), 'invalid-request');
  assert.equal(openAiKind(503, null as unknown as undefined, 'server_error', 'overloaded'), 'provider-unavailable');
  const error = openAiError(response(429, { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }, { 'retry-after-ms': '1500', 'x-request-id': 'req_1' }), {
    provider: 'openai-videos',
    displayName: '/v1/videos at gw',
    operation: 'submit',
  });
  assert.equal(error.retryable, true);
  assert.equal(error.context.retryAfterMs, 1500);
  assert.equal(error.context.requestId, 'req_1');
});

test('statuses without a readable body', () => {
  assert.equal(kindOfStatus(401), 'authentication');
  assert.equal(kindOfStatus(402), 'balance-exhausted');
  assert.equal(kindOfStatus(408), 'provider-unavailable');
  assert.equal(kindOfStatus(422), 'invalid-request');
});

test('moderation is recognised in English and Chinese failure messages, not in ordinary ones', () => {
  assert.ok(looksLikeModeration('Failure to pass the risk control system'));
  assert.ok(looksLikeModeration('moderation_blocked'));
  assert.ok(looksLikeModeration('Output data may contain inappropriate content.'));
  assert.ok(looksLikeModeration('内容审核未通过'));
  assert.equal(looksLikeModeration('Generation failed due to an internal error'), false);
  assert.equal(looksLikeModeration(undefined, null), false);
});

test('retryable kinds and failure types the workflow policy relies on', () => {
  const make = (kind: ProviderError['kind']) => new ProviderError(kind, kind, { provider: 'p', operation: 'o' });
  for (const kind of ['rate-limited', 'concurrency-limited', 'provider-unavailable', 'network', 'job-failed', 'bad-response'] as const) {
    assert.equal(make(kind).retryable, true, kind);
  }
  for (const kind of ['content-rejected', 'invalid-request', 'authentication', 'balance-exhausted', 'budget-exceeded', 'not-configured', 'job-timeout', 'result-expired', 'link-expired'] as const) {
    assert.equal(make(kind).retryable, false, kind);
  }
  assert.deepEqual(
    [FAILURE_TYPES['content-rejected'], FAILURE_TYPES['invalid-request'], FAILURE_TYPES.authentication, FAILURE_TYPES['balance-exhausted'], FAILURE_TYPES['budget-exceeded'], FAILURE_TYPES['not-configured']],
    ['ContentRejected', 'InvalidRequest', 'AuthenticationFailed', 'InsufficientBalance', 'BudgetExceeded', 'ProviderNotConfigured'],
  );
});
