// Postgres side of productions: the mirror of each workflow's state, draft versions, the audit
// log and publications. Only activities and the productions client write here.
import type { Sql } from '../../platform/db.js';
import type { ShotPlan } from '../../prompts/shot-plan.js';
import type { DraftVersion, ProductionOptions, ProductionState, ShotEdits, ShotState } from '../../workflows/production-state.js';

export interface NewProduction {
  id: string;
  poemId: string;
  poemTitle: string;
  poemAuthor: string;
  options: ProductionOptions;
  dedupeKey: string;
  requestedBy: string;
}

/** Inserts a queued production; returns the id of one already in progress for the same key instead. */
export async function insertProduction(sql: Sql, production: NewProduction): Promise<{ id: string; existing: boolean }> {
  return sql.begin(async (tx) => {
    const [existing] = await tx<{ id: string }[]>`
      select id from productions
      where dedupe_key = ${production.dedupeKey} and status in ('queued', 'generating', 'awaiting_review')
      for update`;
    if (existing) return { id: existing.id, existing: true };
    await tx`
      insert into productions (id, poem_id, poem_title, poem_author, options, dedupe_key, status, requested_by)
      values (${production.id}, ${production.poemId}, ${production.poemTitle}, ${production.poemAuthor},
              ${tx.json(production.options as never)}, ${production.dedupeKey}, 'queued', ${production.requestedBy})`;
    await tx`
      insert into review_decisions (production_id, actor, action, version)
      values (${production.id}, ${production.requestedBy}, 'queue', 0)`;
    return { id: production.id, existing: false };
  });
}

export async function mirrorProduction(sql: Sql, state: ProductionState): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`
      update productions set status = ${state.status}, version = ${state.version}, reason = ${state.reason ?? null},
        cost_usd = ${state.costUsd}, updated_at = now()
      where id = ${state.productionId}`;
    for (const shot of state.shots) await upsertShot(tx as unknown as Sql, state.productionId, shot);
  });
}

export async function mirrorShot(sql: Sql, productionId: string, shot: ShotState): Promise<void> {
  await upsertShot(sql, productionId, shot);
}

async function upsertShot(sql: Sql, productionId: string, shot: ShotState): Promise<void> {
  await sql`
    insert into production_shots (production_id, shot_index, status, version, line_text, clip, cost_usd, cached, not_drawn, reason, updated_at)
    values (${productionId}, ${shot.index}, ${shot.status}, ${shot.version}, ${shot.lineText}, ${shot.clip ?? null},
            ${shot.costUsd}, ${shot.cached ?? null}, ${shot.notDrawn}, ${shot.reason ?? null}, now())
    on conflict (production_id, shot_index) do update set
      status = excluded.status, version = excluded.version, line_text = excluded.line_text, clip = excluded.clip,
      cost_usd = excluded.cost_usd, cached = excluded.cached, not_drawn = excluded.not_drawn, reason = excluded.reason,
      updated_at = now()`;
}

export async function savePlan(sql: Sql, productionId: string, plan: ShotPlan): Promise<void> {
  await sql`update productions set plan = ${sql.json(plan as never)}, updated_at = now() where id = ${productionId}`;
}

export interface DraftShot {
  index: number;
  clip: string;
  durationSec: number;
  cached: boolean;
  notDrawn: string[];
}

export async function recordDraftVersion(sql: Sql, productionId: string, plan: ShotPlan, draft: DraftVersion & { shots: DraftShot[] }): Promise<void> {
  // Idempotent: a retried activity records the same version once.
  await sql`
    insert into production_versions (production_id, version, plan, film, poster, storyboard, vtt, duration_sec, shots)
    values (${productionId}, ${draft.version}, ${sql.json(plan as never)}, ${draft.film}, ${draft.poster}, ${draft.storyboard},
            ${draft.vtt}, ${draft.durationSec}, ${sql.json(draft.shots as never)})
    on conflict (production_id, version) do nothing`;
  await sql`update productions set plan = ${sql.json(plan as never)}, updated_at = now() where id = ${productionId}`;
}

export interface Decision {
  /** Unique per decision (the workflow makes it deterministically). */
  key: string;
  productionId: string;
  actor: string;
  action: 'approve_shot' | 'regenerate_shot' | 'approve_draft' | 'reject' | 'publish' | 'unpublish' | 'cancel' | 'retry';
  shotIndex?: number;
  note?: string;
  edits?: ShotEdits;
  version: number;
}

export async function recordDecision(sql: Sql, decision: Decision): Promise<void> {
  await sql`
    insert into review_decisions (decision_key, production_id, actor, action, shot_index, note, edits, version)
    values (${decision.key}, ${decision.productionId}, ${decision.actor}, ${decision.action}, ${decision.shotIndex ?? null},
            ${decision.note ?? null}, ${decision.edits ? sql.json(decision.edits as never) : null}, ${decision.version})
    on conflict (decision_key) do nothing`;
}
