import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/activity';
import { ProviderError } from './provider-error.js';
import { toActivityFailure } from './remote-provider-activities.js';

test('a retryable provider error becomes a retryable ApplicationFailure whose next retry waits Retry-After', () => {
  const failure = toActivityFailure(new ProviderError('rate-limited', 'Kling submit failed (code 1302, HTTP 429): too fast', { provider: 'kling', operation: 'submit', status: 429, code: '1302', retryAfterMs: 300_000 }));
  assert.ok(failure instanceof ApplicationFailure);
  assert.equal(failure.type, 'ProviderRateLimited');
  assert.equal(failure.nonRetryable, false);
  assert.equal(failure.nextRetryDelay, 300_000);
  assert.equal(failure.message, 'Kling submit failed (code 1302, HTTP 429): too fast');
  assert.deepEqual(failure.details, [{ kind: 'rate-limited', provider: 'kling', operation: 'submit', status: 429, code: '1302', jobId: undefined }]);
});

test('a content-safety refusal is non-retryable and keeps the reviewer-facing reason', () => {
  const failure = toActivityFailure(new ProviderError('content-rejected', 'Kling refused the shot for content safety: risk control', { provider: 'kling', operation: 'generate', jobId: 't1' }));
  assert.ok(failure instanceof ApplicationFailure);
  assert.equal(failure.type, 'ContentRejected');
  assert.equal(failure.nonRetryable, true);
  assert.equal(failure.nextRetryDelay, undefined);
  assert.match(failure.message, /risk control/);
});

test('other errors pass through untouched', () => {
  const error = new Error('database down');
  assert.equal(toActivityFailure(error), error);
});
