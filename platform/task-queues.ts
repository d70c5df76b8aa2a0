// Task-queue names shared by the worker, the workflow code and the console's client.
// Workflows may import this file: it is plain data, no Node built-ins.
export const TASK_QUEUES = {
  /** Workflows and every activity that has no provider-specific limit. */
  production: 'shiying-production',
} as const;
