// The `local` video provider: the procedural ink-wash renderer (activities/render/), run in a
// pool of worker processes. Offline, deterministic for a given plan, burns subtitles itself.
import path from 'node:path';
import { SHOT_FILES } from '../render/shot-renderer.js';
import { createRenderPool, defaultWorkerCount } from '../render/worker/worker-pool.js';
import type { ProviderControl, ShotClipRequest, ShotClipResult, VideoProvider, VideoProviderConfig } from './video-provider.js';

/** Bump whenever the renderer's output changes for the same input (invalidates cached clips). */
export const LOCAL_RENDERER_VERSION = 'ink-wash-2';

export function createLocalVideoProvider(config: VideoProviderConfig): VideoProvider {
  const pool = createRenderPool({ size: config.workers ?? defaultWorkerCount() });
  return {
    name: 'local',
    version: LOCAL_RENDERER_VERSION,
    burnsSubtitles: true,
    async renderShot(request: ShotClipRequest, outDir: string, control: ProviderControl = {}): Promise<ShotClipResult> {
      const result = await pool.render({ ...request, outDir, tools: config.tools }, control);
      const rel = (file: string) => path.relative(outDir, file);
      return {
        files: { clip: rel(result.files.clip), head: rel(result.files.head), core: rel(result.files.core), tail: rel(result.files.tail), keyframe: rel(result.files.keyframe) },
        drawn: result.drawn,
        notDrawn: result.notDrawn,
      };
    },
    warm: (shots) => pool.warm(shots),
    close: () => pool.close(),
  };
}

export { SHOT_FILES };
