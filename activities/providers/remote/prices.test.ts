import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkBudget, DEFAULT_SPEECH_PRICES, DEFAULT_VIDEO_PRICES, formatUsd, lookupPrice, parsePriceTable, PriceError, speechCost, videoCost } from './prices.js';

test('price tables parse provider/model[/variant]=price, later entries overriding earlier ones', () => {
  const table = parsePriceTable(`${DEFAULT_VIDEO_PRICES}, kling/kling-v1-6/std=0.05 ,openai-videos/my-gateway-model=0.2`, 'SHIYING_VIDEO_PRICES');
  assert.equal(table.get('kling/kling-v1-6/std'), 0.05);
  assert.equal(table.get('openai-videos/my-gateway-model'), 0.2);
  assert.equal(table.get('openai-videos/sora-2'), 0.1);
  assert.ok(parsePriceTable(DEFAULT_SPEECH_PRICES, 'x').has('openai-speech/tts-1'));
});

test('a malformed entry names the variable and the entry', () => {
  assert.throws(() => parsePriceTable('kling=0.1', 'SHIYING_VIDEO_PRICES'), (e: Error) => e instanceof PriceError && /SHIYING_VIDEO_PRICES: "kling=0.1"/.test(e.message));
  assert.throws(() => parsePriceTable('kling/x=-1', 'V'), PriceError);
  assert.throws(() => parsePriceTable('kling/x=abc', 'V'), PriceError);
});

test('lookup prefers provider/model/variant and falls back to provider/model', () => {
  const table = parsePriceTable('wan/wan2.7-t2v=0.1,wan/wan2.7-t2v/1080P=0.15', 'V');
  assert.equal(lookupPrice(table, 'wan', 'wan2.7-t2v', '1080P'), 0.15);
  assert.equal(lookupPrice(table, 'wan', 'wan2.7-t2v', '720P'), 0.1);
  assert.equal(lookupPrice(table, 'wan', 'wan2.7-t2v'), 0.1);
  assert.equal(lookupPrice(table, 'wan', 'wan9'), undefined);
});

test('costs are exact to the micro-dollar', () => {
  assert.equal(videoCost(0.028, 5), 0.14);
  assert.equal(videoCost(0.1, 12), 1.2);
  assert.equal(videoCost(0.3, 8), 2.4);
  assert.equal(speechCost(15, 1000), 0.015);
  assert.equal(speechCost(80, 28), 0.00224);
  // 0.1 + 0.2 style drift does not creep into sums.
  const sum = checkBudget(10, 0.1, 0.2);
  assert.equal(sum.afterUsd, 0.3);
});

test('the budget allows a job that exactly reaches the limit and refuses one that would pass it', () => {
  assert.equal(checkBudget(1, 0.5, 0.5).allowed, true);
  assert.equal(checkBudget(1, 0.5, 0.500001).allowed, false);
  assert.equal(checkBudget(0, 0, 0.01).allowed, false);
  assert.equal(checkBudget(null, 1e9, 1e9).allowed, true);
  assert.deepEqual(checkBudget(2, 1.4, 0.7), { allowed: false, committedUsd: 1.4, afterUsd: 2.1, limitUsd: 2 });
});

test('amounts print with enough digits to be meaningful', () => {
  assert.equal(formatUsd(20), '$20.00');
  assert.equal(formatUsd(0.14), '$0.14');
  assert.equal(formatUsd(0.00224), '$0.0022');
});
