// The production workflow end to end on real parts: Temporal dev server, real workers, Postgres,
// the local renderer, espeak-ng and ffmpeg (small frames to keep it quick). Regenerating one shot
// must redo only that shot and the assembly, and every decision must be audited.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Sql } from '../../platform/db.js';
import { openTestDatabase } from '../support/database.js';
import { startTestTemporal } from '../support/temporal.js';
import { startProductionWorkers, type ProductionWorkers } from '../support/production-worker.js';
import { waitUntil } from '../support/processes.js';
import { submitPastedPoem } from '../../corpus/pasted-poem.js';
import { productionStatus, queueProduction, review, type ProductionsDeps } from '../../productions/productions.js';
import { recordHistory } from '../support/histories.js';

let env: TestWorkflowEnvironment;
let sql: Sql;
let workers: ProductionWorkers;
let deps: ProductionsDeps;
let mediaRoot: string;
const taskQueue = `test-production-${randomUUID()}`;

before(async () => {
  [env, sql] = await Promise.all([startTestTemporal(), openTestDatabase()]);
  mediaRoot = await mkdtemp(path.join(os.tmpdir(), 'shiying-production-'));
  workers = await startProductionWorkers(env, sql, { taskQueue, mediaRoot, format: { width: 144, height: 256 } });
  deps = { sql, client: env.client, taskQueue };
});

after(async () => {
  await workers?.shutdown();
  await env?.teardown();
  await sql?.end({ timeout: 5 });
  if (mediaRoot) await rm(mediaRoot, { recursive: true, force: true });
});

async function settled(productionId: string, statuses: string[], timeoutMs = 240_000) {
  await waitUntil(async () => statuses.includes((await productionStatus(deps, productionId)).status), timeoutMs, `production ${productionId} to reach ${statuses.join('/')}`, 500);
  return productionStatus(deps, productionId);
}

test('a poem goes from queue to draft, one shot is regenerated, and the draft is published', async () => {
  const poem = await submitPastedPoem(sql, { text: '床前明月光，疑是地上霜。举头望明月，低头思故乡。', title: '静夜思', author: '李白' });
  // Blue-green keeps this production apart from other tests' (the dedupe key includes the look);
  // rows left in progress by an interrupted earlier run of this file are closed first.
  const options = { look: 'blue-green' };
  await sql`update productions set status = 'cancelled' where poem_id = ${poem.id} and options->>'look' = 'blue-green' and status in ('queued', 'generating', 'awaiting_review')`;
  const queued = await queueProduction(deps, { poemId: poem.id, options, requestedBy: 'curator@test' });
  assert.equal(queued.existing, false);

  const again = await queueProduction(deps, { poemId: poem.id, options: { ...options, priority: 1 }, requestedBy: 'curator@test' });
  assert.deepEqual([again.productionId, again.existing], [queued.productionId, true], 'the same poem and options while in progress returns the first production');

  const draft1 = await settled(queued.productionId, ['awaiting_review', 'failed']);
  assert.equal(draft1.status, 'awaiting_review', draft1.reason);
  assert.equal(draft1.version, 1);
  assert.equal(draft1.shots.length, 4);
  assert.ok(draft1.shots.every((shot) => shot.status === 'ready' && shot.version === 1));
  assert.ok((await stat(path.join(mediaRoot, draft1.film!.film))).size > 10_000, 'the draft film exists in the media store');

  // Validators refuse bad requests before anything is recorded.
  await assert.rejects(review(deps, { productionId: queued.productionId, action: 'regenerate', actor: 'reviewer@test', shotIndex: 9, note: 'x' }), /unknown shot 9/);
  await assert.rejects(review(deps, { productionId: queued.productionId, action: 'regenerate', actor: 'reviewer@test', shotIndex: 1, note: '   ' }), /a note is required/);
  await assert.rejects(review(deps, { productionId: queued.productionId, action: 'regenerate', actor: 'reviewer@test', shotIndex: 1, note: 'x'.repeat(2001) }), /at most 2000/);
  await assert.rejects(review(deps, { productionId: `prod-${randomUUID()}`, action: 'publish', actor: 'reviewer@test' }), /no production/);

  const note = '<b>更冷的月光</b>, colder frost on the floor';
  await review(deps, { productionId: queued.productionId, action: 'regenerate', actor: 'reviewer@test', shotIndex: 1, note });
  const draft2 = await productionStatus(deps, queued.productionId);
  assert.equal(draft2.status, 'awaiting_review', draft2.reason);
  assert.equal(draft2.version, 2);
  assert.deepEqual(draft2.shots.map((shot) => shot.version), [1, 2, 1, 1], 'only shot 1 was generated again');

  const versions = await sql<{ version: number; film: string; shots: { index: number; clip: string; cached: boolean }[] }[]>`
    select version, film, shots from production_versions where production_id = ${queued.productionId} order by version`;
  assert.equal(versions.length, 2, 'every version is kept');
  const v1 = versions[0]!;
  const v2 = versions[1]!;
  assert.notEqual(v1.film, v2.film, 'a new assembly');
  for (const index of [0, 2, 3]) assert.equal(v2.shots[index]!.clip, v1.shots[index]!.clip, `shot ${index} is the same clip`);
  assert.notEqual(v2.shots[1]!.clip, v1.shots[1]!.clip, 'shot 1 is a new clip');
  assert.deepEqual(v2.shots.map((shot) => shot.cached), [true, true, true, true], 'the assembly found every shot already made');

  const [plan] = await sql<{ plan: { shots: { prompt: string }[] } }[]>`select plan from production_versions where production_id = ${queued.productionId} and version = 2`;
  assert.match(plan!.plan.shots[1]!.prompt, /Reviewer direction: <b>更冷的月光<\/b>, colder frost/, 'the note feeds the prompt (stored as text)');

  await review(deps, { productionId: queued.productionId, action: 'approve', actor: 'reviewer@test' });
  const published = await productionStatus(deps, queued.productionId);
  assert.equal(published.status, 'published');
  assert.equal(published.publication?.visible, true);
  const [publication] = await sql<{ slug: string; lines: string[]; lines_traditional: string[]; credits: { reviewers: string[]; provider: string } }[]>`
    select slug, lines, lines_traditional, credits from publications where production_id = ${queued.productionId}`;
  assert.deepEqual(publication!.lines, ['床前明月光', '疑是地上霜', '举头望明月', '低头思故乡']);
  assert.equal(publication!.lines_traditional[3], '低頭思故鄉');
  assert.deepEqual(publication!.credits.reviewers, ['reviewer@test']);
  assert.equal(publication!.credits.provider, 'local');

  await assert.rejects(
    review(deps, { productionId: queued.productionId, action: 'regenerate', actor: 'reviewer@test', shotIndex: 0, note: 'too late' }),
    /cannot regenerate a shot of a production that is published/,
  );
  await review(deps, { productionId: queued.productionId, action: 'unpublish', actor: 'admin@test', note: 'typo in the title' });
  assert.equal((await productionStatus(deps, queued.productionId)).publication?.visible, false);

  const audit = await sql<{ actor: string; action: string; shot_index: number | null; note: string | null }[]>`
    select actor, action, shot_index, note from review_decisions where production_id = ${queued.productionId} order by id`;
  assert.deepEqual(
    audit.map((row) => [row.action, row.actor, row.shot_index]),
    [
      ['queue', 'curator@test', null],
      ['regenerate_shot', 'reviewer@test', 1],
      ['approve_draft', 'reviewer@test', null],
      ['publish', 'reviewer@test', null],
      ['unpublish', 'admin@test', null],
    ],
  );
  assert.equal(audit[1]!.note, note);
  await recordHistory(env.client, queued.productionId, 'production-regenerate-publish-unpublish');
});

test('a cancelled production says so and stops', async () => {
  const poem = await submitPastedPoem(sql, { text: '千山鸟飞绝，万径人踪灭。孤舟蓑笠翁，独钓寒江雪。', title: '江雪', author: '柳宗元' });
  const options = { look: 'blue-green', aspect: '16:9' };
  await sql`update productions set status = 'cancelled' where poem_id = ${poem.id} and options->>'look' = 'blue-green' and status in ('queued', 'generating', 'awaiting_review')`;
  const queued = await queueProduction(deps, { poemId: poem.id, options, requestedBy: 'curator@test' });
  await waitUntil(async () => (await productionStatus(deps, queued.productionId)).status === 'generating', 60_000, 'generation to start', 100);
  await env.client.workflow.getHandle(queued.productionId).cancel();
  const view = await settled(queued.productionId, ['cancelled'], 60_000);
  assert.equal(view.reason, 'cancelled by a curator');
  assert.ok(view.shots.every((shot) => shot.status !== 'generating'), 'no shot is left looking busy');
  // The dedupe rule no longer holds it: the same request makes a new production.
  const again = await queueProduction(deps, { poemId: poem.id, options, requestedBy: 'curator@test' });
  assert.equal(again.existing, false);
  await env.client.workflow.getHandle(again.productionId).cancel();
  await settled(again.productionId, ['cancelled'], 60_000);
  await recordHistory(env.client, queued.productionId, 'production-cancelled');
});
