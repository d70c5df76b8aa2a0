// The remote video providers in the film's VideoProvider shape (activities/providers/
// video-provider.ts), so `createVideoProvider('kling' | 'wan' | 'openai-videos')` and everything
// built on it (`shiying render --provider …`, the film studio) use them like `local`: the shot is
// generated remotely (durably, priced, budgeted — remote-video-generator.ts) and conformed into
// the film's shot files (conform-shot.ts). Remote models cannot draw our calligraphy, so the
// conforming encode burns the film's own subtitles in (burned-subtitles.ts): the same layout,
// font, fade timing, title and seal as a local shot, so `burnsSubtitles` is true.
import type { ShotClipRequest, ShotClipResult, ProviderControl, VideoProvider } from '../video-provider.js';
import type { FfmpegRunner } from '../../media/ffmpeg-runner.js';
import type { MediaStore } from '../../media/media-store.js';
import type { Sql } from '../../../platform/db.js';
import type { Fetch } from './http-client.js';
import { loadRemoteProviderSettings, type RemoteProviderSettings } from './provider-settings.js';
import { conformShot } from './conform-shot.js';
import { createRemoteVideoGenerator, type RemoteVideoGenerator, type RemoteClip } from './remote-video-generator.js';
import type { RemoteVideoProviderName } from './remote-video-provider.js';

/** Bump when the conforming changes what the same remote clip becomes (2: subtitles burned in). */
export const CONFORM_VERSION = 2;

/** Optional context a caller can add to a ShotClipRequest (a production's shot, its take and budget). */
export interface RemoteShotContext {
  productionId?: string | null;
  take?: number;
  budgetUsd?: number | null;
}

export interface RemoteShotClipResult extends ShotClipResult {
  /** What the provider did for this shot. */
  remote: Pick<RemoteClip, 'provider' | 'model' | 'providerJobId' | 'costUsd' | 'cached' | 'adjustments' | 'durationSec'> & {
    slowdown: number;
    heldSec: number;
    trimmedSec: number;
  };
}

export interface RemoteShotProviderDeps {
  generator: RemoteVideoGenerator;
  runner: Pick<FfmpegRunner, 'run'>;
}

/**
 * A VideoProvider for `provider`. Throws at once — naming the missing variable — when the
 * provider's keys or price are not configured.
 */
export function createRemoteShotProvider(provider: RemoteVideoProviderName, deps: RemoteShotProviderDeps, context: RemoteShotContext = {}): VideoProvider {
  const api = deps.generator.api(provider);
  return {
    name: provider,
    version: `${provider}/${api.model}/conform-${CONFORM_VERSION}`,
    burnsSubtitles: true,
    async renderShot(request: ShotClipRequest & RemoteShotContext, outDir: string, control: ProviderControl = {}): Promise<RemoteShotClipResult> {
      const shot = request.plan.shots[request.shotIndex];
      if (!shot) throw new Error(`shot ${request.shotIndex} is not in the plan`);
      const clip = await deps.generator.generate(
        {
          provider,
          shot,
          style: request.plan.style,
          take: request.take ?? context.take ?? 1,
          productionId: request.productionId ?? context.productionId ?? null,
          budgetUsd: request.budgetUsd ?? context.budgetUsd,
        },
        {
          signal: control.signal,
          // The provider's own progress fills the first 80 %, conforming the rest.
          heartbeat: (details) => {
            if (details.progress !== undefined) control.onProgress?.(Math.min(0.8, (details.progress / 100) * 0.8));
          },
        },
      );
      const { files, plan } = await conformShot({ path: clip.clip, durationSec: clip.durationSec }, request, outDir, deps.runner, `conform ${provider} shot ${request.shotIndex}`, {
        ...control,
        onProgress: (fraction) => control.onProgress?.(0.8 + fraction * 0.2),
      });
      control.onProgress?.(1);
      return {
        files,
        // Every image was asked for in the prompt; whether the model drew it, only a reviewer can say.
        drawn: shot.imagery.map((item) => ({ term: item.term, motif: `${provider} prompt` })),
        notDrawn: [],
        remote: {
          provider: clip.provider,
          model: clip.model,
          providerJobId: clip.providerJobId,
          costUsd: clip.costUsd,
          cached: clip.cached,
          adjustments: clip.adjustments,
          durationSec: clip.durationSec,
          slowdown: plan.slowdown,
          heldSec: plan.heldSec,
          trimmedSec: plan.trimmedSec,
        },
      };
    },
    warm: () => {},
    close: async () => {},
  };
}

/**
 * The same, built from what the film already has (its media store and ffmpeg runner) plus
 * Postgres, where the job ids and costs live; settings default to the environment.
 */
export function remoteShotProvider(
  provider: RemoteVideoProviderName,
  deps: { sql: Sql; media: MediaStore; runner: FfmpegRunner; settings?: RemoteProviderSettings; fetch?: Fetch },
  context: RemoteShotContext = {},
): VideoProvider {
  const generator = createRemoteVideoGenerator({ sql: deps.sql, media: deps.media, ffmpeg: deps.runner, settings: deps.settings ?? loadRemoteProviderSettings(), fetch: deps.fetch });
  return createRemoteShotProvider(provider, { generator, runner: deps.runner }, context);
}
