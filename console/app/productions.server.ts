// The console's side of productions: reading forms into queue and review requests (with field
// errors), and the extra reads the pages need beyond productions/productions.ts (shots, plans,
// versions, the audit log).
import type { Sql } from '../../platform/db.js';
import { queueProduction, type ProductionsDeps, type QueueResult } from '../../productions/productions.js';
import type { ShotPlan } from '../../prompts/shot-plan.js';
import { MAX_NOTE_LENGTH, PROVIDERS, type ProductionOptions, type ShotEdits } from '../../workflows/production-state.js';
import { MAX_QUEUE_AT_ONCE } from './constants.js';

export { MAX_QUEUE_AT_ONCE };
export const LOOKS = ['ink-wash', 'gongbi', 'blue-green'] as const;
export const ASPECTS = ['9:16', '16:9'] as const;

export type FieldErrors = Partial<Record<string, string>>;

/** Production options from a form; field errors when something is out of range. */
export function optionsFromForm(form: FormData): { options: ProductionOptions } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const provider = String(form.get('provider') ?? 'local');
  const aspect = String(form.get('aspect') ?? '9:16');
  const look = String(form.get('look') ?? 'ink-wash');
  const priorityText = String(form.get('priority') ?? '3').trim() || '3';
  const budgetText = String(form.get('budgetUsd') ?? '').trim();
  if (!(PROVIDERS as readonly string[]).includes(provider)) errors.provider = `provider must be one of ${PROVIDERS.join(', ')}`;
  if (!(ASPECTS as readonly string[]).includes(aspect)) errors.aspect = `aspect must be ${ASPECTS.join(' or ')}`;
  if (!(LOOKS as readonly string[]).includes(look)) errors.look = `look must be one of ${LOOKS.join(', ')}`;
  const priority = Number(priorityText);
  if (!Number.isInteger(priority) || priority < 1 || priority > 5) errors.priority = 'priority is a whole number from 1 (most urgent) to 5';
  let budgetUsd: number | null = null;
  if (budgetText !== '') {
    budgetUsd = Number(budgetText);
    if (!Number.isFinite(budgetUsd) || budgetUsd <= 0 || budgetUsd > 100_000) errors.budgetUsd = 'the budget is a positive number of US dollars';
  }
  if (Object.keys(errors).length > 0) return { errors };
  return { options: { provider: provider as ProductionOptions['provider'], aspect: aspect as ProductionOptions['aspect'], look: look as ProductionOptions['look'], priority, budgetUsd } };
}

export interface QueueOutcome {
  poemId: string;
  result?: QueueResult;
  error?: string;
}

/** Queues each poem; one poem's failure (not found, already running) does not stop the others. */
export async function queuePoems(deps: ProductionsDeps, poemIds: string[], options: ProductionOptions, requestedBy: string): Promise<QueueOutcome[]> {
  const outcomes: QueueOutcome[] = [];
  for (const poemId of poemIds) {
    try {
      outcomes.push({ poemId, result: await queueProduction(deps, { poemId, options, requestedBy }) });
    } catch (error) {
      if ((error as { userFacing?: boolean }).userFacing) outcomes.push({ poemId, error: (error as Error).message });
      else throw error;
    }
  }
  return outcomes;
}

export interface ShotRow {
  index: number;
  status: string;
  version: number;
  line: string;
  clip: string | null;
  costUsd: number;
  cached: boolean | null;
  notDrawn: string[];
  reason: string | null;
  updatedAt: string;
}

export async function productionShots(sql: Sql, productionIds: string[]): Promise<Map<string, ShotRow[]>> {
  const byProduction = new Map<string, ShotRow[]>();
  if (productionIds.length === 0) return byProduction;
  const rows = await sql<{ production_id: string; shot_index: number; status: string; version: number; line_text: string; clip: string | null; cost_usd: string; cached: boolean | null; not_drawn: string[]; reason: string | null; updated_at: Date }[]>`
    select production_id, shot_index, status, version, line_text, clip, cost_usd, cached, not_drawn, reason, updated_at
    from production_shots where production_id = any(${productionIds}) order by production_id, shot_index`;
  for (const row of rows) {
    const list = byProduction.get(row.production_id) ?? [];
    list.push({
      index: row.shot_index,
      status: row.status,
      version: row.version,
      line: row.line_text,
      clip: row.clip,
      costUsd: Number(row.cost_usd),
      cached: row.cached,
      notDrawn: row.not_drawn,
      reason: row.reason,
      updatedAt: row.updated_at.toISOString(),
    });
    byProduction.set(row.production_id, list);
  }
  return byProduction;
}

export interface ProductionDetail {
  id: string;
  status: string;
  version: number;
  reason: string | null;
  poemId: string;
  title: string;
  author: string;
  options: ProductionOptions;
  plan: ShotPlan | null;
  costUsd: number;
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
}

export async function productionDetail(sql: Sql, id: string): Promise<ProductionDetail | null> {
  if (id.length > 100) return null;
  const [row] = await sql<{ id: string; status: string; version: number; reason: string | null; poem_id: string; poem_title: string; poem_author: string; options: ProductionOptions; plan: ShotPlan | null; cost_usd: string; requested_by: string; created_at: Date; updated_at: Date }[]>`
    select id, status, version, reason, poem_id, poem_title, poem_author, options, plan, cost_usd, requested_by, created_at, updated_at
    from productions where id = ${id}`;
  if (!row) return null;
  return {
    id: row.id,
    status: row.status,
    version: row.version,
    reason: row.reason,
    poemId: row.poem_id,
    title: row.poem_title,
    author: row.poem_author,
    options: row.options,
    plan: row.plan,
    costUsd: Number(row.cost_usd),
    requestedBy: row.requested_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface DraftVersionRow {
  version: number;
  film: string;
  poster: string;
  storyboard: string;
  vtt: string;
  durationSec: number;
  plan: ShotPlan;
  shots: { index: number; clip: string; durationSec: number; cached: boolean; notDrawn: string[] }[];
  createdAt: string;
}

export async function draftVersions(sql: Sql, productionId: string): Promise<DraftVersionRow[]> {
  const rows = await sql<{ version: number; film: string; poster: string; storyboard: string; vtt: string; duration_sec: number; plan: ShotPlan; shots: DraftVersionRow['shots']; created_at: Date }[]>`
    select version, film, poster, storyboard, vtt, duration_sec, plan, shots, created_at
    from production_versions where production_id = ${productionId} order by version`;
  return rows.map((row) => ({
    version: row.version,
    film: row.film,
    poster: row.poster,
    storyboard: row.storyboard,
    vtt: row.vtt,
    durationSec: row.duration_sec,
    plan: row.plan,
    shots: row.shots,
    createdAt: row.created_at.toISOString(),
  }));
}

export interface AuditEntry {
  id: number;
  actor: string;
  action: string;
  shotIndex: number | null;
  note: string | null;
  edits: ShotEdits | null;
  version: number | null;
  at: string;
}

export async function auditLog(sql: Sql, productionId: string): Promise<AuditEntry[]> {
  const rows = await sql<{ id: string; actor: string; action: string; shot_index: number | null; note: string | null; edits: ShotEdits | null; version: number | null; created_at: Date }[]>`
    select id, actor, action, shot_index, note, edits, version, created_at from review_decisions
    where production_id = ${productionId} order by id desc limit 500`;
  return rows.map((row) => ({
    id: Number(row.id),
    actor: row.actor,
    action: row.action,
    shotIndex: row.shot_index,
    note: row.note,
    edits: row.edits,
    version: row.version,
    at: row.created_at.toISOString(),
  }));
}

export async function productionsOfPoem(sql: Sql, poemId: string): Promise<{ id: string; status: string; createdAt: string; provider: string }[]> {
  const rows = await sql<{ id: string; status: string; created_at: Date; options: { provider?: string } }[]>`
    select id, status, created_at, options from productions where poem_id = ${poemId} order by created_at desc limit 20`;
  return rows.map((row) => ({ id: row.id, status: row.status, createdAt: row.created_at.toISOString(), provider: row.options.provider ?? 'local' }));
}

/** A note from a form: trimmed, required or not, at most MAX_NOTE_LENGTH. */
export function noteFrom(form: FormData, name: string, required: boolean): { value: string } | { error: 'required' | 'tooLong' } {
  const value = String(form.get(name) ?? '').trim();
  if (required && value === '') return { error: 'required' };
  if (value.length > MAX_NOTE_LENGTH) return { error: 'tooLong' };
  return { value };
}
