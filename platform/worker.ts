// The worker process: one Worker on the main task queue registering every workflow and
// activity, plus an activity-only Worker per video provider queue (local and remote) whose slot
// limit is that provider's concurrency limit. Shuts down gracefully on SIGINT/SIGTERM (the SDK finishes
// in-flight tasks).
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import { REMOTE_VIDEO_PROVIDERS } from '../activities/providers/remote/remote-video-provider.js';
import { loadRemoteProviderSettings } from '../activities/providers/remote/provider-settings.js';
import { temporalAddress, type Config } from './config.js';
import { videoProviderQueue } from './task-queues.js';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface WorkerHandle {
  worker: Worker;
  run: Promise<void>;
  shutdown: () => Promise<void>;
}

/** For worker processes: quiet SDK logs. The SDK's default shutdown signals (SIGINT, SIGTERM) stay. */
export function installWorkerRuntime(): void {
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

export async function createWorker(config: Config, deps: ActivityDeps, options: { taskQueue?: string } = {}): Promise<WorkerHandle> {
  const connection = await NativeConnection.connect({ address: temporalAddress(config) });
  const activities = createActivities(deps);
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: options.taskQueue ?? config.taskQueue,
    workflowsPath,
    activities,
    maxCachedWorkflows: config.workflowCacheSize,
  });
  // Remote jobs wait minutes at the provider while holding a slot: the slots are the limit.
  const concurrency = (deps.remoteProviders?.settings ?? loadRemoteProviderSettings()).concurrency;
  const slots: [string, number][] = [['local', config.localRenderConcurrency], ...REMOTE_VIDEO_PROVIDERS.map((p) => [p, concurrency[p]] as [string, number])];
  const providerWorkers = await Promise.all(
    slots.map(([provider, limit]) =>
      Worker.create({
        connection,
        namespace: config.temporal.namespace,
        taskQueue: videoProviderQueue(provider),
        activities,
        maxConcurrentActivityTaskExecutions: limit,
      }),
    ),
  );
  const all = [worker, ...providerWorkers];
  const run = Promise.all(all.map((w) => w.run()))
    .then(() => undefined)
    .finally(() => connection.close());
  return {
    worker,
    run,
    shutdown: async () => {
      for (const w of all) if (w.getState() === 'RUNNING') w.shutdown();
      await run;
    },
  };
}
