import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasFreshPoller, isHealthy, POLLER_FRESH_MS } from './health.js';

test('a poller counts only while its last poll is recent', () => {
  const now = 1_000_000;
  assert.equal(hasFreshPoller([], now), false);
  assert.equal(hasFreshPoller([now - 1000], now), true);
  assert.equal(hasFreshPoller([now - POLLER_FRESH_MS - 1], now), false);
  assert.equal(hasFreshPoller([now - 60_000, now - 5_000], now), true);
});

test('healthy only when db, temporal and worker are all ok', () => {
  const base = { version: '1', problems: [] };
  assert.equal(isHealthy({ ...base, db: 'ok', temporal: 'ok', worker: 'ok' }), true);
  assert.equal(isHealthy({ ...base, db: 'ok', temporal: 'ok', worker: 'down' }), false);
  assert.equal(isHealthy({ ...base, db: 'down', temporal: 'ok', worker: 'ok' }), false);
});
