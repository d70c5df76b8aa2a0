// Shots generated on a remote provider, each on that provider's task queue (whose worker slots
// are its concurrency limit), in parallel; a shot that fails (moderation, budget …) fails alone
// with its reason and the others continue. Used by the remote-provider tests and by tools that
// generate shots outside a production; productions go through workflows/production.ts.
import { proxyActivities } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { RemoteProviderActivities } from '../activities/providers/remote/remote-provider-activities.js';
import type { RemoteClip, RemoteShotRequest } from '../activities/providers/remote/remote-video-generator.js';
import { shotActivityOptions } from './production-policies.js';

export interface RemoteShotsInput {
  provider: RemoteShotRequest['provider'];
  shots: RemoteShotRequest['shot'][];
  style: RemoteShotRequest['style'];
  take: number;
  productionId: string | null;
  budgetUsd?: number | null;
  /** Override of the activity heartbeat timeout (tests kill workers and do not want to wait minutes). */
  heartbeatTimeout?: Duration;
}

export type RemoteShotOutcome =
  | { index: number; ok: true; clip: RemoteClip }
  | { index: number; ok: false; reason: string; type: string };

export async function remoteShotsWorkflow(input: RemoteShotsInput): Promise<RemoteShotOutcome[]> {
  const options = shotActivityOptions(input.provider);
  const { generateRemoteShot } = proxyActivities<RemoteProviderActivities>({
    ...options,
    heartbeatTimeout: input.heartbeatTimeout ?? options.heartbeatTimeout,
  });
  return Promise.all(
    input.shots.map(async (shot): Promise<RemoteShotOutcome> => {
      try {
        const clip = await generateRemoteShot({ provider: input.provider, shot, style: input.style, take: input.take, productionId: input.productionId, budgetUsd: input.budgetUsd });
        return { index: shot.index, ok: true, clip };
      } catch (error) {
        // ActivityFailure → ApplicationFailure: the provider's reason, written for the reviewer.
        let cause: unknown = error;
        while (cause instanceof Error && cause.cause) cause = cause.cause;
        const failure = cause as { message?: string; type?: string };
        return { index: shot.index, ok: false, reason: failure.message ?? String(cause), type: failure.type ?? 'Error' };
      }
    }),
  );
}
