// `npm test`: set up, start what the tests need (the local Postgres cluster with a fresh test
// database; tests start their own Temporal dev servers from the pinned binary), run every test
// file with node's test runner, and stop what it started.
import { spawn } from 'node:child_process';
import type { Command } from '../command.js';
import { loadConfig, projectRoot } from '../../platform/config.js';
import { setup } from '../../platform/setup.js';
import { ensureCluster, ensureDatabase, isClusterRunning, startClusterInBackground, stopCluster } from '../../platform/postgres-cluster.js';
import { connectDatabase } from '../../platform/db.js';
import { findTestFiles } from '../../platform/test-files.js';
import path from 'node:path';

// Not `shiying_test`, which developers use when running one test file by hand.
const TEST_DATABASE = 'shiying_suite';

async function freshTestDatabase(adminUrl: string): Promise<void> {
  const sql = connectDatabase(adminUrl, { max: 1 });
  try {
    await sql.unsafe(`drop database if exists ${TEST_DATABASE} with (force)`);
    await sql.unsafe(`create database ${TEST_DATABASE}`);
  } finally {
    await sql.end({ timeout: 2 });
  }
}

export const command: Command = {
  name: 'test',
  summary: 'run every test suite on real services (`npm test -- <path filter>` runs a subset)',
  async run(args) {
    const started = Date.now();
    const config = loadConfig();
    const { temporal } = await setup(config);
    const files = findTestFiles(args.filter((arg) => !arg.startsWith('-')));
    if (files.length === 0) {
      console.error('no test files match');
      return 1;
    }

    let databaseUrl = process.env.TEST_DATABASE_URL;
    let startedCluster = false;
    if (!databaseUrl) {
      // A fresh database in the project-local cluster (DATABASE_URL is for the product, not tests).
      await ensureCluster(config);
      if (!(await isClusterRunning(config))) {
        await startClusterInBackground(config);
        startedCluster = true;
      }
      await ensureDatabase(config, 'postgres');
      await freshTestDatabase(`postgres://shiying@127.0.0.1:${config.postgres.port}/postgres`);
      databaseUrl = `postgres://shiying@127.0.0.1:${config.postgres.port}/${TEST_DATABASE}`;
    }

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      SHIYING_MEDIA_ROOT: path.join(config.dataDir, 'test-media'),
      ...(temporal ? { SHIYING_TEMPORAL_BINARY: temporal.path } : {}),
    };
    const concurrency = process.env.SHIYING_TEST_CONCURRENCY ?? '2';
    console.log(`[test] ${files.length} test files, concurrency ${concurrency}`);
    const code = await new Promise<number>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
        { cwd: projectRoot, env, stdio: 'inherit' },
      );
      const forward = (signal: NodeJS.Signals) => child.kill(signal);
      process.on('SIGINT', forward);
      process.on('SIGTERM', forward);
      child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
    });
    if (startedCluster) await stopCluster(config);
    console.log(`[test] finished in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    return code;
  },
};
