// The chaos run's final checks, as a pure function of what was observed after the run (snapshot.ts
// gathers it from Postgres, Temporal, the fake provider and the file system): every production
// settled, nothing submitted twice, no orphan temp files, media store and database agreeing.

export interface ProductionRecord {
  id: string;
  provider: string;
  status: string;
  reason: string | null;
  /** Shots in the production's plan (production_shots rows). */
  shots: { index: number; status: string; version: number; clip: string | null }[];
  /** Media paths (relative to the media root) of every draft version: film, poster, storyboard, vtt, clips. */
  versionFiles: string[];
  /** Media paths of its publication, when it has one. */
  publication?: { visible: boolean; files: string[] };
  /** The state the workflow itself reports (its query), when it could be asked. */
  workflowStatus?: string;
}

export interface ProviderJobRecord {
  idempotencyKey: string;
  attempt: number;
  provider: string;
  kind: string;
  productionId: string | null;
  shotIndex: number | null;
  status: string;
  submitCount: number;
  mediaKey: string | null;
}

export interface ProviderCounts {
  /** Jobs the provider created. */
  submissions: number;
  /** Submit requests it received (a refused duplicate counts here, not above). */
  submitRequests: number;
}

export interface MediaEntry {
  kind: string;
  key: string;
  /** Relative folder of the entry: <kind>/<key[0..2]>/<key>. */
  dir: string;
  /** entry.json present (written last, so an entry without it is half made). */
  complete: boolean;
}

export interface ChaosSnapshot {
  /** Ids the run queued. */
  queued: string[];
  /** Ids the run asked to publish (their publish update was accepted). */
  publishRequested: string[];
  productions: ProductionRecord[];
  providerJobs: ProviderJobRecord[];
  /** Per remote provider the run served. */
  providers: Record<string, ProviderCounts>;
  /** Every file in the media store, relative to its root, outside .tmp. */
  mediaFiles: string[];
  mediaEntries: MediaEntry[];
  /** Leftover temporary files and folders (media root .tmp, .partial files, /tmp partials of our processes). */
  tempLeftovers: string[];
  /** Processes of a killed worker still alive after it died, and anything of the run alive at the end. */
  lingeringProcesses: string[];
  /** Workers that exited without being killed or stopped. */
  unexpectedExits: string[];
}

export interface CheckResult {
  name: string;
  ok: boolean;
  /** One line: the figure when it passes, the problems when it fails. */
  detail: string;
  problems: string[];
}

export interface ConsistencyReport {
  checks: CheckResult[];
  /** Complete entries no database row points at, by kind (caches such as narration are expected). */
  unreferenced: Record<string, number>;
  ok: boolean;
}

const SETTLED = new Set(['awaiting_review', 'published']);
/** Entry kinds the database points at; the others are caches between steps. */
const REFERENCED_KINDS = new Set(['shot', 'film']);

function check(name: string, problems: string[], passDetail: string): CheckResult {
  const shown = problems.slice(0, 8);
  const more = problems.length > shown.length ? `; … and ${problems.length - shown.length} more` : '';
  return { name, ok: problems.length === 0, detail: problems.length === 0 ? passDetail : `${shown.join('; ')}${more}`, problems };
}

/** The media-store entry folder a stored path lies in (<kind>/<prefix>/<key>), or undefined. */
export function entryDirOf(file: string): string | undefined {
  const parts = file.split('/');
  return parts.length >= 4 ? parts.slice(0, 3).join('/') : undefined;
}

export function checkConsistency(snapshot: ChaosSnapshot): ConsistencyReport {
  const checks: CheckResult[] = [];
  const byId = new Map(snapshot.productions.map((p) => [p.id, p]));

  // 1. Every production settled: awaiting review or published, or failed saying why.
  {
    const problems: string[] = [];
    for (const id of snapshot.queued) {
      const p = byId.get(id);
      if (!p) problems.push(`${id} lost (no row)`);
      else if (p.status === 'failed' && !p.reason?.trim()) problems.push(`${id} failed without a reason`);
      else if (!SETTLED.has(p.status) && p.status !== 'failed') problems.push(`${id} stuck in ${p.status}`);
    }
    for (const p of snapshot.productions) if (!snapshot.queued.includes(p.id)) problems.push(`${p.id} was never queued by this run`);
    const counts = countBy(snapshot.productions.map((p) => p.status));
    checks.push(check('productions settled', problems, `${snapshot.queued.length}/${snapshot.queued.length}: ${formatCounts(counts)}`));
  }

  // 2. The Postgres mirror says what the workflow says, and every publish that was accepted happened.
  {
    const problems: string[] = [];
    let asked = 0;
    for (const p of snapshot.productions) {
      if (p.workflowStatus === undefined) continue;
      asked += 1;
      if (p.workflowStatus !== p.status) problems.push(`${p.id}: workflow ${p.workflowStatus}, database ${p.status}`);
    }
    if (asked < snapshot.productions.length) problems.push(`${snapshot.productions.length - asked} workflows could not be asked`);
    for (const id of snapshot.publishRequested) {
      const p = byId.get(id);
      if (p && p.status !== 'published') problems.push(`${id}: publish accepted but it is ${p.status}`);
      if (p && p.status === 'published' && !p.publication?.visible) problems.push(`${id}: published without a visible publication`);
    }
    checks.push(check('mirror matches workflows', problems, `${asked} workflows agree; ${snapshot.publishRequested.length} publications`));
  }

  // 3. One submission per remote shot: at the provider and in provider_jobs.
  {
    const problems: string[] = [];
    const details: string[] = [];
    for (const [provider, counts] of Object.entries(snapshot.providers)) {
      const productions = snapshot.productions.filter((p) => p.provider === provider);
      const shots = productions.reduce((sum, p) => sum + p.shots.filter((s) => s.version > 0 || s.status === 'failed').length, 0);
      const jobs = snapshot.providerJobs.filter((j) => j.provider === provider && j.kind === 'video');
      const keys = new Set(jobs.map((j) => j.idempotencyKey));
      // submit_count > 1: a submission was started again after its answer was lost (worker killed,
      // Postgres gone before the job id was stored); the adapter looks the job up before sending,
      // so it is no second submission as long as the provider's own count agrees.
      const inDoubt = jobs.filter((j) => j.submitCount > 1).length;
      details.push(`${provider}: ${counts.submissions} submissions for ${shots} shots${inDoubt ? `, ${inDoubt} in doubt looked up, not resent` : ''}`);
      if (counts.submissions !== shots) problems.push(`${provider}: ${counts.submissions} submissions for ${shots} shots`);
      if (counts.submitRequests !== counts.submissions) {
        problems.push(`${provider}: ${counts.submitRequests - counts.submissions} submit requests refused (sent again)`);
      }
      if (keys.size !== shots) problems.push(`${provider}: ${keys.size} provider_jobs keys for ${shots} shots`);
      for (const job of jobs) {
        if (job.attempt > 1) problems.push(`${provider} job ${short(job.idempotencyKey)} attempt ${job.attempt} (submitted again after a failure)`);
        if (job.submitCount < 1) problems.push(`${provider} job ${short(job.idempotencyKey)} never submitted`);
        const production = job.productionId ? byId.get(job.productionId) : undefined;
        if (job.status !== 'downloaded' && production?.status !== 'failed') problems.push(`${provider} job ${short(job.idempotencyKey)} left ${job.status}`);
      }
    }
    checks.push(check('one submission per remote shot', problems, details.join(', ') || 'no remote provider'));
  }

  // 4. No orphan temp files, nothing left running.
  checks.push(check('no orphan temp files', snapshot.tempLeftovers, 'none'));
  checks.push(check('no lingering processes', snapshot.lingeringProcesses, 'none'));
  checks.push(check('workers died only when killed', snapshot.unexpectedExits, 'none exited by itself'));

  // 5. The media store agrees with the database.
  const unreferenced: Record<string, number> = {};
  {
    const problems: string[] = [];
    const files = new Set(snapshot.mediaFiles);
    const entries = new Map(snapshot.mediaEntries.map((e) => [e.dir, e]));
    const referencedEntries = new Set<string>();
    let referencedFiles = 0;
    const expect = (file: string, owner: string) => {
      referencedFiles += 1;
      const dir = entryDirOf(file);
      if (dir) referencedEntries.add(dir);
      if (!files.has(file)) problems.push(`${owner}: ${file} missing`);
      else if (dir && !entries.get(dir)?.complete) problems.push(`${owner}: ${file} in an incomplete entry`);
    };
    for (const p of snapshot.productions) {
      for (const shot of p.shots) if (shot.clip) expect(shot.clip, `${p.id} shot ${shot.index}`);
      for (const file of p.versionFiles) expect(file, `${p.id} draft`);
      for (const file of p.publication?.files ?? []) expect(file, `${p.id} publication`);
    }
    for (const job of snapshot.providerJobs) {
      if (!job.mediaKey) continue;
      const dir = `shot/${job.mediaKey.slice(0, 2)}/${job.mediaKey}`;
      referencedEntries.add(dir);
      if (!entries.get(dir)?.complete) problems.push(`provider job ${short(job.idempotencyKey)}: media entry ${dir} missing`);
    }
    for (const entry of snapshot.mediaEntries) {
      if (!entry.complete) problems.push(`incomplete entry ${entry.dir}`);
      else if (!referencedEntries.has(entry.dir)) unreferenced[entry.kind] = (unreferenced[entry.kind] ?? 0) + 1;
    }
    const strays = Object.keys(unreferenced).filter((kind) => REFERENCED_KINDS.has(kind));
    const detail =
      `${referencedFiles} referenced files present, ${snapshot.mediaEntries.length} entries; unreferenced: ${formatCounts(unreferenced) || 'none'}` +
      (strays.length > 0 ? ` (${strays.join(', ')} entries no row points at)` : ' (caches)');
    checks.push(check('media store matches database', problems, detail));
  }

  return { checks, unreferenced, ok: checks.every((c) => c.ok) };
}

function short(key: string): string {
  return key.slice(0, 12);
}

export function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

export function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
}
