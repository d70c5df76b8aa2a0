import os from 'node:os';
import type { Command } from '../command.js';
import { loadConfig, databaseUrl } from '../../platform/config.js';
import { connectDatabase, probeDatabase, redactUrl } from '../../platform/db.js';
import { migrate } from '../../platform/migrate.js';
import { createWorker, installWorkerRuntime } from '../../platform/worker.js';
import { checkToolchain } from '../../platform/toolchain.js';
import { MediaStore } from '../../activities/media/media-store.js';
import { UserFacingError } from '../command.js';

export const command: Command = {
  name: 'worker',
  summary: 'run a worker in the foreground (all workflows and activities; Ctrl-C stops it gracefully)',
  async run() {
    const config = loadConfig();
    checkToolchain(config);
    const sql = connectDatabase(config);
    const probe = await probeDatabase(sql);
    if (!probe.ok) {
      await sql.end({ timeout: 1 });
      throw new UserFacingError(`cannot reach Postgres at ${redactUrl(databaseUrl(config))}: ${probe.reason}`);
    }
    await migrate(sql);
    // Temporary folders of a worker of this host that was killed mid-production (nobody else removes them).
    const swept = await new MediaStore(config.mediaRoot).sweepOrphans();
    if (swept.length > 0) console.log(`removed ${swept.length} temporary folders left in ${config.mediaRoot}/.tmp by stopped processes`);
    installWorkerRuntime();
    let handle;
    try {
      handle = await createWorker(config, { sql });
    } catch (error) {
      await sql.end({ timeout: 1 });
      throw new UserFacingError(`cannot start the worker: ${(error as Error).message}`);
    }
    console.log(`worker ${os.hostname()}:${process.pid} polling task queue "${config.taskQueue}"`);
    try {
      await handle.run;
    } finally {
      await sql.end({ timeout: 5 });
    }
    console.log('worker stopped');
    return 0;
  },
};
