// Runs the conforming of one provider clip into the film's shot files (clip, head / core / tail,
// still) — the jobs come from clip-conform.ts — with the shot's subtitles burned in by the same
// encode (burned-subtitles.ts): the picture under the text is probed, then the drawings stream
// into ffmpeg while it encodes.
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { FfmpegRunner } from '../../media/ffmpeg-runner.js';
import { SHOT_FILES } from '../../render/shot-renderer.js';
import type { ProviderControl, ShotClipFiles, ShotClipRequest } from '../video-provider.js';
import { prepareBurnedSubtitles } from './burned-subtitles.js';
import { conformJobs, type ConformPlan, type ConformSpec } from './clip-conform.js';

export interface ConformedShot {
  /** File names relative to the output folder. */
  files: ShotClipFiles;
  plan: ConformPlan;
  /** Whether subtitles were burned in, and on a light picture (dark ink) or a dark one. */
  subtitles: { light: boolean; luminance: number } | null;
}

/**
 * Conforms `clip` (the provider's file and its measured duration) into `outDir` as `request`
 * asks. Progress fractions from 0 to 1 go to `control.onProgress`.
 */
export async function conformShot(
  clip: { path: string; durationSec: number },
  request: ShotClipRequest,
  outDir: string,
  runner: Pick<FfmpegRunner, 'run'>,
  label: string,
  control: ProviderControl = {},
): Promise<ConformedShot> {
  const files: ShotClipFiles = { clip: SHOT_FILES.clip, head: SHOT_FILES.head, core: SHOT_FILES.core, tail: SHOT_FILES.tail, keyframe: SHOT_FILES.keyframe };
  const conform: ConformSpec = {
    input: clip.path,
    inputDurationSec: clip.durationSec,
    width: request.width,
    height: request.height,
    fps: request.fps,
    leadFrames: request.leadFrames,
    frames: request.frames,
    tailFrames: request.tailFrames,
    keyframe: request.keyframe,
    encoding: request.encoding,
    clipPath: path.join(outDir, files.clip),
    segmentPattern: path.join(outDir, 'seg%d.mp4'),
    keyframePath: path.join(outDir, files.keyframe),
  };
  const subtitles = await prepareBurnedSubtitles(request, conform, { runner, workDir: outDir, label, signal: control.signal, onFfmpegSpawn: control.onFfmpegSpawn });
  const plan = conformJobs({ ...conform, overlay: subtitles?.overlay }, label);
  const run = {
    signal: control.signal,
    onSpawn: control.onFfmpegSpawn,
    onProgress: ({ fraction }: { fraction: number | undefined }) => {
      if (fraction !== undefined) control.onProgress?.(fraction);
    },
  };
  if (!subtitles) {
    await runner.run(plan.encode, run);
  } else {
    // If drawing fails, the encode is stopped rather than left to finish with the last drawing held.
    const stop = new AbortController();
    const signal = control.signal ? AbortSignal.any([control.signal, stop.signal]) : stop.signal;
    const stdin = new PassThrough({ highWaterMark: subtitles.overlay.width * subtitles.overlay.height * 4 * 3 });
    const encode = runner.run(plan.encode, { ...run, signal, stdin });
    const fed = subtitles.feed(stdin, encode, signal).catch((error: unknown) => {
      stop.abort();
      throw error;
    });
    const [encoded, feeding] = await Promise.allSettled([encode, fed]);
    if (feeding.status === 'rejected') throw feeding.reason;
    if (encoded.status === 'rejected') throw encoded.reason;
  }
  await runner.run(plan.keyframe, { signal: control.signal, onSpawn: control.onFfmpegSpawn });
  return { files, plan, subtitles: subtitles ? { light: subtitles.light, luminance: subtitles.luminance } : null };
}
