// Real workers for production tests: the main queue (workflows and bookkeeping) and the local
// video provider's queue, with the real activities on the test database and a test media root.
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities/index.js';
import { createProductionStudio } from '../../activities/production/production-studio.js';
import { workflowsPath } from '../../platform/worker.js';
import { videoProviderQueue } from '../../platform/task-queues.js';
import type { Sql } from '../../platform/db.js';

export interface ProductionWorkers {
  run: Promise<void>;
  shutdown: () => Promise<void>;
}

export async function startProductionWorkers(
  env: TestWorkflowEnvironment,
  sql: Sql,
  options: { taskQueue: string; mediaRoot: string; format?: { width: number; height: number }; localSlots?: number },
): Promise<ProductionWorkers> {
  const film = { mediaRoot: options.mediaRoot, ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe' };
  const studio = createProductionStudio({ sql, ...film, format: options.format, renderWorkers: 2 });
  const activities = createActivities({ sql, film, productionStudio: studio });
  const main = await Worker.create({ connection: env.nativeConnection, taskQueue: options.taskQueue, workflowsPath, activities });
  const video = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: videoProviderQueue('local'),
    activities,
    maxConcurrentActivityTaskExecutions: options.localSlots ?? 2,
  });
  const run = Promise.all([main.run(), video.run()]).then(() => undefined);
  return {
    run,
    shutdown: async () => {
      for (const worker of [main, video]) if (worker.getState() === 'RUNNING') worker.shutdown();
      await run;
      await studio.close();
    },
  };
}
