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
import { exited, freePort, spawnShiying } from '../support/processes.js';
import { draftWorkerEnv, queueFresh, waitForDraft, waitForShotsReady } from '../support/productions.js';
import { submitPastedPoem } from '../../corpus/pasted-poem.js';

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

  const worker = spawnShiying(['worker'], draftWorkerEnv({ temporalAddress: temporalAddress(config), databaseUrl: testDatabaseUrl(), taskQueue, mediaRoot: path.join(dataDir, 'media') }));
  cleanups.push(async () => {
    worker.kill('SIGKILL');
    await exited(worker);
  });

  const poem = await submitPastedPoem(sql, { text: '白日依山尽，黄河入海流。欲穷千里目，更上一层楼。', title: '登鹳雀楼', author: '王之涣' });
  const productionId = await queueFresh(deps, poem.id, { look: 'gongbi', aspect: '16:9' });
  await waitForShotsReady(deps, productionId, 1, () => `worker output: ${worker.output().slice(-400)}`);
  await stop(server);
  // Work goes on without Temporal for a moment; then the same server comes back on the same file.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  server = spawnTemporal(config, binary);
  await waitForTemporal(config, 60_000);

  const view = await waitForDraft(deps, productionId, () => `after the restart; worker output: ${worker.output().slice(-400)}`);
  assert.equal(view.status, 'awaiting_review', view.reason);
  assert.equal(view.version, 1);
  assert.deepEqual(view.shots.map((shot) => [shot.status, shot.version]), Array.from({ length: 4 }, () => ['ready', 1]));
});
