// Gathers what the final checks (consistency.ts) judge: the productions as Postgres mirrors them
// and as their workflows report them, provider_jobs, the media store's entries and files, and
// leftover temporary files.
import { readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Sql } from '../../platform/db.js';
import { productionStateQuery } from '../../workflows/production.js';
import type { ChaosSnapshot, MediaEntry, ProductionRecord, ProviderCounts, ProviderJobRecord } from './consistency.js';

const PARTIAL = /\.partial-(\d+)-[0-9a-f]+$/;

/** Every file under `root`, relative to it, skipping top-level folders in `skip`. */
async function walk(root: string, skip: Set<string> = new Set()): Promise<string[]> {
  const files: string[] = [];
  async function visit(dir: string, relative: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (!relative && skip.has(entry.name)) continue;
      if (entry.isDirectory()) await visit(path.join(dir, entry.name), rel);
      else files.push(rel);
    }
  }
  await visit(root, '');
  return files;
}

/** Media entries: <root>/<kind>/<key[0..2]>/<key>/, complete when entry.json is there. */
async function mediaEntries(root: string): Promise<MediaEntry[]> {
  const entries: MediaEntry[] = [];
  for (const kind of await readdir(root).catch(() => [])) {
    if (kind.startsWith('.')) continue;
    for (const prefix of await readdir(path.join(root, kind)).catch(() => [])) {
      for (const key of await readdir(path.join(root, kind, prefix)).catch(() => [])) {
        const dir = `${kind}/${prefix}/${key}`;
        const complete = await stat(path.join(root, dir, 'entry.json')).then(
          (s) => s.isFile(),
          () => false,
        );
        entries.push({ kind, key, dir, complete });
      }
    }
  }
  return entries;
}

/**
 * Temporary files left behind: anything in the media root's .tmp, `.partial-` files anywhere in
 * the store, and `.partial-<pid>-` files in the system temp folder made by one of our processes.
 */
export async function tempLeftovers(mediaRoot: string, ourPids: Set<number>, since: number): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir(path.join(mediaRoot, '.tmp')).catch(() => [])) found.push(`media/.tmp/${name}`);
  for (const file of await walk(mediaRoot, new Set(['.tmp']))) if (PARTIAL.test(file)) found.push(`media/${file}`);
  const tmp = os.tmpdir();
  for (const name of await readdir(tmp).catch(() => [])) {
    const match = PARTIAL.exec(name);
    if (!match || !ourPids.has(Number(match[1]))) continue;
    const info = await stat(path.join(tmp, name)).catch(() => undefined);
    if (info && info.mtimeMs >= since) found.push(path.join(tmp, name));
  }
  return found;
}

/** Asks each production's workflow for its state (a worker must be polling). */
export async function workflowStatuses(client: Client, ids: string[]): Promise<Map<string, string>> {
  const statuses = new Map<string, string>();
  await Promise.all(
    ids.map(async (id) => {
      try {
        const state = await client.withDeadline(Date.now() + 20_000, () => client.workflow.getHandle(id).query(productionStateQuery));
        statuses.set(id, state.status);
      } catch {
        // Reported by the check as "could not be asked".
      }
    }),
  );
  return statuses;
}

export interface ActivityRetry {
  productionId: string;
  activity: string;
  /** The attempt that finally ran to an end (1 = no retry). */
  attempt: number;
  /** Why the attempt before it ended (a timeout kind, or the error's message). */
  lastFailure: string;
}

/**
 * Activities that needed more than one attempt, read from each workflow's history (Temporal
 * records only an activity's last attempt, with its number and the failure before it).
 */
export async function activityRetries(client: Client, ids: string[]): Promise<ActivityRetry[]> {
  const retries: ActivityRetry[] = [];
  for (const id of ids) {
    try {
      const history = await client.withDeadline(Date.now() + 20_000, () => client.workflow.getHandle(id).fetchHistory());
      const types = new Map<string, string>();
      for (const event of history.events ?? []) {
        const scheduled = event.activityTaskScheduledEventAttributes;
        if (scheduled) types.set(String(event.eventId), scheduled.activityType?.name ?? '?');
        const started = event.activityTaskStartedEventAttributes;
        if (started && (started.attempt ?? 1) > 1) {
          const failure = started.lastFailure;
          const timeout = failure?.timeoutFailureInfo?.timeoutType;
          retries.push({
            productionId: id,
            activity: types.get(String(started.scheduledEventId)) ?? '?',
            attempt: started.attempt ?? 1,
            lastFailure: timeout !== undefined && timeout !== null ? `${String(timeoutName(timeout))} timeout` : (failure?.message ?? 'unknown').slice(0, 120),
          });
        }
      }
    } catch {
      // A history that cannot be read is no retry figure; the checks ask the workflows themselves.
    }
  }
  return retries;
}

const TIMEOUT_NAMES: Record<number, string> = { 1: 'start-to-close', 2: 'schedule-to-start', 3: 'schedule-to-close', 4: 'heartbeat' };
function timeoutName(type: unknown): string {
  if (typeof type === 'number') return TIMEOUT_NAMES[type] ?? `type ${type}`;
  return String(type).replace(/^TIMEOUT_TYPE_/, '').toLowerCase().replace(/_/g, '-');
}

export interface SnapshotInput {
  sql: Sql;
  /** What each workflow reported (asked while workers still ran). */
  workflows: Map<string, string>;
  mediaRoot: string;
  queued: string[];
  publishRequested: string[];
  providers: Record<string, ProviderCounts>;
  ourPids: Set<number>;
  startedAt: number;
  lingeringProcesses: string[];
  unexpectedExits: string[];
}

export async function takeSnapshot(input: SnapshotInput): Promise<ChaosSnapshot> {
  const { sql, queued } = input;
  const rows = await sql<{ id: string; status: string; reason: string | null; provider: string }[]>`
    select id, status, reason, options->>'provider' as provider from productions where id = any(${queued})`;
  const shots = await sql<{ production_id: string; shot_index: number; status: string; version: number; clip: string | null }[]>`
    select production_id, shot_index, status, version, clip from production_shots where production_id = any(${queued}) order by shot_index`;
  const versions = await sql<{ production_id: string; film: string; poster: string; storyboard: string; vtt: string; shots: { clip: string }[] }[]>`
    select production_id, film, poster, storyboard, vtt, shots from production_versions where production_id = any(${queued})`;
  const publications = await sql<{ production_id: string; film: string; poster: string; vtt: string; unpublished_at: Date | null }[]>`
    select production_id, film, poster, vtt, unpublished_at from publications where production_id = any(${queued})`;
  const jobs = await sql<{ idempotency_key: string; attempt: number; provider: string; kind: string; production_id: string | null; shot_index: number | null; status: string; submit_count: number; media_key: string | null }[]>`
    select idempotency_key, attempt, provider, kind, production_id, shot_index, status, submit_count, media_key from provider_jobs`;
  const { workflows } = input;

  const productions: ProductionRecord[] = rows.map((row) => {
    const publication = publications.find((p) => p.production_id === row.id);
    return {
      id: row.id,
      provider: row.provider,
      status: row.status,
      reason: row.reason,
      shots: shots.filter((s) => s.production_id === row.id).map((s) => ({ index: s.shot_index, status: s.status, version: s.version, clip: s.clip })),
      versionFiles: versions
        .filter((v) => v.production_id === row.id)
        .flatMap((v) => [v.film, v.poster, v.storyboard, v.vtt, ...v.shots.map((s) => s.clip)]),
      ...(publication ? { publication: { visible: publication.unpublished_at === null, files: [publication.film, publication.poster, publication.vtt] } } : {}),
      ...(workflows.has(row.id) ? { workflowStatus: workflows.get(row.id) } : {}),
    };
  });
  const providerJobs: ProviderJobRecord[] = jobs.map((j) => ({
    idempotencyKey: j.idempotency_key,
    attempt: j.attempt,
    provider: j.provider,
    kind: j.kind,
    productionId: j.production_id,
    shotIndex: j.shot_index,
    status: j.status,
    submitCount: j.submit_count,
    mediaKey: j.media_key,
  }));
  return {
    queued,
    publishRequested: input.publishRequested,
    productions,
    providerJobs,
    providers: input.providers,
    mediaFiles: await walk(input.mediaRoot, new Set(['.tmp'])),
    mediaEntries: await mediaEntries(input.mediaRoot),
    tempLeftovers: await tempLeftovers(input.mediaRoot, input.ourPids, input.startedAt),
    lingeringProcesses: input.lingeringProcesses,
    unexpectedExits: input.unexpectedExits,
  };
}
