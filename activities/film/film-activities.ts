// The film activities, built from their dependencies: the media store root, ffmpeg, and which
// video and voice providers to use. `shiying render` calls `renderFilm` directly; the production
// workflow calls the same activity through Temporal (progress becomes heartbeats, cancellation
// comes from the activity context).
import { loadConfig } from '../../platform/config.js';
import type { ShotPlan } from '../../prompts/shot-plan.js';
import { createFfmpegRunner, type FfmpegRunner } from '../media/ffmpeg-runner.js';
import { MediaStore } from '../media/media-store.js';
import type { Sql } from '../../platform/db.js';
import { REMOTE_VIDEO_PROVIDERS, type RemoteVideoProviderName } from '../providers/remote/remote-video-provider.js';
import { remoteShotProvider } from '../providers/remote/remote-shot-provider.js';
import { createVideoProvider, type VideoProvider } from '../providers/video-provider.js';
import { createVoiceProvider, type VoiceProvider } from '../providers/voice-provider.js';
import { produceFilm, type FilmOptions, type FilmResult } from './produce-film.js';

export interface FilmActivityDeps {
  mediaRoot: string;
  ffmpegPath: string;
  ffprobePath: string;
  /** Video provider name (default `local`). */
  videoProvider?: string;
  /** Voice provider name (default `local`). */
  voiceProvider?: string;
  /** Render worker processes for the local renderer (default: one per CPU, at most 4). */
  renderWorkers?: number;
  /** Postgres, needed by remote video providers. */
  sql?: Sql;
}

/** The film studio's dependencies from the environment (SHIYING_MEDIA_ROOT, FFMPEG_PATH, FFPROBE_PATH). */
export function filmDepsFromConfig(env: NodeJS.ProcessEnv = process.env): FilmActivityDeps {
  const config = loadConfig(env);
  return { mediaRoot: config.mediaRoot, ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath };
}

/** What a film activity returns: JSON only (paths, numbers), safe to pass through Temporal. */
export type FilmSummary = Omit<FilmResult, 'timeline'> & { timeline: FilmResult['timeline'] };

export type RenderFilmOptions = Omit<FilmOptions, 'signal' | 'onProgress' | 'onFfmpegSpawn'>;

export interface FilmActivityHooks {
  signal?: AbortSignal;
  onProgress?: FilmOptions['onProgress'];
  onFfmpegSpawn?: FilmOptions['onFfmpegSpawn'];
}

/** Local or remote; remote providers keep their job ids and costs in Postgres, so they need `sql`. */
function chooseVideoProvider(deps: FilmActivityDeps, store: MediaStore, runner: FfmpegRunner): VideoProvider {
  const name = deps.videoProvider ?? 'local';
  if (!(REMOTE_VIDEO_PROVIDERS as readonly string[]).includes(name)) return createVideoProvider(name, { tools: runner.tools, workers: deps.renderWorkers });
  if (!deps.sql) throw new Error(`video provider "${name}" needs the database (job ids and costs): start it with \`npx shiying up\``);
  return remoteShotProvider(name as RemoteVideoProviderName, { sql: deps.sql, media: store, runner });
}

/** The film studio: renders films, and owns the local renderer's worker processes (`close` ends them). */
export function createFilmStudio(deps: FilmActivityDeps) {
  const store = new MediaStore(deps.mediaRoot);
  const runner: FfmpegRunner = createFfmpegRunner({ ffmpegPath: deps.ffmpegPath, ffprobePath: deps.ffprobePath });
  let video: VideoProvider | undefined;
  let voice: Promise<VoiceProvider> | undefined;
  const videoProvider = () => (video ??= chooseVideoProvider(deps, store, runner));
  const voiceProvider = () => (voice ??= createVoiceProvider(deps.voiceProvider ?? 'local'));

  /** The hooks of the Temporal activity running this call, when there is one. */
  async function activityHooks(): Promise<FilmActivityHooks> {
    try {
      const { Context } = await import('@temporalio/activity');
      const context = Context.current();
      let last = 0;
      return {
        signal: context.cancellationSignal,
        onProgress: (progress) => {
          const now = Date.now();
          if (now - last > 1000 || progress.stage === 'done') {
            last = now;
            context.heartbeat(progress);
          }
        },
      };
    } catch {
      return {};
    }
  }

  return {
    /** Plan → film (narration, shots, music, subtitles, assembly), every step cached by content. */
    async renderFilm(plan: ShotPlan | unknown, options: RenderFilmOptions = {}, hooks?: FilmActivityHooks): Promise<FilmSummary> {
      const effective = hooks ?? (await activityHooks());
      return produceFilm({ store, runner, video: videoProvider(), voice: await voiceProvider() }, plan, { ...options, ...effective });
    },
    /** Makes the video provider now, so a missing key is reported before any work. */
    checkVideoProvider(): void {
      videoProvider();
    },
    /** Stops the local renderer's worker processes (idle workers never keep a process alive). */
    async close(): Promise<void> {
      await video?.close();
      video = undefined;
    },
  };
}

export type FilmStudio = ReturnType<typeof createFilmStudio>;

/** The Temporal activities: what the production workflow calls. */
export function createFilmActivities(deps: FilmActivityDeps) {
  const studio = createFilmStudio(deps);
  return {
    renderFilm: (plan: ShotPlan | unknown, options: RenderFilmOptions = {}) => studio.renderFilm(plan, options),
  };
}

export type FilmActivities = ReturnType<typeof createFilmActivities>;
