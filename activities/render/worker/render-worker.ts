// A render worker process: receives shot jobs over IPC, renders each (painting, compositing,
// streaming frames into ffmpeg) and reports progress and results. It runs as a separate process
// so its memory allocator can be tuned for the ~4 MB frame buffers it makes 24 times a second
// (see worker-pool.ts), and so two shots can render on two cores at once.
import { renderShot } from '../shot-renderer.js';
import type { FromWorker, ToWorker } from './protocol.js';

const running = new Map<number, AbortController>();

function send(message: FromWorker): void {
  process.send?.(message);
}

process.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') {
    running.get(message.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(message.id, controller);
  renderShot(message.job, {
    signal: controller.signal,
    onProgress: (fraction) => send({ type: 'progress', id: message.id, fraction }),
    onFfmpegSpawn: (pid) => send({ type: 'spawned', id: message.id, pid }),
  }).then(
    (result) => send({ type: 'done', id: message.id, result }),
    (error: Error) => send({ type: 'error', id: message.id, name: error?.name ?? 'Error', message: error?.message ?? String(error) }),
  ).finally(() => running.delete(message.id));
});

// The parent going away ends the worker (and, through their killed pipes, its ffmpegs).
process.on('disconnect', () => {
  for (const controller of running.values()) controller.abort();
  setTimeout(() => process.exit(0), 200).unref();
});

send({ type: 'ready' });
