// Durability across a Postgres restart: a cluster of this test's own (so other tests keep
// theirs) is stopped while a production is generating and started again; activities retry and
// the production completes.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { databaseUrl, loadConfig } from '../../platform/config.js';
import { connectDatabase } from '../../platform/db.js';
import { migrate } from '../../platform/migrate.js';
import { ensureCluster, ensureDatabase, startClusterInBackground, stopCluster } from '../../platform/postgres-cluster.js';
import { startTestTemporal, temporalAddressOf } from '../support/temporal.js';
import { exited, freePort, spawnShiying } from '../support/processes.js';
import { draftWorkerEnv, queueFresh, waitForDraft, waitForShotsReady } from '../support/productions.js';
import { submitPastedPoem } from '../../corpus/pasted-poem.js';

const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

test('a production survives Postgres stopping and starting again', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'shiying-pg-restart-'));
  await chmod(dataDir, 0o755); // the cluster runs as the postgres user when we are root
  const config = loadConfig({ SHIYING_DATA_DIR: dataDir, SHIYING_PG_PORT: String(await freePort()), SHIYING_PG_DATABASE: 'restart' });
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  await ensureCluster(config);
  await startClusterInBackground(config);
  cleanups.push(() => stopCluster(config));
  await ensureDatabase(config);
  const sql = connectDatabase(config, { max: 4 });
  cleanups.push(() => sql.end({ timeout: 2 }));
  await migrate(sql);

  const env: TestWorkflowEnvironment = await startTestTemporal();
  cleanups.push(() => env.teardown());
  const taskQueue = `test-pg-restart-${randomUUID()}`;
  const deps = { sql, client: env.client, taskQueue };
  const worker = spawnShiying(['worker'], draftWorkerEnv({ temporalAddress: temporalAddressOf(env), databaseUrl: databaseUrl(config), taskQueue, mediaRoot: path.join(dataDir, 'media') }));
  cleanups.push(async () => {
    worker.kill('SIGKILL');
    await exited(worker);
  });

  const poem = await submitPastedPoem(sql, { text: '春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。', title: '春晓', author: '孟浩然' });
  const productionId = await queueFresh(deps, poem.id);
  await waitForShotsReady(deps, productionId, 1, () => `worker output: ${worker.output().slice(-400)}`);
  await stopCluster(config);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await startClusterInBackground(config);

  const view = await waitForDraft(deps, productionId, () => `after the restart; worker output: ${worker.output().slice(-400)}`);
  assert.equal(view.status, 'awaiting_review', view.reason);
  assert.deepEqual(view.shots.map((shot) => shot.status), ['ready', 'ready', 'ready', 'ready']);
});
