// Crash safety with real processes: a `shiying worker` killed with SIGKILL while the third of
// eight shots is being painted; a new worker finishes the production. Nothing is made twice:
// shots finished before the kill are not redone and the assembly finds every shot in the store.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Sql } from '../../platform/db.js';
import { openTestDatabase, testDatabaseUrl } from '../support/database.js';
import { startTestTemporal, temporalAddressOf } from '../support/temporal.js';
import { exited, spawnShiying, waitUntil } from '../support/processes.js';
import { submitPastedPoem } from '../../corpus/pasted-poem.js';
import { productionStatus, queueProduction, type ProductionsDeps } from '../../productions/productions.js';
import { draftWorkerEnv, queueFresh } from '../support/productions.js';

let env: TestWorkflowEnvironment;
let sql: Sql;
let mediaRoot: string;
const children: ReturnType<typeof spawnShiying>[] = [];

before(async () => {
  [env, sql] = await Promise.all([startTestTemporal(), openTestDatabase()]);
  mediaRoot = await mkdtemp(path.join(os.tmpdir(), 'shiying-crash-'));
});

after(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(children.map(exited));
  await env?.teardown();
  await sql?.end({ timeout: 5 });
  if (mediaRoot) await rm(mediaRoot, { recursive: true, force: true });
});

async function shotEntries(): Promise<number> {
  const root = path.join(mediaRoot, 'shot');
  let count = 0;
  for (const prefix of await readdir(root).catch(() => [])) count += (await readdir(path.join(root, prefix))).length;
  return count;
}

test('a worker killed mid-production is replaced and the production completes with nothing made twice', async () => {
  const taskQueue = `test-crash-${randomUUID()}`;
  const stackEnv = draftWorkerEnv({ temporalAddress: temporalAddressOf(env), databaseUrl: testDatabaseUrl(), taskQueue, mediaRoot });
  const deps: ProductionsDeps = { sql, client: env.client, taskQueue };
  const poem = await submitPastedPoem(sql, { text: '国破山河在，城春草木深。感时花溅泪，恨别鸟惊心。烽火连三月，家书抵万金。白头搔更短，浑欲不胜簪。', title: '春望', author: '杜甫' });
  const first = spawnShiying(['worker'], stackEnv);
  children.push(first);
  const queued = { productionId: await queueFresh(deps, poem.id, { look: 'gongbi' }) };

  await waitUntil(
    async () => {
      const view = await productionStatus(deps, queued.productionId);
      return view.shots.length === 8 && view.shots.filter((shot) => shot.status === 'ready').length === 2;
    },
    180_000,
    `two shots ready (worker output: ${first.output().slice(-500)})`,
    100,
  );
  first.kill('SIGKILL');
  await exited(first);
  const madeBeforeKill = await shotEntries();
  assert.ok(madeBeforeKill >= 2, `${madeBeforeKill} shots in the store when the worker died`);

  const second = spawnShiying(['worker'], stackEnv);
  children.push(second);
  await waitUntil(
    async () => ['awaiting_review', 'failed'].includes((await productionStatus(deps, queued.productionId)).status),
    240_000,
    `the production to finish (worker output: ${second.output().slice(-500)})`,
  );
  const view = await productionStatus(deps, queued.productionId);
  assert.equal(view.status, 'awaiting_review', view.reason);
  assert.equal(view.version, 1);
  assert.deepEqual(view.shots.map((shot) => [shot.status, shot.version]), Array.from({ length: 8 }, () => ['ready', 1]));
  assert.equal(await shotEntries(), 8, 'each shot was stored once');

  const [draft] = await sql<{ shots: { cached: boolean }[] }[]>`
    select shots from production_versions where production_id = ${queued.productionId} and version = 1`;
  const hits = draft!.shots.filter((shot) => shot.cached).length;
  assert.equal(hits, 8, 'the assembly found all 8 shots already made (cache hits)');
  // Shots finished before the kill were not generated again after it.
  const regenerated = await sql<{ n: number }[]>`
    select count(*)::int as n from production_shots where production_id = ${queued.productionId} and version > 1`;
  assert.equal(regenerated[0]!.n, 0);
});

test('with a remote provider, a worker killed while polling resumes the same jobs: one submission per shot', async () => {
  const { FakeKlingServer } = await import('../support/fake-kling-server.js');
  const { FAST_PROVIDER_ENV, TEST_KEYS } = await import('../support/remote-provider-harness.js');
  // Jobs take 4 s at the provider, so the kill lands while shots are being polled.
  const kling = await new FakeKlingServer({ ...TEST_KEYS.kling, job: { durationMs: 4000 } }).start();
  try {
    const taskQueue = `test-crash-kling-${randomUUID()}`;
    const stackEnv = draftWorkerEnv(
      { temporalAddress: temporalAddressOf(env), databaseUrl: testDatabaseUrl(), taskQueue, mediaRoot },
      {
        ...(FAST_PROVIDER_ENV as Record<string, string>),
        SHIYING_LOCAL_CONCURRENCY: '2',
        KLING_BASE_URL: kling.url,
        KLING_ACCESS_KEY: TEST_KEYS.kling.accessKey,
        KLING_SECRET_KEY: TEST_KEYS.kling.secretKey,
      },
    );
    const deps: ProductionsDeps = { sql, client: env.client, taskQueue };
    const pool = '山水云月风花雪江舟鸟松竹柳烟霜雁楼亭桥钟泉石草春秋夜寒孤远青白';
    const line = () => Array.from({ length: 5 }, (_, i) => pool[(i * 7 + Math.floor(Math.random() * pool.length)) % pool.length]).join('');
    const poem = await submitPastedPoem(sql, { text: `${line()}，${line()}。${line()}，${line()}。` });

    const first = spawnShiying(['worker'], stackEnv);
    children.push(first);
    const queued = await queueProduction(deps, { poemId: poem.id, options: { provider: 'kling' }, requestedBy: 'curator@test' });
    await waitUntil(async () => kling.submissions >= 2, 120_000, `Kling submissions (worker output: ${first.output().slice(-400)})`, 100);
    first.kill('SIGKILL');
    await exited(first);
    const submittedBeforeKill = kling.submissions;

    // Heartbeats time out after 2 minutes for remote shots in production; the tests' worker
    // restarts sooner, and Temporal hands the same activities to it once they time out.
    const second = spawnShiying(['worker'], stackEnv);
    children.push(second);
    await waitUntil(
      async () => ['awaiting_review', 'failed'].includes((await productionStatus(deps, queued.productionId)).status),
      300_000,
      `the production to finish (worker output: ${second.output().slice(-400)})`,
    );
    const view = await productionStatus(deps, queued.productionId);
    assert.equal(view.status, 'awaiting_review', view.reason);
    assert.ok(submittedBeforeKill >= 2);
    assert.equal(kling.submissions, view.shots.length, 'one Kling submission per shot, none repeated after the kill');
  } finally {
    await kling.stop();
  }
});
