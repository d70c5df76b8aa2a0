import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dedupeKey, parseProductionOptions } from './production-request.js';

test('defaults: local provider, vertical ink-wash, middle priority, no budget', () => {
  assert.deepEqual(parseProductionOptions(undefined), { provider: 'local', aspect: '9:16', look: 'ink-wash', priority: 3, budgetUsd: null });
});

test('each bad option is named', () => {
  assert.throws(() => parseProductionOptions({ provider: 'sora' }), /provider: Invalid enum value/);
  assert.throws(() => parseProductionOptions({ aspect: '4:3' }), /aspect/);
  assert.throws(() => parseProductionOptions({ priority: 9 }), /priority: priority is 1 \(most urgent\) to 5/);
  assert.throws(() => parseProductionOptions({ budgetUsd: -1 }), /budgetUsd: the budget must be positive/);
  assert.throws(() => parseProductionOptions({ colour: 'red' }), /Unrecognized key/);
});

test('priority and budget do not make a different production', () => {
  const a = parseProductionOptions({ priority: 1 });
  const b = parseProductionOptions({ priority: 5, budgetUsd: 3 });
  assert.equal(dedupeKey('poem-1', a), dedupeKey('poem-1', b));
  assert.notEqual(dedupeKey('poem-1', a), dedupeKey('poem-1', parseProductionOptions({ aspect: '16:9' })));
  assert.notEqual(dedupeKey('poem-1', a), dedupeKey('poem-2', a));
});
