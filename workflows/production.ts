// The production workflow: one poem from queue to draft to review to publication.
// Workflow id = production id. Deterministic: it decides; activities do every side effect and
// mirror the state to Postgres. Review arrives as Updates (validated before they are accepted);
// each accepted request becomes a job the main loop runs in order, and the Update completes with
// the job's result, so the CLI can wait for it while the console only waits for acceptance.
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  defineQuery,
  defineUpdate,
  isCancellation,
  proxyActivities,
  setHandler,
  workflowInfo,
  allHandlersFinished,
  uuid4,
} from '@temporalio/workflow';
import type { AssembledDraft, ProductionActivities, ShotResult } from '../activities/production/production-activities.js';
import type { ShotPlan } from '../prompts/shot-plan.js';
import {
  MAX_NOTE_LENGTH,
  type ProductionOptions,
  type ProductionState,
  type ShotEdits,
  type ShotState,
} from './production-state.js';
import { shotActivityOptions } from './production-policies.js';

// ---- messages ---------------------------------------------------------------------------------

export interface ReviewActor {
  actor: string;
}
export interface ApproveShotRequest extends ReviewActor {
  shotIndex: number;
}
export interface RegenerateShotRequest extends ReviewActor {
  shotIndex: number;
  note: string;
  edits?: ShotEdits;
}
export interface DecisionRequest extends ReviewActor {
  note?: string;
}
export interface RejectRequest extends ReviewActor {
  reason: string;
}

export const productionStateQuery = defineQuery<ProductionState>('productionState');
export const approveShotUpdate = defineUpdate<ShotState, [ApproveShotRequest]>('approveShot');
export const regenerateShotUpdate = defineUpdate<ProductionState, [RegenerateShotRequest]>('regenerateShot');
/** Approve the draft: publishes it (or publishes again after an unpublish). */
export const publishUpdate = defineUpdate<ProductionState, [DecisionRequest]>('publish');
export const rejectUpdate = defineUpdate<ProductionState, [RejectRequest]>('reject');
export const unpublishUpdate = defineUpdate<ProductionState, [DecisionRequest]>('unpublish');
/** Generate again every shot that failed (after a provider outage, a raised budget …). */
export const retryUpdate = defineUpdate<ProductionState, [DecisionRequest]>('retry');

export interface ProductionInput {
  productionId: string;
  poemId: string;
  options: ProductionOptions;
  requestedBy: string;
  /** Set when the workflow continues as new: everything it had decided so far. */
  carried?: { state: ProductionState; plan: ShotPlan };
}

// ---- activities -------------------------------------------------------------------------------

const bookkeeping = proxyActivities<ProductionActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});
const interpretation = proxyActivities<ProductionActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5, nonRetryableErrorTypes: ['PoemNotFound', 'InvalidShotPlan'] },
});
const assembly = proxyActivities<ProductionActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 5, nonRetryableErrorTypes: ['InvalidShotPlan'] },
});

// ---- the workflow -----------------------------------------------------------------------------

type Job =
  | { kind: 'regenerate'; request: RegenerateShotRequest }
  | { kind: 'publish'; request: DecisionRequest }
  | { kind: 'unpublish'; request: DecisionRequest }
  | { kind: 'reject'; request: RejectRequest }
  | { kind: 'retry'; request: DecisionRequest };

interface QueuedJob {
  job: Job;
  done: boolean;
  error?: string;
}

const MAX_PARALLEL_SHOTS = 4;
/** Continue as new well before Temporal's limits; the plan and state carry over. */
const HISTORY_EVENTS_BEFORE_CONTINUE = 4000;

export async function productionWorkflow(input: ProductionInput): Promise<ProductionState> {
  const { productionId, options } = input;
  const state: ProductionState = input.carried?.state ?? {
    productionId,
    status: 'queued',
    version: 0,
    shots: [],
    costUsd: 0,
  };
  let plan: ShotPlan | undefined = input.carried?.plan;
  const jobs: QueuedJob[] = [];

  const generation = proxyActivities<ProductionActivities>(shotActivityOptions(options.provider));
  setHandler(productionStateQuery, () => state);

  const shotOf = (index: number) => state.shots.find((shot) => shot.index === index);
  const requireShot = (index: number) => {
    if (!Number.isInteger(index) || !shotOf(index)) {
      throw new Error(`unknown shot ${index}: this production has shots ${state.shots.map((s) => s.index).join(', ') || '(none yet)'}`);
    }
  };
  const requireNote = (note: string | undefined, required: boolean) => {
    const trimmed = (note ?? '').trim();
    if (required && trimmed === '') throw new Error('a note is required: say what should change');
    if (trimmed.length > MAX_NOTE_LENGTH) throw new Error(`the note is ${trimmed.length} characters; at most ${MAX_NOTE_LENGTH}`);
  };
  const requireActor = (actor: string | undefined) => {
    if (!actor || actor.trim() === '') throw new Error('who is deciding? (actor is required)');
  };
  const requireStatus = (allowed: ProductionState['status'][], action: string) => {
    if (!allowed.includes(state.status)) throw new Error(`cannot ${action} a production that is ${state.status.replace('_', ' ')}`);
  };

  /** Queues a job and resolves when the main loop has run it. */
  async function enqueue(job: Job): Promise<ProductionState> {
    const queued: QueuedJob = { job, done: false };
    jobs.push(queued);
    await condition(() => queued.done);
    if (queued.error) throw ApplicationFailure.nonRetryable(queued.error, 'ReviewActionFailed');
    return state;
  }

  setHandler(
    approveShotUpdate,
    async ({ shotIndex, actor }) => {
      const shot = shotOf(shotIndex)!;
      shot.status = 'approved';
      await bookkeeping.recordDecision({ key: uuid4(), productionId, actor, action: 'approve_shot', shotIndex, version: state.version });
      await bookkeeping.mirrorProduction(state);
      return shot;
    },
    {
      validator: ({ shotIndex, actor }) => {
        requireActor(actor);
        requireStatus(['awaiting_review'], 'approve a shot of');
        requireShot(shotIndex);
        if (shotOf(shotIndex)!.status !== 'ready') throw new Error(`shot ${shotIndex} is ${shotOf(shotIndex)!.status}, not ready`);
      },
    },
  );
  setHandler(regenerateShotUpdate, (request) => enqueue({ kind: 'regenerate', request }), {
    validator: ({ shotIndex, note, actor }) => {
      requireActor(actor);
      requireStatus(['awaiting_review', 'failed'], 'regenerate a shot of');
      requireShot(shotIndex);
      requireNote(note, true);
    },
  });
  setHandler(publishUpdate, (request) => enqueue({ kind: 'publish', request }), {
    validator: ({ actor, note }) => {
      requireActor(actor);
      requireNote(note, false);
      requireStatus(['awaiting_review'], 'publish');
      const unfinished = state.shots.filter((shot) => shot.status === 'failed' || shot.status === 'generating');
      if (unfinished.length > 0) throw new Error(`shots ${unfinished.map((s) => s.index).join(', ')} are not ready`);
    },
  });
  setHandler(rejectUpdate, (request) => enqueue({ kind: 'reject', request }), {
    validator: ({ actor, reason }) => {
      requireActor(actor);
      requireNote(reason, true);
      requireStatus(['awaiting_review', 'failed'], 'reject');
    },
  });
  setHandler(unpublishUpdate, (request) => enqueue({ kind: 'unpublish', request }), {
    validator: ({ actor, note }) => {
      requireActor(actor);
      requireNote(note, false);
      requireStatus(['published'], 'unpublish');
    },
  });
  setHandler(retryUpdate, (request) => enqueue({ kind: 'retry', request }), {
    validator: ({ actor }) => {
      requireActor(actor);
      requireStatus(['failed'], 'retry');
    },
  });

  async function setStatus(status: ProductionState['status'], reason?: string) {
    state.status = status;
    state.reason = reason;
    await bookkeeping.mirrorProduction(state);
  }

  /** Generates the given shots, at most MAX_PARALLEL_SHOTS at once; failures stay per shot. */
  async function generateShots(indexes: number[]) {
    // Narration first: it sets every shot's length (cached, so cheap after the first time).
    try {
      await assembly.narrateProduction({ plan: plan! });
    } catch (error) {
      if (isCancellation(error)) throw error;
      for (const index of indexes) Object.assign(shotOf(index)!, { status: 'failed', reason: `narration: ${describeFailure(error)}` });
      await bookkeeping.mirrorProduction(state);
      return;
    }
    const pending = [...indexes];
    const worker = async () => {
      for (let index = pending.shift(); index !== undefined; index = pending.shift()) {
        const shot = shotOf(index)!;
        shot.status = 'generating';
        shot.reason = undefined;
        await bookkeeping.mirrorShot(productionId, shot);
        try {
          const result: ShotResult = await generation.generateShot({
            productionId,
            shotIndex: index,
            take: shot.version + 1,
            plan: plan!,
            provider: options.provider,
            // The whole budget: the provider engine sums what the production spent under a lock.
            budgetUsd: options.budgetUsd,
          });
          Object.assign(shot, { status: 'ready', version: shot.version + 1, clip: result.clip, cached: result.cached, notDrawn: result.notDrawn });
          shot.costUsd += result.costUsd;
          state.costUsd += result.costUsd;
        } catch (error) {
          if (isCancellation(error)) throw error;
          shot.status = 'failed';
          shot.reason = describeFailure(error);
        }
        await bookkeeping.mirrorShot(productionId, shot);
      }
    };
    await Promise.all(Array.from({ length: Math.min(MAX_PARALLEL_SHOTS, indexes.length) }, worker));
  }

  /** Assembles a new draft version from the current clips (cache hits for unchanged parts). */
  async function assembleDraft() {
    const failed = state.shots.filter((shot) => shot.status === 'failed');
    if (failed.length > 0) {
      await setStatus('failed', failed.map((shot) => `shot ${shot.index}: ${shot.reason}`).join('; '));
      return;
    }
    const version = state.version + 1;
    let draft: AssembledDraft;
    try {
      draft = await assembly.assembleDraft({
        productionId,
        version,
        plan: plan!,
        provider: options.provider,
        clips: state.shots.map((shot) => ({ index: shot.index, clip: shot.clip!, cached: shot.cached ?? false, notDrawn: shot.notDrawn })),
      });
    } catch (error) {
      if (isCancellation(error)) throw error;
      await setStatus('failed', `assembly: ${describeFailure(error)}`);
      return;
    }
    state.version = version;
    state.draft = draft;
    await bookkeeping.recordDraftVersion({ productionId, plan: plan!, draft });
    await setStatus('awaiting_review');
  }

  async function runJob(job: Job) {
    switch (job.kind) {
      case 'regenerate': {
        const { shotIndex, note, edits, actor } = job.request;
        plan = await interpretation.reviseShot({ plan: plan!, shotIndex, note, edits });
        await bookkeeping.recordDecision({ key: uuid4(), productionId, actor, action: 'regenerate_shot', shotIndex, note, edits, version: state.version });
        await setStatus('generating');
        await generateShots([shotIndex]);
        await assembleDraft();
        return;
      }
      case 'retry': {
        await bookkeeping.recordDecision({ key: uuid4(), productionId, actor: job.request.actor, action: 'retry', note: job.request.note, version: state.version });
        await setStatus('generating');
        if (!plan) {
          await planAndGenerate();
          return;
        }
        await generateShots(state.shots.filter((shot) => shot.status === 'failed' || shot.status === 'planned').map((shot) => shot.index));
        await assembleDraft();
        return;
      }
      case 'publish': {
        await bookkeeping.recordDecision({ key: uuid4(), productionId, actor: job.request.actor, action: 'approve_draft', note: job.request.note, version: state.version });
        for (const shot of state.shots) shot.status = 'approved';
        const publication = await bookkeeping.publishProduction({ productionId, version: state.version, provider: options.provider });
        state.publicationSlug = publication.slug;
        await bookkeeping.recordDecision({ key: uuid4(), productionId, actor: job.request.actor, action: 'publish', version: state.version });
        await setStatus('published');
        return;
      }
      case 'unpublish': {
        await bookkeeping.unpublishProduction({ productionId });
        await bookkeeping.recordDecision({ key: uuid4(), productionId, actor: job.request.actor, action: 'unpublish', note: job.request.note, version: state.version });
        await setStatus('awaiting_review');
        return;
      }
      case 'reject': {
        await bookkeeping.recordDecision({ key: uuid4(), productionId, actor: job.request.actor, action: 'reject', note: job.request.reason, version: state.version });
        await setStatus('rejected', job.request.reason);
        return;
      }
    }
  }

  async function planAndGenerate() {
    await setStatus('generating');
    try {
      plan = await interpretation.planProduction({ productionId, poemId: input.poemId, options });
    } catch (error) {
      if (isCancellation(error)) throw error;
      await setStatus('failed', `interpretation: ${describeFailure(error)}`);
      return;
    }
    state.shots = plan.shots.map((shot) => ({ index: shot.index, status: 'planned', version: 0, lineText: shot.text, costUsd: 0, notDrawn: [] }));
    await bookkeeping.mirrorProduction(state);
    await generateShots(state.shots.map((shot) => shot.index));
    await assembleDraft();
  }

  try {
    if (!input.carried) {
      await bookkeeping.mirrorProduction(state);
      await planAndGenerate();
    }
    // Review loop: run accepted jobs one at a time until rejected (the only terminal decision).
    while (state.status !== 'rejected') {
      await condition(() => jobs.some((job) => !job.done) || workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > HISTORY_EVENTS_BEFORE_CONTINUE);
      const next = jobs.find((job) => !job.done);
      if (!next) {
        await condition(allHandlersFinished);
        await continueAsNew<typeof productionWorkflow>({ ...input, carried: { state, plan: plan! } });
      }
      try {
        await runJob(next!.job);
      } catch (error) {
        if (isCancellation(error)) throw error;
        next!.error = describeFailure(error);
      } finally {
        next!.done = true;
      }
    }
    await condition(allHandlersFinished);
    return state;
  } catch (error) {
    if (isCancellation(error)) {
      // Record the cancellation even though this scope is cancelled.
      await CancellationScope.nonCancellable(async () => {
        for (const shot of state.shots) if (shot.status === 'generating') shot.status = 'planned';
        // A cancelled production leaves the gallery too.
        if (state.status === 'published') await bookkeeping.unpublishProduction({ productionId });
        state.status = 'cancelled';
        state.reason = 'cancelled by a curator';
        await bookkeeping.mirrorProduction(state);
      });
    }
    throw error;
  }
}

/** The human-readable reason of an activity failure (the provider's words, not a stack). */
function describeFailure(error: unknown): string {
  let current: unknown = error;
  // ActivityFailure wraps the ApplicationFailure that carries the activity's own message.
  while (current instanceof Error && current.cause) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
