// Messages between the film process and its render worker processes (over the IPC channel).
import type { ShotRenderJob, ShotRenderResult } from '../shot-renderer.js';

export type ToWorker = { type: 'render'; id: number; job: ShotRenderJob } | { type: 'cancel'; id: number };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; id: number; fraction: number }
  | { type: 'spawned'; id: number; pid: number }
  | { type: 'done'; id: number; result: ShotRenderResult }
  | { type: 'error'; id: number; name: string; message: string };
