// The chaos run's work: which productions it queues (pure), queueing them, a reviewer that
// publishes every other draft while faults go on, and a monitor that notes each bit of progress.
import type { Client } from '@temporalio/client';
import type { Sql } from '../../platform/db.js';
import { submitPastedPoem } from '../../corpus/pasted-poem.js';
import { queueProduction } from '../../productions/productions.js';
import { publishUpdate } from '../../workflows/production.js';
import { QUATRAINS } from '../support/quatrains.js';

const LOOKS = ['ink-wash', 'gongbi', 'blue-green'] as const;

export interface PlannedProduction {
  text: string;
  provider: 'local' | 'kling';
  look: (typeof LOOKS)[number];
  /** The reviewer publishes this one once its draft is ready. */
  publish: boolean;
}

/** `count` productions: every third on Kling (the fake server), the rest local; every other one published. */
export function productionPlan(count: number): PlannedProduction[] {
  const most = QUATRAINS.length * LOOKS.length;
  if (!Number.isInteger(count) || count < 1 || count > most) throw new RangeError(`1 to ${most} productions, got ${count}`);
  return Array.from({ length: count }, (_, i) => ({
    text: QUATRAINS[i % QUATRAINS.length]!,
    provider: i % 3 === 2 ? 'kling' : 'local',
    look: LOOKS[Math.floor(i / QUATRAINS.length) % LOOKS.length]!,
    publish: i % 2 === 0,
  }));
}

export interface QueuedProduction extends PlannedProduction {
  id: string;
}

export async function queueAll(deps: { sql: Sql; client: Client; taskQueue: string }, plan: PlannedProduction[]): Promise<QueuedProduction[]> {
  const queued: QueuedProduction[] = [];
  for (const item of plan) {
    const poem = await submitPastedPoem(deps.sql, { text: item.text });
    const result = await queueProduction(deps, { poemId: poem.id, options: { provider: item.provider, look: item.look, aspect: '9:16' }, requestedBy: 'chaos' });
    if (result.existing) throw new Error(`production of "${item.text.slice(0, 10)}…" (${item.provider}, ${item.look}) was already in progress`);
    queued.push({ ...item, id: result.productionId });
  }
  return queued;
}

const SETTLED_SQL = ['awaiting_review', 'published', 'failed', 'rejected', 'cancelled'];

/**
 * Publishes each production marked `publish` once its draft awaits review, retrying through
 * outages. The update id makes a retried request the same request, so nothing is published twice.
 */
export class Reviewer {
  readonly requested = new Set<string>();
  readonly errors: string[] = [];
  private readonly attempts = new Map<string, number>();

  constructor(
    private readonly deps: { sql: Sql; client: Client },
    private readonly productions: QueuedProduction[],
    private readonly log: (line: string) => void,
  ) {}

  /** One pass: asks for every publication that is due. */
  async pass(): Promise<void> {
    const due = this.productions.filter((p) => p.publish && !this.requested.has(p.id));
    if (due.length === 0) return;
    const rows = await this.deps.sql<{ id: string }[]>`
      select id from productions where id = any(${due.map((p) => p.id)}) and status = 'awaiting_review'`;
    for (const { id } of rows) {
      const { client } = this.deps;
      try {
        await client.withDeadline(Date.now() + 15_000, () =>
          client.workflow.getHandle(id).startUpdate(publishUpdate, {
            args: [{ actor: 'chaos-reviewer', note: 'published by the chaos run' }],
            updateId: `chaos-publish-${id}`,
            waitForStage: 'ACCEPTED',
          }),
        );
        this.requested.add(id);
      } catch (error) {
        const n = (this.attempts.get(id) ?? 0) + 1;
        this.attempts.set(id, n);
        const message = (error as Error).message.split('\n')[0];
        if (n === 1 || n % 10 === 0) this.log(`publish ${id} not accepted yet (attempt ${n}): ${message}`);
        if (n === 60) this.errors.push(`${id}: publish never accepted: ${message}`);
      }
    }
  }

  /** True when nothing is left to publish (published, or its production will never have a draft). */
  async done(): Promise<boolean> {
    const due = this.productions.filter((p) => p.publish);
    const rows = await this.deps.sql<{ id: string; status: string }[]>`select id, status from productions where id = any(${due.map((p) => p.id)})`;
    return rows.length === due.length && rows.every((r) => r.status !== 'awaiting_review' || this.errors.some((e) => e.startsWith(r.id)));
  }
}

/** Counts of finished work, sampled: each increase is progress. */
export class ProgressMonitor {
  readonly progressAt: number[] = [];
  private last = -1;

  constructor(
    private readonly sql: Sql,
    private readonly ids: string[],
  ) {}

  async sample(): Promise<{ settled: number; statuses: Record<string, number> } | undefined> {
    try {
      const [row] = await this.sql<{ shots: number; drafts: number; published: number }[]>`
        select
          (select count(*)::int from production_shots where production_id = any(${this.ids}) and version > 0) as shots,
          (select count(*)::int from production_versions where production_id = any(${this.ids})) as drafts,
          (select count(*)::int from productions where id = any(${this.ids}) and status = 'published') as published`;
      const statuses = await this.sql<{ status: string; n: number }[]>`
        select status, count(*)::int as n from productions where id = any(${this.ids}) group by status`;
      const total = row!.shots + row!.drafts + row!.published;
      if (total > this.last) {
        if (this.last >= 0) this.progressAt.push(Date.now());
        this.last = total;
      }
      return {
        settled: statuses.filter((s) => SETTLED_SQL.includes(s.status)).reduce((sum, s) => sum + s.n, 0),
        statuses: Object.fromEntries(statuses.map((s) => [s.status, s.n])),
      };
    } catch {
      return undefined; // Postgres is down: no news.
    }
  }

  /** The first progress noted after `at`. */
  progressAfter(at: number): number | undefined {
    return this.progressAt.find((t) => t > at);
  }

  /** Longest time between two bits of progress (or from `from` to the first), and when it began. */
  longestStall(from: number, until: number): { ms: number; startedAt: number } {
    let longest = { ms: 0, startedAt: from };
    let previous = from;
    for (const t of [...this.progressAt.filter((p) => p > from && p <= until), until]) {
      if (t - previous > longest.ms) longest = { ms: t - previous, startedAt: previous };
      previous = t;
    }
    return longest;
  }
}
