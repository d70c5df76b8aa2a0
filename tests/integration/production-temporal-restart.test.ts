// Durability across a Temporal restart: the dev server (SQLite file) is stopped while a
// production is generating and started again on the same file; the worker reconnects and the
// production completes with every shot made once.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, temporalAddress } from '../../platform/config.js';
import { spawnTemporal, waitForTemporal } from '../../platform/temporal-server.js';
import type { Sql } from '../../platform/db.js';
import { openTestDatabase, testDatabaseUrl } from '../support/database.js';
import { temporalBinaryPath } from '../support/temporal.js';
import { exited, freePort, spawnShiying, waitUntil } from '../support/processes.js';
import { submitPastedPoem } from '../../corpus/pasted-poem.js';
import { productionStatus, queueProduction } from '../../productions/productions.js';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

async function stop(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await exited(child);
}

test('a production survives its Temporal server stopping and starting again', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'shiying-temporal-restart-'));
  const config = loadConfig({ SHIYING_DATA_DIR: dataDir, SHIYING_TEMPORAL_PORT: String(await freePort()), SHIYING_TEMPORAL_UI_PORT: String(await freePort()) });
  const binary = temporalBinaryPath();
  let server = spawnTemporal(config, binary);
  cleanups.push(async () => {
    await stop(server);
    await rm(dataDir, { recursive: true, force: true });
  });
  await waitForTemporal(config, 60_000);

  const sql: Sql = await openTestDatabase();
  cleanups.push(() => sql.end({ timeout: 5 }));
  const connection = await Connection.connect({ address: temporalAddress(config) });
  cleanups.push(() => connection.close());
  const taskQueue = `test-restart-${randomUUID()}`;
  const deps = { sql, client: new Client({ connection }), taskQueue };

  const worker = spawnShiying(['worker'], {
    TEMPORAL_ADDRESS: temporalAddress(config),
    DATABASE_URL: testDatabaseUrl(),
    SHIYING_TASK_QUEUE: taskQueue,
    SHIYING_MEDIA_ROOT: path.join(dataDir, 'media'),
    SHIYING_DRAFT_RESOLUTION: '144x256',
    SHIYING_LOCAL_CONCURRENCY: '1',
  });
  cleanups.push(async () => {
    worker.kill('SIGKILL');
    await exited(worker);
  });

  const poem = await submitPastedPoem(sql, { text: '白日依山尽，黄河入海流。欲穷千里目，更上一层楼。', title: '登鹳雀楼', author: '王之涣' });
  const options = { look: 'gongbi', aspect: '16:9' };
  await sql`update productions set status = 'cancelled' where poem_id = ${poem.id} and options->>'look' = 'gongbi' and options->>'aspect' = '16:9' and status in ('queued', 'generating', 'awaiting_review')`;
  const queued = await queueProduction(deps, { poemId: poem.id, options, requestedBy: 'curator@test' });

  await waitUntil(
    async () => (await productionStatus(deps, queued.productionId)).shots.filter((shot) => shot.status === 'ready').length >= 1,
    180_000,
    `a first shot (worker output: ${worker.output().slice(-400)})`,
    100,
  );
  await stop(server);
  // Work goes on without Temporal for a moment; then the same server comes back on the same file.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  server = spawnTemporal(config, binary);
  await waitForTemporal(config, 60_000);

  await waitUntil(
    async () => ['awaiting_review', 'failed'].includes((await productionStatus(deps, queued.productionId)).status),
    240_000,
    `the production to finish after the restart (worker output: ${worker.output().slice(-400)})`,
  );
  const view = await productionStatus(deps, queued.productionId);
  assert.equal(view.status, 'awaiting_review', view.reason);
  assert.equal(view.version, 1);
  assert.deepEqual(view.shots.map((shot) => [shot.status, shot.version]), Array.from({ length: 4 }, () => ['ready', 1]));
});
