// The worker process: one Worker on the main task queue registering every workflow and
// activity. Shuts down gracefully on SIGINT/SIGTERM (the SDK finishes in-flight tasks).
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import { temporalAddress, type Config } from './config.js';

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
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: options.taskQueue ?? config.taskQueue,
    workflowsPath,
    activities: createActivities(deps),
  });
  const run = worker.run().finally(() => connection.close());
  return { worker, run, shutdown: async () => { worker.shutdown(); await run; } };
}
