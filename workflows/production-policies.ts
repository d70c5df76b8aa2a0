// Activity policies per kind of work: timeouts that fit each provider, heartbeats for long
// renders and polls, and the provider errors that retrying cannot fix.
import type { ActivityOptions } from '@temporalio/workflow';
import { videoProviderQueue } from '../platform/task-queues.js';
import type { VideoProviderName } from './production-state.js';

/** Error types (ApplicationFailure.type) thrown by providers when a retry would not help. */
export const nonRetryableProviderErrors = [
  'ContentRejected', // moderation / content safety
  'InvalidRequest', // parameters the provider refuses
  'AuthenticationFailed',
  'InsufficientBalance',
  'BudgetExceeded',
  'ProviderNotConfigured',
  'InvalidShotPlan',
];

export function shotActivityOptions(provider: VideoProviderName): ActivityOptions {
  const remote = provider !== 'local';
  return {
    taskQueue: videoProviderQueue(provider),
    // Remote jobs queue at the provider for minutes; the local renderer takes seconds per shot.
    startToCloseTimeout: remote ? '45 minutes' : '15 minutes',
    // Local renders heartbeat per frame batch, remote polls per poll: a dead worker is noticed fast.
    heartbeatTimeout: remote ? '2 minutes' : '20 seconds',
    retry: {
      initialInterval: remote ? '5 seconds' : '1 second',
      backoffCoefficient: 2,
      maximumInterval: remote ? '2 minutes' : '30 seconds',
      maximumAttempts: remote ? 8 : 4,
      nonRetryableErrorTypes: nonRetryableProviderErrors,
    },
  };
}
