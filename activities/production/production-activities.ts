// Activities of the production workflow: interpretation, shot generation and assembly (through
// the film studio of activities/film), and the bookkeeping that mirrors state to Postgres.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Sql } from '../../platform/db.js';
import { interpretPoem } from '../../prompts/interpret.js';
import { refinePlanWithLlm, type LlmConfig } from '../../prompts/llm-interpreter.js';
import { ShotPlan } from '../../prompts/shot-plan.js';
import type { DraftVersion, ProductionOptions, ProductionState, ShotEdits, ShotState, VideoProviderName } from '../../workflows/production-state.js';
import * as store from './production-store.js';
import { loadPoemForProduction } from './production-poem.js';
import { publish, unpublish } from './publication.js';
import { reviseShotPlan } from './shot-revision.js';

export interface GenerateShotInput {
  productionId: string;
  shotIndex: number;
  /** 1 for the first generation, 2 for the first regeneration … */
  take: number;
  /** The whole plan: the shot's length comes from the narration of every line. */
  plan: ShotPlan;
  provider: VideoProviderName;
  /** The production's whole budget (spend is summed in Postgres); null = the configured default. */
  budgetUsd: number | null;
}

export interface ShotResult {
  /** Media-store path of the clip, relative to the media root. */
  clip: string;
  cached: boolean;
  costUsd: number;
  notDrawn: string[];
  durationSec: number;
}

export interface AssembleDraftInput {
  productionId: string;
  version: number;
  plan: ShotPlan;
  /** The provider the clips were made by (their media-store keys include it). */
  provider: VideoProviderName;
  clips: { index: number; clip: string; cached: boolean; notDrawn: string[] }[];
}

export type AssembledDraft = DraftVersion & { shots: store.DraftShot[] };

/** Progress hooks an activity hands to long media work: heartbeats and cancellation. */
export interface WorkHooks {
  heartbeat: (details?: unknown) => void;
  signal: AbortSignal;
}

/** Generation and assembly of media; implemented by activities/film for every provider. */
export interface FilmStudio {
  /** Narrates every line (cached) and returns each shot's final length. */
  narrate(plan: ShotPlan, hooks: WorkHooks): Promise<{ durationsSec: number[] }>;
  generateShot(input: GenerateShotInput, hooks: WorkHooks): Promise<ShotResult>;
  assembleDraft(input: AssembleDraftInput, hooks: WorkHooks): Promise<AssembledDraft>;
}

export interface ProductionActivityDeps {
  sql: Sql;
  studio: FilmStudio;
  /** When set, the optional LLM interpreter refines each plan (falling back to the deterministic one). */
  llm?: LlmConfig;
}

function hooks(): WorkHooks {
  const context = Context.current();
  return { heartbeat: (details) => context.heartbeat(details), signal: context.cancellationSignal };
}

export function createProductionActivities(deps: ProductionActivityDeps) {
  const { sql, studio } = deps;
  return {
    async planProduction(input: { productionId: string; poemId: string; options: ProductionOptions }): Promise<ShotPlan> {
      const poem = await loadPoemForProduction(sql, input.poemId);
      if (!poem) throw ApplicationFailure.nonRetryable(`poem ${input.poemId} is not in the corpus`, 'PoemNotFound');
      const deterministic = interpretPoem(poem, { aspect: input.options.aspect, look: input.options.look });
      // The refinement records in the plan why it fell back, if it did; it never fails the plan.
      const plan = deps.llm ? await refinePlanWithLlm(deterministic, deps.llm) : deterministic;
      await store.savePlan(sql, input.productionId, plan);
      return plan;
    },

    /** Applies a reviewer's note and edits to one shot of the plan (validated). */
    async reviseShot(input: { plan: ShotPlan; shotIndex: number; note: string; edits?: ShotEdits }): Promise<ShotPlan> {
      const revised = ShotPlan.safeParse(reviseShotPlan(input.plan, input.shotIndex, input.note, input.edits));
      if (!revised.success) {
        throw ApplicationFailure.nonRetryable(`the edits make an invalid plan: ${revised.error.issues[0]?.message}`, 'InvalidShotPlan');
      }
      return revised.data;
    },

    async narrateProduction(input: { plan: ShotPlan }): Promise<{ durationsSec: number[] }> {
      return studio.narrate(input.plan, hooks());
    },

    async generateShot(input: GenerateShotInput): Promise<ShotResult> {
      return studio.generateShot(input, hooks());
    },

    async assembleDraft(input: AssembleDraftInput): Promise<AssembledDraft> {
      return studio.assembleDraft(input, hooks());
    },

    async mirrorProduction(state: ProductionState): Promise<void> {
      await store.mirrorProduction(sql, state);
    },

    async mirrorShot(productionId: string, shot: ShotState): Promise<void> {
      await store.mirrorShot(sql, productionId, shot);
    },

    async recordDraftVersion(input: { productionId: string; plan: ShotPlan; draft: AssembledDraft }): Promise<void> {
      await store.recordDraftVersion(sql, input.productionId, input.plan, input.draft);
    },

    async recordDecision(decision: store.Decision): Promise<void> {
      await store.recordDecision(sql, decision);
    },

    async publishProduction(input: { productionId: string; version: number; provider: VideoProviderName }): Promise<{ slug: string }> {
      return publish(sql, input);
    },

    async unpublishProduction(input: { productionId: string }): Promise<void> {
      await unpublish(sql, input.productionId);
    },
  };
}

export type ProductionActivities = ReturnType<typeof createProductionActivities>;
