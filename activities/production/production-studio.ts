// The film studio as the production workflow uses it: narration first (it sizes the shots), then
// each shot as its own activity on its provider's queue, then the assembly. Every step goes
// through the content-addressed media store, so the assembly finds every shot already made and a
// regeneration redoes only the shot whose plan changed.
import path from 'node:path';
import type { Sql } from '../../platform/db.js';
import type { ShotPlan } from '../../prompts/shot-plan.js';
import { prepareFilm, produceFilm, renderFilmShot, type FilmDeps } from '../film/produce-film.js';
import { createFfmpegRunner } from '../media/ffmpeg-runner.js';
import { MediaStore } from '../media/media-store.js';
import { createVideoProvider, type VideoProvider } from '../providers/video-provider.js';
import { createVoiceProvider, type VoiceProvider } from '../providers/voice-provider.js';
import { remoteShotProvider, type RemoteShotClipResult, type RemoteShotContext } from '../providers/remote/remote-shot-provider.js';
import type { VideoProviderName } from '../../workflows/production-state.js';
import type { AssembleDraftInput, AssembledDraft, FilmStudio, GenerateShotInput, ShotResult, WorkHooks } from './production-activities.js';

export interface ProductionStudioDeps {
  sql: Sql;
  mediaRoot: string;
  ffmpegPath: string;
  ffprobePath: string;
  /** Voice provider name (default `local`). */
  voiceProvider?: string;
  /** Render worker processes of the local renderer. */
  renderWorkers?: number;
  /** Overrides the plans' resolution (tests and previews render small). */
  format?: { width: number; height: number };
}

export function createProductionStudio(deps: ProductionStudioDeps): FilmStudio & { close(): Promise<void> } {
  const store = new MediaStore(deps.mediaRoot);
  const runner = createFfmpegRunner({ ffmpegPath: deps.ffmpegPath, ffprobePath: deps.ffprobePath });
  let local: VideoProvider | undefined;
  let voice: Promise<VoiceProvider> | undefined;

  function videoProvider(provider: VideoProviderName, context: RemoteShotContext): VideoProvider {
    if (provider === 'local') return (local ??= createVideoProvider('local', { tools: runner.tools, workers: deps.renderWorkers }));
    // Remote providers carry the production, take and budget: their idempotency and cost keys.
    return remoteShotProvider(provider, { sql: deps.sql, media: store, runner }, context);
  }

  async function filmDeps(provider: VideoProviderName, context: RemoteShotContext): Promise<FilmDeps> {
    return { store, runner, video: videoProvider(provider, context), voice: await (voice ??= createVoiceProvider(deps.voiceProvider ?? 'local')) };
  }

  const format = deps.format ? { width: deps.format.width, height: deps.format.height } : {};

  /** Paths stored in Postgres and shown to the console are relative to the media root. */
  const relative = (file: string) => path.relative(deps.mediaRoot, file);

  function positionOf(plan: ShotPlan, shotIndex: number): number {
    const position = plan.shots.findIndex((shot) => shot.index === shotIndex);
    if (position < 0) throw new Error(`the plan has no shot ${shotIndex}`);
    return position;
  }

  return {
    async narrate(plan: ShotPlan, hooks: WorkHooks) {
      const film = await filmDeps('local', {});
      const prepared = await prepareFilm(film, plan, { ...format, signal: hooks.signal, onProgress: (p) => hooks.heartbeat(p) });
      return { durationsSec: prepared.timeline.shots.map((shot) => shot.durationSec) };
    },

    async generateShot(input: GenerateShotInput, hooks: WorkHooks): Promise<ShotResult> {
      const film = await filmDeps(input.provider, { productionId: input.productionId, take: input.take, budgetUsd: input.budgetUsd });
      film.video.warm();
      const prepared = await prepareFilm(film, input.plan, { ...format, signal: hooks.signal });
      const position = positionOf(prepared.plan, input.shotIndex);
      const rendered = await renderFilmShot(film, prepared, position, { ...format, signal: hooks.signal }, (fraction) => hooks.heartbeat({ shot: input.shotIndex, fraction }));
      const remote = (rendered.result as Partial<RemoteShotClipResult>).remote;
      return {
        clip: relative(path.join(rendered.dir, rendered.result.files.clip)),
        cached: rendered.cached,
        // A clip made earlier (by anyone) costs this production nothing now.
        costUsd: rendered.cached || !remote ? 0 : remote.costUsd,
        notDrawn: rendered.result.notDrawn.map((item) => item.term),
        durationSec: prepared.timeline.shots[position]!.durationSec,
      };
    },

    async assembleDraft(input: AssembleDraftInput, hooks: WorkHooks): Promise<AssembledDraft> {
      const film = await filmDeps(input.provider, { productionId: input.productionId, budgetUsd: null });
      const result = await produceFilm(film, input.plan, { ...format, signal: hooks.signal, onProgress: (p) => hooks.heartbeat(p) });
      return {
        version: input.version,
        film: relative(result.film),
        poster: relative(result.poster),
        storyboard: relative(result.storyboard),
        vtt: relative(result.vtt),
        durationSec: result.durationSec,
        shots: result.shots.map((shot) => ({
          index: input.plan.shots[shot.index]?.index ?? shot.index,
          clip: relative(shot.clip),
          durationSec: shot.durationSec,
          cached: shot.cached,
          notDrawn: shot.notDrawn.map((item) => item.term),
        })),
      };
    },

    async close() {
      await local?.close();
      local = undefined;
    },
  };
}
