// The chaos run's own services and the hands that break them: a Postgres cluster and a Temporal
// dev server (SQLite file) on free ports under the run's folder, and `shiying worker` processes,
// each in its own process group so that nothing it started can outlive the run. Every process is
// registered for cleanup, which runs on normal exit, on failure and on Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { databaseUrl, loadConfig, temporalAddress, type Config } from '../../platform/config.js';
import { connectDatabase, type Sql } from '../../platform/db.js';
import { migrate } from '../../platform/migrate.js';
import { ensureCluster, ensureDatabase, findPostgresBin, isClusterRunning, startClusterInBackground, stopCluster } from '../../platform/postgres-cluster.js';
import { run, systemUser } from '../../platform/process-runner.js';
import { spawnTemporal, waitForTemporal } from '../../platform/temporal-server.js';
import { freePort, shiyingBin } from '../support/processes.js';
import type { FaultMode } from './fault-schedule.js';

export interface ProcessInfo {
  pid: number;
  pgid: number;
  command: string;
}

/** Every live process on the machine with its process group (from /proc); zombies are dead already. */
export function listProcesses(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid pgrp …: comm may hold spaces, so split after its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || fields[0] === 'X') continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      found.push({ pid: Number(entry), pgid: Number(fields[2]), command });
    } catch {
      // It exited while we looked.
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** The first line of an uncaught error in a process's output: `TypeError: …` and where it was thrown. */
export function crashLine(output: string): string | undefined {
  const lines = output.split('\n');
  const at = lines.findIndex((line) => /^(\w*Error|\w+Exception)\b.*:/.test(line));
  if (at < 0) return undefined;
  const where = lines.slice(at + 1).find((line) => /^\s+at /.test(line))?.trim();
  return `${lines[at]!.trim()}${where ? ` (${where})` : ''}`;
}

export interface WorkerProcess {
  index: number;
  child: ChildProcess;
  /** Resolves once the worker polls its task queues. */
  polling: Promise<void>;
  output: () => string;
}

export interface StackOptions {
  /** The run's folder: Postgres cluster, Temporal SQLite file, media root. */
  runDir: string;
  /** Worker and service logs go here. */
  logDir: string;
  temporalBinary: string;
  workers: number;
  /** Extra environment of the worker processes (provider endpoints, render size …). */
  workerEnv: Record<string, string>;
  taskQueue: string;
  log: (line: string) => void;
}

export class ChaosStack {
  readonly config: Config;
  readonly mediaRoot: string;
  readonly taskQueue: string;
  private temporal: ChildProcess | undefined;
  private temporalLog: WriteStream;
  readonly workers: (WorkerProcess | undefined)[] = [];
  /** Process groups of every worker ever started (to find what outlives them). */
  readonly workerGroups = new Set<number>();
  /** Every pid seen in a worker's process group (render workers, ffmpeg …): temp files carry them. */
  readonly seenWorkerPids = new Set<number>();
  /** Workers that died without being killed (each is restarted, and the run fails). */
  readonly unexpectedExits: string[] = [];
  private workerStarts = 0;
  private closed = false;
  /** Service starts under way: shutdown waits for them, so nothing starts after it has stopped all. */
  private readonly starting = new Set<Promise<unknown>>();

  private constructor(
    readonly options: StackOptions,
    config: Config,
  ) {
    this.config = config;
    this.mediaRoot = path.join(options.runDir, 'media');
    this.taskQueue = options.taskQueue;
    this.temporalLog = createWriteStream(path.join(options.logDir, 'temporal.log'), { flags: 'a' });
    this.temporalLog.on('error', () => {}); // a killed server's last lines may come after the end
  }

  static async create(options: StackOptions): Promise<ChaosStack> {
    const config = loadConfig({
      SHIYING_DATA_DIR: options.runDir,
      SHIYING_PG_PORT: String(await freePort()),
      SHIYING_PG_DATABASE: 'chaos',
      SHIYING_TEMPORAL_PORT: String(await freePort()),
      SHIYING_TEMPORAL_UI_PORT: String(await freePort()),
    });
    return new ChaosStack(options, config);
  }

  get databaseUrl(): string {
    return databaseUrl(this.config);
  }

  get temporalAddress(): string {
    return temporalAddress(this.config);
  }

  // ---- Postgres ------------------------------------------------------------------------------

  private track<T>(start: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the stack is shut down'));
    const promise = start();
    this.starting.add(promise);
    void promise.catch(() => {}).finally(() => this.starting.delete(promise));
    return promise;
  }

  /** Creates the cluster and the database on first use and starts it. */
  startPostgres(): Promise<void> {
    return this.track(async () => {
      await ensureCluster(this.config);
      await startClusterInBackground(this.config);
      await ensureDatabase(this.config);
    });
  }

  async migrate(): Promise<void> {
    const sql = connectDatabase(this.config, { max: 1 });
    try {
      await migrate(sql);
    } finally {
      await sql.end({ timeout: 2 });
    }
  }

  /** `graceful`: pg_ctl stop -m fast; `kill`: -m immediate (no checkpoint; crash recovery on start). */
  async stopPostgres(mode: FaultMode): Promise<void> {
    if (mode === 'graceful') return stopCluster(this.config);
    const bin = findPostgresBin();
    if (!bin) throw new Error('Postgres binaries vanished');
    const owner = process.getuid?.() === 0 ? systemUser('postgres') : undefined;
    const result = await run(path.join(bin, 'pg_ctl'), ['-D', this.config.postgres.clusterDir, '-m', 'immediate', '-w', 'stop'], { ...owner, cwd: '/' });
    if (result.code !== 0) throw new Error(`pg_ctl stop -m immediate failed: ${(result.stderr || result.stdout).trim()}`);
  }

  /** Opens a pool to the run's database (the caller ends it). */
  openSql(max = 4): Sql {
    return connectDatabase(this.databaseUrl, { max });
  }

  // ---- Temporal ------------------------------------------------------------------------------

  startTemporal(): Promise<void> {
    return this.track(async () => {
      const child = spawnTemporal(this.config, this.options.temporalBinary);
      child.stdout?.pipe(this.temporalLog, { end: false });
      child.stderr?.pipe(this.temporalLog, { end: false });
      this.temporal = child;
      await waitForTemporal(this.config, 90_000);
    });
  }

  /** SIGTERM (`graceful`) or SIGKILL (`kill`); waits until the process is gone. */
  async stopTemporal(mode: FaultMode): Promise<void> {
    const child = this.temporal;
    if (!child) return;
    this.temporal = undefined;
    child.kill(mode === 'kill' ? 'SIGKILL' : 'SIGTERM');
    const gone = await Promise.race([exited(child).then(() => true), sleep(20_000).then(() => false)]);
    if (!gone) {
      child.kill('SIGKILL');
      await exited(child);
    }
  }

  async connectTemporal(): Promise<Connection> {
    return Connection.connect({ address: this.temporalAddress, connectTimeout: 10_000 });
  }

  // ---- workers -------------------------------------------------------------------------------

  workerEnv(): Record<string, string> {
    return {
      TEMPORAL_ADDRESS: this.temporalAddress,
      DATABASE_URL: this.databaseUrl,
      SHIYING_TASK_QUEUE: this.taskQueue,
      SHIYING_MEDIA_ROOT: this.mediaRoot,
      ...this.options.workerEnv,
    };
  }

  /** Starts worker `index` (replacing a dead one) in its own process group. */
  startWorker(index: number): WorkerProcess {
    if (this.closed) throw new Error('the stack is shut down');
    this.workerStarts += 1;
    const log = createWriteStream(path.join(this.options.logDir, `worker-${index}.log`), { flags: 'a' });
    log.on('error', () => {});
    log.write(`\n==== start ${this.workerStarts} at ${new Date().toISOString()} ====\n`);
    const child = spawn(process.execPath, [shiyingBin, 'worker'], {
      env: { ...process.env, ...this.workerEnv() },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    if (child.pid) this.workerGroups.add(child.pid);
    let output = '';
    let markPolling: () => void = () => {};
    let failPolling: (error: Error) => void = () => {};
    const polling = new Promise<void>((resolve, reject) => {
      markPolling = resolve;
      failPolling = reject;
    });
    polling.catch(() => {});
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      log.write(text);
      output = (output + text).slice(-20_000);
      if (output.includes('polling task queue')) markPolling();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    const worker: WorkerProcess = { index, child, polling, output: () => output };
    let polled = false;
    // (with a rejection handler: a worker that cannot start while Postgres is down is restarted below)
    polling.then(
      () => (polled = true),
      () => {},
    );
    child.once('close', (code, signal) => log.end(`==== exit ${code ?? signal} ====\n`));
    child.once('exit', (code, signal) => {
      failPolling(new Error(`worker ${index} exited (${code ?? signal}) before polling: ${output.slice(-600)}`));
      // Still registered: nobody killed or stopped it. Like a process supervisor (compose's
      // `restart: unless-stopped`), put a new worker in its place; a crash of a polling worker is
      // a finding, a refusal to start (Postgres down at that moment) is not.
      if (this.workers[index] === worker && !this.closed) {
        const last = output.trim().split('\n').at(-1)?.slice(0, 200) ?? '(no output)';
        if (polled) this.unexpectedExits.push(`worker ${index} (pid ${child.pid}) died by itself (${code ?? signal}): ${crashLine(output) ?? last}`);
        this.workers[index] = undefined;
        this.options.log(`worker ${index} ${polled ? 'died by itself' : 'did not start'} (${code ?? signal}): ${crashLine(output) ?? last}; starting another`);
        setTimeout(() => {
          if (!this.closed && !this.workers[index]) this.startWorker(index);
        }, polled ? 1000 : 3000);
      }
    });
    this.workers[index] = worker;
    return worker;
  }

  /** Pids of every worker process group, remembered (temp file names carry the pid that made them). */
  sampleWorkerPids(): void {
    for (const proc of listProcesses()) if (this.workerGroups.has(proc.pgid)) this.seenWorkerPids.add(proc.pid);
  }

  /**
   * SIGKILLs worker `index` (only its main process, as a crash would) and waits for it to die.
   * Returns what of its process group was still alive `graceMs` later (then kills those too).
   */
  async killWorker(index: number, graceMs = 10_000): Promise<string[]> {
    const worker = this.workers[index];
    if (!worker?.child.pid) return [];
    this.sampleWorkerPids();
    const pgid = worker.child.pid;
    this.workers[index] = undefined; // before the kill: its exit is expected
    worker.child.kill('SIGKILL');
    await exited(worker.child);
    const deadline = Date.now() + graceMs;
    let left = listProcesses().filter((p) => p.pgid === pgid);
    while (left.length > 0 && Date.now() < deadline) {
      await sleep(250);
      left = listProcesses().filter((p) => p.pgid === pgid);
    }
    if (left.length > 0) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    return left.map((p) => `${p.pid} (${p.command.slice(0, 100)}) outlived killed worker ${index} by ${graceMs / 1000} s`);
  }

  /** SIGTERM (the SDK drains in-flight tasks), then SIGKILL after `timeoutMs`. */
  async stopWorker(index: number, timeoutMs = 30_000): Promise<void> {
    const worker = this.workers[index];
    if (!worker) return;
    this.workers[index] = undefined;
    worker.child.kill('SIGTERM');
    const done = await Promise.race([exited(worker.child).then(() => true), sleep(timeoutMs).then(() => false)]);
    if (!done) worker.child.kill('SIGKILL');
    await exited(worker.child);
  }

  /** Brings back whatever is down (after a fault that went wrong) and waits until workers poll. */
  async ensureUp(): Promise<void> {
    if (!(await isClusterRunning(this.config))) await this.startPostgres();
    if (!this.temporal) await this.startTemporal();
    for (let i = 0; i < this.options.workers; i++) if (!this.workers[i]) this.startWorker(i);
    await Promise.all(this.workers.map((w) => w?.polling));
  }

  // ---- the end ---------------------------------------------------------------------------------

  /**
   * Stops everything this stack started: workers (gracefully, then their whole groups), Temporal,
   * Postgres. Safe to call more than once and after partial start-up. Returns what had to be
   * killed because it outlived its parent.
   */
  async shutdown(options: { fast?: boolean } = {}): Promise<string[]> {
    this.closed = true;
    await Promise.allSettled([...this.starting]);
    const timeout = options.fast ? 3000 : 30_000;
    await Promise.all(this.workers.map((_, i) => this.stopWorker(i, timeout).catch(() => {})));
    // Render workers leave shortly after their parent; give them a moment before calling them lingering.
    const inGroups = () => listProcesses().filter((p) => this.workerGroups.has(p.pgid) && p.pid !== process.pid);
    for (const until = Date.now() + (options.fast ? 0 : 5000); inGroups().length > 0 && Date.now() < until; ) await sleep(200);
    const lingering: string[] = [];
    for (const proc of inGroups()) {
      lingering.push(`${proc.pid} (${proc.command.slice(0, 100)}) outlived its stopped worker`);
      try {
        process.kill(proc.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    await this.stopTemporal(options.fast ? 'kill' : 'graceful').catch(() => {});
    this.temporalLog.end();
    if (await isClusterRunning(this.config).catch(() => false)) {
      await this.stopPostgres(options.fast ? 'kill' : 'graceful').catch(() => this.stopPostgres('kill').catch(() => {}));
    }
    // Anything still holding the run's folder (a postmaster that ignored pg_ctl, a Temporal server).
    for (const proc of listProcesses()) {
      if (proc.pid !== process.pid && proc.command.includes(this.options.runDir) && alive(proc.pid)) {
        lingering.push(`${proc.pid} (${proc.command.slice(0, 100)}) still ran at the end`);
        try {
          process.kill(proc.pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
    return lingering;
  }
}
