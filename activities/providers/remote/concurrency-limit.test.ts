import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConcurrencyLimit } from './concurrency-limit.js';

test('at most `max` calls run at once; the rest wait their turn and all finish', async () => {
  const limited = createConcurrencyLimit(2);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const results = await Promise.all(
    [0, 1, 2, 3, 4].map((i) =>
      limited(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 10));
        running -= 1;
        order.push(i);
        return i * 2;
      }),
    ),
  );
  assert.deepEqual(results, [0, 2, 4, 6, 8]);
  assert.equal(peak, 2);
  assert.equal(order.length, 5);
});

test('a failing call frees its slot', async () => {
  const limited = createConcurrencyLimit(1);
  await assert.rejects(limited(async () => { throw new Error('boom'); }), /boom/);
  assert.equal(await limited(async () => 'next'), 'next');
});
