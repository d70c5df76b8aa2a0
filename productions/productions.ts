// Client-side operations on productions, shared by the CLI and the console: queue, status,
// review, cancel, retry, list. Temporal holds the truth; Postgres holds the cheap-to-list mirror.
import { randomBytes } from 'node:crypto';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Sql } from '../platform/db.js';
import {
  approveShotUpdate,
  productionWorkflow,
  publishUpdate,
  regenerateShotUpdate,
  rejectUpdate,
  retryUpdate,
  unpublishUpdate,
} from '../workflows/production.js';
import type { ProductionState, ProductionStatus, ShotEdits } from '../workflows/production-state.js';
import { insertProduction } from '../activities/production/production-store.js';
import { getPoem } from '../corpus/poems.js';
import { dedupeKey, newProductionId, parseProductionOptions } from './production-request.js';


export interface ProductionsDeps {
  sql: Sql;
  client: Client;
  /** The task queue production workflows run on. */
  taskQueue: string;
}

export class ProductionError extends Error {
  readonly userFacing = true;
  override name = 'ProductionError';
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
  }
}

export interface QueueRequest {
  poemId: string;
  options?: unknown;
  requestedBy: string;
}

export interface QueueResult {
  productionId: string;
  status: ProductionStatus;
  /** True when the same poem with the same options was already in progress: that one is returned. */
  existing: boolean;
}

export async function queueProduction(deps: ProductionsDeps, request: QueueRequest): Promise<QueueResult> {
  const options = parseProductionOptions(request.options);
  const poem = await getPoem(deps.sql, request.poemId);
  if (!poem) throw new ProductionError(`no poem with id "${request.poemId}"`, 404);
  const id = newProductionId(() => randomBytes(6).toString('hex'));
  const inserted = await insertProduction(deps.sql, {
    id,
    poemId: poem.id,
    poemTitle: poem.title,
    poemAuthor: poem.author,
    options,
    dedupeKey: dedupeKey(poem.id, options),
    requestedBy: request.requestedBy,
  });
  if (inserted.existing) {
    const [row] = await deps.sql<{ status: ProductionStatus }[]>`select status from productions where id = ${inserted.id}`;
    return { productionId: inserted.id, status: row!.status, existing: true };
  }
  try {
    await deps.client.workflow.start(productionWorkflow, {
      workflowId: id,
      taskQueue: deps.taskQueue,
      args: [{ productionId: id, poemId: poem.id, options, requestedBy: request.requestedBy }],
      priority: { priorityKey: options.priority },
    });
  } catch (error) {
    // Nothing will run this production: do not leave a queued row that blocks the next request.
    await deps.sql`delete from productions where id = ${id}`;
    throw error;
  }
  return { productionId: id, status: 'queued', existing: false };
}

export interface ProductionStatusView {
  productionId: string;
  status: ProductionStatus;
  version: number;
  reason?: string;
  poem: { id: string; title: string; author: string };
  options: unknown;
  costUsd: number;
  shots: { index: number; status: string; version: number; line: string; reason?: string; cached?: boolean; notDrawn: string[] }[];
  film?: { version: number; film: string; poster: string; storyboard: string; vtt: string; durationSec: number };
  publication?: { slug: string; publishedAt: string; visible: boolean };
}

export async function productionStatus(deps: Pick<ProductionsDeps, 'sql'>, productionId: string): Promise<ProductionStatusView> {
  const { sql } = deps;
  const [row] = await sql<{ id: string; status: ProductionStatus; version: number; reason: string | null; poem_id: string; poem_title: string; poem_author: string; options: unknown; cost_usd: string }[]>`
    select id, status, version, reason, poem_id, poem_title, poem_author, options, cost_usd from productions where id = ${productionId}`;
  if (!row) throw new ProductionError(`no production "${productionId}"`, 404);
  const shots = await sql<{ shot_index: number; status: string; version: number; line_text: string; reason: string | null; cached: boolean | null; not_drawn: string[] }[]>`
    select shot_index, status, version, line_text, reason, cached, not_drawn from production_shots where production_id = ${productionId} order by shot_index`;
  const [draft] = await sql<{ version: number; film: string; poster: string; storyboard: string; vtt: string; duration_sec: number }[]>`
    select version, film, poster, storyboard, vtt, duration_sec from production_versions where production_id = ${productionId} order by version desc limit 1`;
  const [publication] = await sql<{ slug: string; published_at: Date; unpublished_at: Date | null }[]>`
    select slug, published_at, unpublished_at from publications where production_id = ${productionId}`;
  return {
    productionId: row.id,
    status: row.status,
    version: row.version,
    ...(row.reason ? { reason: row.reason } : {}),
    poem: { id: row.poem_id, title: row.poem_title, author: row.poem_author },
    options: row.options,
    costUsd: Number(row.cost_usd),
    shots: shots.map((shot) => ({
      index: shot.shot_index,
      status: shot.status,
      version: shot.version,
      line: shot.line_text,
      ...(shot.reason ? { reason: shot.reason } : {}),
      ...(shot.cached === null ? {} : { cached: shot.cached }),
      notDrawn: shot.not_drawn,
    })),
    ...(draft
      ? { film: { version: draft.version, film: draft.film, poster: draft.poster, storyboard: draft.storyboard, vtt: draft.vtt, durationSec: draft.duration_sec } }
      : {}),
    ...(publication
      ? { publication: { slug: publication.slug, publishedAt: publication.published_at.toISOString(), visible: publication.unpublished_at === null } }
      : {}),
  };
}

export type ReviewAction = 'approve' | 'regenerate' | 'reject' | 'publish' | 'unpublish' | 'retry';

export interface ReviewRequest {
  productionId: string;
  action: ReviewAction;
  actor: string;
  shotIndex?: number;
  note?: string;
  edits?: ShotEdits;
  /** Return once the workflow has accepted the request instead of when it is done. */
  acceptOnly?: boolean;
}

/** Sends a review decision to the production's workflow; validation errors come back as ProductionError. */
export async function review(deps: ProductionsDeps, request: ReviewRequest): Promise<ProductionState | { accepted: true }> {
  const handle = deps.client.workflow.getHandle(request.productionId);
  const actor = request.actor;
  const run = async <Ret>(update: { name: string }, arg: unknown): Promise<Ret | { accepted: true }> => {
    if (request.acceptOnly) {
      await handle.startUpdate<Ret, [unknown]>(update.name, { args: [arg], waitForStage: 'ACCEPTED' });
      return { accepted: true };
    }
    return handle.executeUpdate<Ret, [unknown]>(update.name, { args: [arg] });
  };
  try {
    switch (request.action) {
      case 'approve':
        if (request.shotIndex !== undefined) {
          await run(approveShotUpdate, { actor, shotIndex: request.shotIndex });
          return await handle.query<ProductionState>('productionState');
        }
        return await run<ProductionState>(publishUpdate, { actor, note: request.note });
      case 'publish':
        return await run<ProductionState>(publishUpdate, { actor, note: request.note });
      case 'regenerate':
        if (request.shotIndex === undefined) throw new ProductionError('regenerate needs a shot (--shot N)');
        return await run<ProductionState>(regenerateShotUpdate, { actor, shotIndex: request.shotIndex, note: request.note ?? '', edits: request.edits });
      case 'reject':
        return await run<ProductionState>(rejectUpdate, { actor, reason: request.note ?? '' });
      case 'unpublish':
        return await run<ProductionState>(unpublishUpdate, { actor, note: request.note });
      case 'retry':
        return await run<ProductionState>(retryUpdate, { actor, note: request.note });
    }
  } catch (error) {
    throw explain(error, request.productionId);
  }
}

export async function cancelProduction(deps: ProductionsDeps, productionId: string): Promise<void> {
  try {
    await deps.client.workflow.getHandle(productionId).cancel();
  } catch (error) {
    throw explain(error, productionId);
  }
}

export interface ProductionListItem {
  productionId: string;
  status: ProductionStatus;
  version: number;
  title: string;
  author: string;
  provider: string;
  priority: number;
  shotsReady: number;
  shotsTotal: number;
  reason?: string;
  createdAt: string;
  updatedAt: string;
}

export async function listProductions(
  deps: Pick<ProductionsDeps, 'sql'>,
  filter: { status?: ProductionStatus[]; limit?: number; offset?: number; oldestFirst?: boolean } = {},
): Promise<ProductionListItem[]> {
  const { sql } = deps;
  const statuses = filter.status ?? null;
  const rows = await sql<{ id: string; status: ProductionStatus; version: number; poem_title: string; poem_author: string; options: { provider: string; priority: number }; reason: string | null; created_at: Date; updated_at: Date; ready: number; total: number }[]>`
    select p.id, p.status, p.version, p.poem_title, p.poem_author, p.options, p.reason, p.created_at, p.updated_at,
      (select count(*)::int from production_shots s where s.production_id = p.id and s.status in ('ready', 'approved')) as ready,
      (select count(*)::int from production_shots s where s.production_id = p.id) as total
    from productions p
    where ${statuses === null ? sql`true` : sql`p.status = any(${statuses})`}
    order by p.created_at ${filter.oldestFirst ? sql`asc` : sql`desc`}, p.id
    limit ${filter.limit ?? 100} offset ${filter.offset ?? 0}`;
  return rows.map((row) => ({
    productionId: row.id,
    status: row.status,
    version: row.version,
    title: row.poem_title,
    author: row.poem_author,
    provider: row.options.provider,
    priority: row.options.priority,
    shotsReady: row.ready,
    shotsTotal: row.total,
    ...(row.reason ? { reason: row.reason } : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }));
}

/** Turns Temporal's errors into messages a curator or reviewer can act on. */
function explain(error: unknown, productionId: string): Error {
  if (error instanceof ProductionError) return error;
  if (error instanceof WorkflowNotFoundError) return new ProductionError(`no production "${productionId}" is running`, 404);
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause as Error | undefined;
    return new ProductionError(cause?.message ?? error.message, 409);
  }
  const message = (error as Error)?.message ?? String(error);
  if (/workflow execution already completed|not found/i.test(message)) return new ProductionError(`production "${productionId}" is closed: ${message}`, 409);
  return error as Error;
}
