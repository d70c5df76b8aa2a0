import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderError } from './provider-error.js';
import { parseRetryAfter, retryDelay, sleep, withRetries, type RetryPolicy } from './retry-policy.js';

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name] ?? null });
const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };

test('Retry-After is read as seconds, as an HTTP date, or from retry-after-ms', () => {
  assert.equal(parseRetryAfter(headers({ 'retry-after': '3' })), 3000);
  assert.equal(parseRetryAfter(headers({ 'retry-after': '1.5' })), 1500);
  const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
  assert.equal(parseRetryAfter(headers({ 'retry-after': 'Wed, 21 Oct 2026 07:28:10 GMT' }), now), 10_000);
  assert.equal(parseRetryAfter(headers({ 'retry-after': 'Wed, 21 Oct 2026 07:27:00 GMT' }), now), 0);
  assert.equal(parseRetryAfter(headers({ 'retry-after-ms': '250', 'retry-after': '9' })), 250);
  assert.equal(parseRetryAfter(headers({})), undefined);
  assert.equal(parseRetryAfter(headers({ 'retry-after': 'soon' })), undefined);
});

test('backoff doubles up to the ceiling, jitters within its upper half, and never undercuts Retry-After', () => {
  assert.equal(retryDelay(policy, 1, undefined, () => 0), 50);
  assert.equal(retryDelay(policy, 1, undefined, () => 1), 100);
  assert.equal(retryDelay(policy, 3, undefined, () => 1), 400);
  assert.equal(retryDelay(policy, 10, undefined, () => 1), 1000);
  assert.equal(retryDelay(policy, 1, 2000, () => 0), 2000);
  // Retry-After is honoured only up to maxRetryAfterMs inside one activity.
  assert.equal(retryDelay(policy, 1, 60_000, () => 0), 5000);
});

const transient = (retryAfterMs?: number) => new ProviderError('rate-limited', '429', { provider: 'x', operation: 'submit', retryAfterMs });

test('withRetries retries retryable errors, waiting at least Retry-After, then succeeds', async () => {
  let calls = 0;
  const started = Date.now();
  const result = await withRetries({ ...policy, baseDelayMs: 1, maxDelayMs: 2 }, async () => {
    calls += 1;
    if (calls < 3) throw transient(calls === 1 ? 120 : undefined);
    return 'ok';
  });
  assert.equal(result, 'ok');
  assert.equal(calls, 3);
  assert.ok(Date.now() - started >= 115, 'waited for Retry-After');
});

test('withRetries stops at once on a non-retryable error and after maxAttempts on retryable ones', async () => {
  let calls = 0;
  await assert.rejects(
    withRetries(policy, async () => {
      calls += 1;
      throw new ProviderError('content-rejected', 'no', { provider: 'x', operation: 'submit' });
    }),
    /no/,
  );
  assert.equal(calls, 1);
  calls = 0;
  await assert.rejects(
    withRetries({ ...policy, baseDelayMs: 1, maxDelayMs: 1 }, async () => {
      calls += 1;
      throw transient();
    }),
    (error: ProviderError) => error.retryable,
  );
  assert.equal(calls, 4);
});

test('a Retry-After longer than we wait in-process goes straight back to the caller (Temporal)', async () => {
  let calls = 0;
  await assert.rejects(
    withRetries(policy, async () => {
      calls += 1;
      throw transient(60_000);
    }),
    (error: ProviderError) => error.context.retryAfterMs === 60_000,
  );
  assert.equal(calls, 1);
});

test('sleep ends early with the abort reason', async () => {
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => controller.abort(new Error('cancelled')), 20);
  await assert.rejects(sleep(5000, controller.signal), /cancelled/);
  assert.ok(Date.now() - started < 1000);
});
