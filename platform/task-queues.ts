// Task-queue names shared by the worker, the workflow code and the console's client.
// Workflows import this file: it is plain data, no Node built-ins.
export const TASK_QUEUES = {
  /** Workflows and every activity that has no provider-specific limit. */
  production: 'shiying-production',
} as const;

/**
 * Shot generation runs on one task queue per video provider, so each provider's concurrency
 * limit is a worker slot limit on its queue (see platform/worker.ts).
 */
export function videoProviderQueue(provider: string): string {
  return `shiying-video-${provider}`;
}
