// A small pool of render worker processes (render-worker.ts). Each worker renders one shot at a
// time; with two workers on two cores, painting/compositing and x264 keep both cores busy.
//
// Why processes, not threads: every frame makes a fresh ~4 MB pixel buffer. glibc's default
// allocator hands such buffers back to the kernel and faults them in again, which costs ~9 ms a
// frame (more than compositing it). The malloc tunables below keep that memory in the heap; they
// can only be set when a process starts, so frames are made in processes started with them.
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { RenderControl, ShotRenderJob, ShotRenderResult } from '../shot-renderer.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { renderWorkerLaunch } from './worker-bundle.js';

const WORKER_ENTRY = fileURLToPath(new URL('./render-worker.ts', import.meta.url));

export const WORKER_MALLOC_ENV = {
  MALLOC_MMAP_THRESHOLD_: String(128 * 1024 * 1024),
  MALLOC_TRIM_THRESHOLD_: String(1024 * 1024 * 1024),
  MALLOC_TOP_PAD_: String(64 * 1024 * 1024),
  // The canvas library allocates with mimalloc: keep freed pages instead of returning them.
  MIMALLOC_PURGE_DELAY: '-1',
  MIMALLOC_ALLOW_LARGE_OS_PAGES: '1',
};

/** An error reported by a render worker, keeping the original error's name. */
export class RenderWorkerError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

interface PendingJob {
  id: number;
  job: ShotRenderJob;
  control: RenderControl;
  resolve: (result: ShotRenderResult) => void;
  reject: (error: Error) => void;
}

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  current: PendingJob | undefined;
  exited: boolean;
}

export interface RenderPool {
  readonly size: number;
  render(job: ShotRenderJob, control?: RenderControl): Promise<ShotRenderResult>;
  /** Starts up to `count` worker processes now (they take a moment to load), so shots need not wait. */
  warm(count?: number): void;
  close(): Promise<void>;
}

/** One worker per core, at most 4 (a shot rarely has more company than that). */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length));
}

interface StartedProcess {
  child: ChildProcess;
  /** Resolves when the worker has loaded and said so, or has exited. */
  ready: Promise<void>;
}

function startWorkerProcess(): StartedProcess {
  const launch = renderWorkerLaunch(WORKER_ENTRY);
  const child = fork(launch.entry, [], {
    execArgv: launch.execArgv,
    env: { ...process.env, ...WORKER_MALLOC_ENV },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const ready = new Promise<void>((resolve) => {
    child.on('message', (message: FromWorker) => message.type === 'ready' && resolve());
    child.on('exit', () => resolve());
  });
  child.on('error', () => {
    /* reported through 'exit' */
  });
  return { child, ready };
}

// Workers started before any pool exists (the render command starts them first thing, so they
// load — about half a second each — while the command loads and plans); the first pools adopt them.
const spares: StartedProcess[] = [];

/**
 * Starts `count` render worker processes now, to be adopted by the next pool that needs a worker.
 * Unadopted spares never keep the process alive and end with it.
 */
export function prestartRenderWorkers(count: number): void {
  for (let i = spares.length; i < count; i++) {
    const spare = startWorkerProcess();
    spare.child.unref();
    (spare.child.channel as { unref?: () => void } | undefined)?.unref?.();
    spares.push(spare);
  }
}

function takeSpare(): StartedProcess | undefined {
  let spare: StartedProcess | undefined;
  while ((spare = spares.shift())) {
    if (spare.child.exitCode === null && spare.child.signalCode === null && spare.child.connected) return spare;
  }
  return undefined;
}

export function createRenderPool(options: { size: number }): RenderPool {
  const size = Math.max(1, Math.floor(options.size));
  const workers: Worker[] = [];
  const queue: PendingJob[] = [];
  let nextId = 1;
  let closed = false;

  function spawnWorker(): Worker {
    const { child, ready } = takeSpare() ?? startWorkerProcess();
    const worker: Worker = { child, ready, current: undefined, exited: false };
    child.on('message', (message: FromWorker) => {
      if (message.type === 'ready') return;
      const job = worker.current;
      if (!job || job.id !== message.id) return;
      if (message.type === 'progress') job.control.onProgress?.(message.fraction);
      else if (message.type === 'spawned') job.control.onFfmpegSpawn?.(message.pid);
      else if (message.type === 'done') finish(worker, () => job.resolve(message.result));
      else if (message.type === 'error') finish(worker, () => job.reject(new RenderWorkerError(message.name, message.message)));
    });
    child.on('exit', (code, signal) => {
      worker.exited = true;
      const index = workers.indexOf(worker);
      if (index >= 0) workers.splice(index, 1);
      const job = worker.current;
      worker.current = undefined;
      if (job) {
        job.reject(new RenderWorkerError('RenderWorkerError', `render worker exited (${signal ?? `code ${code}`}) while rendering shot ${job.job.shotIndex}`));
      }
      dispatch();
    });
    idle(worker);
    workers.push(worker);
    return worker;
  }

  function busy(worker: Worker): void {
    worker.child.ref();
    (worker.child.channel as { ref?: () => void } | undefined)?.ref?.();
  }

  function idle(worker: Worker): void {
    // An idle worker must not keep the process alive on its own.
    worker.child.unref();
    (worker.child.channel as { unref?: () => void } | undefined)?.unref?.();
  }

  function finish(worker: Worker, settle: () => void): void {
    worker.current = undefined;
    idle(worker);
    settle();
    dispatch();
  }

  function dispatch(): void {
    while (queue.length > 0 && !closed) {
      let worker = workers.find((w) => !w.current && !w.exited);
      if (!worker) {
        if (workers.length >= size) return;
        worker = spawnWorker();
      }
      const job = queue.shift()!;
      worker.current = job;
      busy(worker);
      const target = worker;
      void target.ready.then(() => {
        if (target.exited || target.current !== job) return;
        if (job.control.signal?.aborted) {
          finish(target, () => job.reject(new RenderWorkerError('CancelledError', `render shot ${job.job.shotIndex}: cancelled`)));
          return;
        }
        target.child.send({ type: 'render', id: job.id, job: job.job } satisfies ToWorker);
      });
    }
  }

  return {
    size,
    render(job, control = {}) {
      if (closed) return Promise.reject(new Error('render pool is closed'));
      return new Promise<ShotRenderResult>((resolve, reject) => {
        const pending: PendingJob = { id: nextId++, job, control, resolve, reject };
        control.signal?.addEventListener(
          'abort',
          () => {
            const queued = queue.indexOf(pending);
            if (queued >= 0) {
              queue.splice(queued, 1);
              reject(new RenderWorkerError('CancelledError', `render shot ${job.shotIndex}: cancelled`));
              return;
            }
            const worker = workers.find((w) => w.current === pending);
            if (worker && worker.child.connected) worker.child.send({ type: 'cancel', id: pending.id } satisfies ToWorker);
          },
          { once: true },
        );
        queue.push(pending);
        dispatch();
      });
    },
    warm(count = size) {
      while (!closed && workers.length < Math.min(size, count)) spawnWorker();
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('render pool closed'));
      await Promise.all(
        workers.slice().map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (worker.exited) return resolve();
              worker.child.once('exit', () => resolve());
              // Keep the process alive until the worker has really gone.
              worker.child.ref();
              worker.child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
