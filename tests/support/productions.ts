// Shared steps of the production tests that run real `shiying worker` processes.
import { productionStatus, queueProduction, type ProductionsDeps, type ProductionStatusView } from '../../productions/productions.js';
import { dedupeKey, parseProductionOptions } from '../../productions/production-request.js';
import { waitUntil } from './processes.js';

/** The environment of a worker process rendering small drafts, one shot at a time unless told. */
export function draftWorkerEnv(settings: { temporalAddress: string; databaseUrl: string; taskQueue: string; mediaRoot: string }, extra: Record<string, string> = {}) {
  return {
    TEMPORAL_ADDRESS: settings.temporalAddress,
    DATABASE_URL: settings.databaseUrl,
    SHIYING_TASK_QUEUE: settings.taskQueue,
    SHIYING_MEDIA_ROOT: settings.mediaRoot,
    SHIYING_DRAFT_RESOLUTION: '144x256',
    // One shot at a time, so moments such as "the third shot is being painted" can be caught.
    SHIYING_LOCAL_CONCURRENCY: '1',
    ...extra,
  };
}

/**
 * Queues the poem, first closing any production with the same dedupe key that an interrupted
 * earlier run left in progress in the shared test database (it would be returned instead).
 */
export async function queueFresh(deps: ProductionsDeps, poemId: string, options: Record<string, unknown> = {}): Promise<string> {
  const key = dedupeKey(poemId, parseProductionOptions(options));
  await deps.sql`update productions set status = 'cancelled' where dedupe_key = ${key} and status in ('queued', 'generating', 'awaiting_review')`;
  return (await queueProduction(deps, { poemId, options, requestedBy: 'curator@test' })).productionId;
}

export async function waitForShotsReady(deps: ProductionsDeps, productionId: string, count: number, what: () => string): Promise<void> {
  await waitUntil(
    async () => (await productionStatus(deps, productionId)).shots.filter((shot) => shot.status === 'ready').length >= count,
    180_000,
    `${count} shots ready (${what()})`,
    100,
  );
}

/** Waits until the production has a draft or has failed, and returns it. */
export async function waitForDraft(deps: ProductionsDeps, productionId: string, what: () => string, timeoutMs = 300_000): Promise<ProductionStatusView> {
  await waitUntil(async () => ['awaiting_review', 'failed'].includes((await productionStatus(deps, productionId)).status), timeoutMs, `a draft (${what()})`);
  return productionStatus(deps, productionId);
}
