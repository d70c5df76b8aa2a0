// The provider_jobs table: the durable memory of every remote submission. A row is reserved
// (with its budget) before anything is sent, gets the provider's job id in the same transaction
// that sends the submission, and records polling, cost, download and failure. Rows are found by
// the idempotency key, so any worker, after any crash, picks up where the last one stopped.
import type postgres from 'postgres';
import type { Sql } from '../../../platform/db.js';
import { checkBudget, formatUsd, fromMicros, toMicros } from './prices.js';
import { ProviderError } from './provider-error.js';

type Db = postgres.ISql<Record<string, unknown>>;

export type ProviderJobStatus = 'reserved' | 'running' | 'succeeded' | 'downloaded' | 'failed' | 'expired';

export interface ProviderJob {
  idempotencyKey: string;
  attempt: number;
  provider: string;
  model: string;
  kind: 'video' | 'speech';
  productionId: string | null;
  shotIndex: number | null;
  status: ProviderJobStatus;
  providerJobId: string | null;
  request: unknown;
  submitCount: number;
  units: number;
  unitPriceUsd: number;
  estimatedCostUsd: number;
  costUsd: number | null;
  downloadUrl: string | null;
  mediaKey: string | null;
  providerStatus: string | null;
  failureKind: string | null;
  failureReason: string | null;
  submittedAt: Date | null;
}

interface Row {
  idempotency_key: string;
  attempt: number;
  provider: string;
  model: string;
  kind: 'video' | 'speech';
  production_id: string | null;
  shot_index: number | null;
  status: ProviderJobStatus;
  provider_job_id: string | null;
  request: unknown;
  submit_count: number;
  units: number;
  unit_price_usd: string;
  estimated_cost_usd: string;
  cost_usd: string | null;
  download_url: string | null;
  media_key: string | null;
  provider_status: string | null;
  failure_kind: string | null;
  failure_reason: string | null;
  submitted_at: Date | null;
}

function fromRow(row: Row): ProviderJob {
  return {
    idempotencyKey: row.idempotency_key,
    attempt: row.attempt,
    provider: row.provider,
    model: row.model,
    kind: row.kind,
    productionId: row.production_id,
    shotIndex: row.shot_index,
    status: row.status,
    providerJobId: row.provider_job_id,
    request: row.request,
    submitCount: row.submit_count,
    units: row.units,
    unitPriceUsd: Number(row.unit_price_usd),
    estimatedCostUsd: Number(row.estimated_cost_usd),
    costUsd: row.cost_usd === null ? null : Number(row.cost_usd),
    downloadUrl: row.download_url,
    mediaKey: row.media_key,
    providerStatus: row.provider_status,
    failureKind: row.failure_kind,
    failureReason: row.failure_reason,
    submittedAt: row.submitted_at,
  };
}

/** The newest attempt for a key, or undefined when nothing was ever reserved. */
export async function latestAttempt(db: Db, key: string): Promise<ProviderJob | undefined> {
  const rows = await db<Row[]>`select * from provider_jobs where idempotency_key = ${key} order by attempt desc limit 1`;
  return rows[0] ? fromRow(rows[0]) : undefined;
}

/** An attempt still worth following: not failed, not expired. */
export function isLive(job: ProviderJob): boolean {
  return job.status !== 'failed' && job.status !== 'expired';
}

/** What a production has committed: finished jobs at their cost, open ones at their estimate. */
export async function productionCommittedUsd(db: Db, productionId: string): Promise<number> {
  const [row] = await db<{ micros: string | null }[]>`
    select sum(round(case
      when status in ('reserved', 'running') then estimated_cost_usd
      when status in ('succeeded', 'downloaded') then coalesce(cost_usd, estimated_cost_usd)
      else 0 end * 1000000)) as micros
    from provider_jobs where production_id = ${productionId}`;
  return fromMicros(Number(row?.micros ?? 0));
}

/** What a production has actually been billed (succeeded jobs only). */
export async function productionSpentUsd(db: Db, productionId: string): Promise<number> {
  const [row] = await db<{ micros: string | null }[]>`
    select sum(round(cost_usd * 1000000)) as micros from provider_jobs
    where production_id = ${productionId} and status in ('succeeded', 'downloaded')`;
  return fromMicros(Number(row?.micros ?? 0));
}

export interface Reservation {
  key: string;
  provider: string;
  model: string;
  kind: 'video' | 'speech';
  productionId: string | null;
  shotIndex: number | null;
  request: unknown;
  units: number;
  unitPriceUsd: number;
  estimatedCostUsd: number;
  /** The production's budget; null = no limit. */
  budgetUsd: number | null;
}

/**
 * Returns the live attempt for the key, or reserves a new one when there is none (first time,
 * or the last attempt failed or expired). The budget is checked in the same transaction, under
 * a per-production lock, so parallel shots cannot together overspend. Throws `budget-exceeded`.
 */
export async function reserveAttempt(sql: Sql, reservation: Reservation): Promise<ProviderJob> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${`provider-job:${reservation.key}`}))`;
    const latest = await latestAttempt(tx, reservation.key);
    if (latest && isLive(latest)) return latest;
    if (reservation.productionId !== null) {
      await tx`select pg_advisory_xact_lock(hashtext(${`provider-budget:${reservation.productionId}`}))`;
      const committed = await productionCommittedUsd(tx, reservation.productionId);
      const check = checkBudget(reservation.budgetUsd, committed, reservation.estimatedCostUsd);
      if (!check.allowed) {
        throw new ProviderError(
          'budget-exceeded',
          `not generated: this shot would cost about ${formatUsd(reservation.estimatedCostUsd)} on ${reservation.provider}, and the production has ` +
            `${formatUsd(check.committedUsd)} of its ${formatUsd(check.limitUsd!)} budget spent or running — raise the budget or use another provider`,
          { provider: reservation.provider, operation: 'reserve' },
        );
      }
    }
    const [row] = await tx<Row[]>`
      insert into provider_jobs (idempotency_key, attempt, provider, model, kind, production_id, shot_index, status, request,
        units, unit_price_usd, estimated_cost_usd)
      values (${reservation.key}, ${(latest?.attempt ?? 0) + 1}, ${reservation.provider}, ${reservation.model}, ${reservation.kind},
        ${reservation.productionId}, ${reservation.shotIndex}, 'reserved', ${tx.json(reservation.request as postgres.JSONValue)},
        ${reservation.units}, ${reservation.unitPriceUsd}, ${fromMicros(toMicros(reservation.estimatedCostUsd))})
      returning *`;
    return fromRow(row!);
  });
}

/**
 * Claims the right to send a reserved attempt's submission for `leaseMs`: only one worker holds
 * it, and the claim is committed before anything is sent, so `submitCount` counts every send
 * that may have reached the provider — including one whose worker died before recording the
 * answer. Returns the claimed row, or undefined when another worker holds the lease or the
 * attempt is no longer reserved.
 */
export async function claimSubmission(db: Db, job: ProviderJob, leaseMs: number): Promise<ProviderJob | undefined> {
  const [row] = await db<Row[]>`
    update provider_jobs set submit_count = submit_count + 1, claimed_until = now() + ${leaseMs} * interval '1 millisecond', updated_at = now()
    where idempotency_key = ${job.idempotencyKey} and attempt = ${job.attempt} and status = 'reserved'
      and (claimed_until is null or claimed_until < now())
    returning *`;
  return row ? fromRow(row) : undefined;
}

/** The provider accepted the submission: the job id is stored before anyone polls. */
export async function markSubmitted(db: Db, job: ProviderJob, providerJobId: string): Promise<ProviderJob> {
  const [row] = await db<Row[]>`
    update provider_jobs set status = 'running', provider_job_id = ${providerJobId}, claimed_until = null,
      submitted_at = coalesce(submitted_at, now()), updated_at = now()
    where idempotency_key = ${job.idempotencyKey} and attempt = ${job.attempt} returning *`;
  return fromRow(row!);
}

/** A send failed in a way worth retrying: give the lease back, note why. */
export async function releaseSubmission(db: Db, job: ProviderJob, error: ProviderError): Promise<void> {
  await db`update provider_jobs set claimed_until = null, failure_kind = ${error.kind}, failure_reason = ${error.message}, updated_at = now()
    where idempotency_key = ${job.idempotencyKey} and attempt = ${job.attempt} and status = 'reserved'`;
}

export async function recordPoll(db: Db, job: ProviderJob, providerStatus: string): Promise<void> {
  await db`update provider_jobs set provider_status = ${providerStatus}, updated_at = now()
    where idempotency_key = ${job.idempotencyKey} and attempt = ${job.attempt}`;
}

export async function markSucceeded(db: Db, job: ProviderJob, result: { providerStatus: string; downloadUrl: string; costUsd: number }): Promise<ProviderJob> {
  const [row] = await db<Row[]>`
    update provider_jobs set status = case when status = 'downloaded' then status else 'succeeded' end,
      provider_status = ${result.providerStatus}, download_url = ${result.downloadUrl},
      cost_usd = ${result.costUsd}, finished_at = coalesce(finished_at, now()), updated_at = now()
    where idempotency_key = ${job.idempotencyKey} and attempt = ${job.attempt} returning *`;
  return fromRow(row!);
}

export async function markDownloaded(db: Db, job: ProviderJob, mediaKey: string): Promise<ProviderJob> {
  const [row] = await db<Row[]>`
    update provider_jobs set status = 'downloaded', media_key = ${mediaKey}, updated_at = now()
    where idempotency_key = ${job.idempotencyKey} and attempt = ${job.attempt} returning *`;
  return fromRow(row!);
}

/** The attempt ended without a result: `expired` when the provider no longer has it, else `failed`. */
export async function markEnded(db: Db, job: ProviderJob, error: ProviderError, providerStatus?: string): Promise<ProviderJob> {
  const status = error.kind === 'result-expired' ? 'expired' : 'failed';
  const [row] = await db<Row[]>`
    update provider_jobs set status = ${status}, failure_kind = ${error.kind}, failure_reason = ${error.message}, claimed_until = null,
      provider_status = coalesce(${providerStatus ?? null}, provider_status), finished_at = now(), updated_at = now()
    where idempotency_key = ${job.idempotencyKey} and attempt = ${job.attempt} returning *`;
  return fromRow(row!);
}

/** Records a finished synchronous job (speech) in one step, after its budget was reserved. */
export async function markSpeechDone(db: Db, job: ProviderJob, mediaKey: string, costUsd: number): Promise<ProviderJob> {
  const [row] = await db<Row[]>`
    update provider_jobs set status = 'downloaded', media_key = ${mediaKey}, cost_usd = ${costUsd},
      submit_count = submit_count + 1, submitted_at = coalesce(submitted_at, now()), finished_at = now(), updated_at = now()
    where idempotency_key = ${job.idempotencyKey} and attempt = ${job.attempt} returning *`;
  return fromRow(row!);
}

/** The attempt that produced a key's result, whoever paid for it. */
export async function paidAttempt(db: Db, key: string): Promise<ProviderJob | undefined> {
  const rows = await db<Row[]>`select * from provider_jobs where idempotency_key = ${key} and status in ('succeeded', 'downloaded') order by attempt desc limit 1`;
  return rows[0] ? fromRow(rows[0]) : undefined;
}
