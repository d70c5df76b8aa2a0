// Renders one shot to video: paint the layers once, then for every frame composite them through
// the camera, stamp animations and subtitles, and stream the raw RGBA frame into ffmpeg's stdin.
// One encode writes the whole clip and the same clip cut into head / core / tail segments (the
// head and tail are where the cross-fades with the neighbouring shots happen).
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { ShotPlan } from '../../prompts/shot-plan.js';
import { shotEncodeJob, type VideoEncoding } from '../media/ffmpeg-args.js';
import { createFfmpegRunner, type FfmpegTools } from '../media/ffmpeg-runner.js';
import type { Orientation } from '../subtitles/layout.js';
import { LIGHT_PICTURE_LUMINANCE, luminanceIn, shotSubtitleOverlay, subtitleLayoutFor, subtitleStyle } from '../subtitles/shot-subtitles.js';
import { createCompositor, type Compositor, type FrameOverlay } from './compositor.js';
import { paintScene, type NotDrawn, type PaintedScene } from './scene.js';

export interface ShotSubtitleSpec {
  orientation: Orientation;
  fontPath: string;
  fadeSec: number;
  lines: { text: string; translation?: string | undefined; charTimes: number[] }[];
  title?: { title: string; author: string; inSec: number } | undefined;
  seal?: { author: string; atSec: number } | undefined;
}

export interface ShotRenderJob {
  plan: ShotPlan;
  shotIndex: number;
  width: number;
  height: number;
  fps: number;
  /** Frames before the nominal start, nominal frames, frames after the nominal end. */
  leadFrames: number;
  frames: number;
  tailFrames: number;
  /** Shot-local frame used as the shot's still (storyboard, poster). */
  keyframe: number;
  /** Each drawing is held for this many frames: 1 on ones, 2 on twos (12 drawings a second at 24 fps). */
  hold?: number;
  subtitles: ShotSubtitleSpec | null;
  encoding: VideoEncoding;
  /** A temporary folder the results are written into. */
  outDir: string;
  tools: FfmpegTools;
}

export interface ShotRenderResult {
  /** Files inside outDir. */
  files: { clip: string; head: string; core: string; tail: string; keyframe: string };
  clipFrames: number;
  drawn: { term: string; motif: string }[];
  notDrawn: NotDrawn[];
}

export const SHOT_FILES = { clip: 'clip.mp4', head: 'seg0.mp4', core: 'seg1.mp4', tail: 'seg2.mp4', keyframe: 'keyframe.jpg' } as const;

export interface RenderControl {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  onFfmpegSpawn?: (pid: number) => void;
}

/** Paints the shot's layers and builds the per-frame compositor (camera, animations, subtitles). */
export function prepareShot(job: Omit<ShotRenderJob, 'outDir' | 'tools' | 'encoding'>): { compositor: Compositor; scene: PaintedScene } {
  const plan = ShotPlan.parse(job.plan);
  const shot = plan.shots[job.shotIndex];
  if (!shot) throw new Error(`shot ${job.shotIndex} is not in the plan`);
  const layout = job.subtitles ? subtitleLayoutFor(job.subtitles, job.width, job.height) : null;
  const margin = { ox: Math.round(job.width * 0.12), oy: Math.round(job.height * 0.12) };
  const reserved = (layout?.boxes ?? []).map((b) => ({ x0: b.x0 + margin.ox, y0: b.y0 + margin.oy, x1: b.x1 + margin.ox, y1: b.y1 + margin.oy }));
  const scene = paintScene(plan, job.shotIndex, job.width, job.height, reserved);
  const motion = { move: shot.camera.move, size: shot.camera.shotSize, leadFrames: job.leadFrames, frames: job.frames, tailFrames: job.tailFrames, fps: job.fps };

  const overlays: FrameOverlay[] = [];
  if (job.subtitles && layout) {
    // Choose ink or pale text from how light the picture is where the text will sit.
    const probe = createCompositor(scene, motion, []);
    probe.drawFrame(Math.round(job.frames / 2));
    const light = luminanceIn(probe.pixels(), job.width, layout.boxes) > LIGHT_PICTURE_LUMINANCE;
    overlays.push(shotSubtitleOverlay(job.subtitles, layout, subtitleStyle(light, scene.stage.palette)));
  }
  return { compositor: createCompositor(scene, motion, overlays), scene };
}

export async function renderShot(job: ShotRenderJob, control: RenderControl = {}): Promise<ShotRenderResult> {
  const { compositor, scene } = prepareShot(job);
  const total = job.leadFrames + job.frames + job.tailFrames;
  const cuts = [job.leadFrames + job.leadFrames, job.frames + job.leadFrames - job.tailFrames].filter((c, i, all) => c > 0 && c < total && (i === 0 || c > all[i - 1]!));
  const files = {
    clip: path.join(job.outDir, SHOT_FILES.clip),
    head: path.join(job.outDir, SHOT_FILES.head),
    core: path.join(job.outDir, SHOT_FILES.core),
    tail: path.join(job.outDir, SHOT_FILES.tail),
    keyframe: path.join(job.outDir, SHOT_FILES.keyframe),
  };
  const runner = createFfmpegRunner(job.tools);
  const hold = job.hold ?? 1;
  const frameBytes = job.width * job.height * 4;
  const stdin = new PassThrough({ highWaterMark: frameBytes * 3 });
  const encode = runner.run(
    shotEncodeJob(
      {
        width: job.width,
        height: job.height,
        fps: job.fps,
        frames: total,
        hold,
        cuts,
        clipPath: files.clip,
        segmentPattern: path.join(job.outDir, 'seg%d.mp4'),
        encoding: job.encoding,
      },
      `encode shot ${job.shotIndex}`,
    ),
    { stdin, signal: control.signal, onSpawn: control.onFfmpegSpawn },
  );
  let failure: unknown;
  let settled = false;
  const done = encode.then(
    () => (settled = true),
    (error: unknown) => {
      settled = true;
      failure = error;
    },
  );
  let keyframeWrite: Promise<void> | undefined;
  const timing = { draw: 0, pixels: 0, wait: 0, drawings: 0 };
  try {
    // One drawing every `hold` frames; ffmpeg repeats it to fill the frames in between.
    for (let i = 0; i < total && !settled; i += hold) {
      const f = i - job.leadFrames;
      const t0 = performance.now();
      compositor.drawFrame(f);
      const t1 = performance.now();
      const pixels = compositor.pixels();
      const t2 = performance.now();
      if (job.keyframe >= f && job.keyframe < f + hold) keyframeWrite = writeFile(files.keyframe, compositor.canvas.encodeSync('jpeg', 90));
      if (!stdin.write(pixels)) await Promise.race([once(stdin, 'drain'), done]);
      const t3 = performance.now();
      timing.draw += t1 - t0;
      timing.pixels += t2 - t1;
      timing.wait += t3 - t2;
      timing.drawings++;
      if (i % (12 * hold) === 0) control.onProgress?.(i / total);
      if (control.signal?.aborted) break;
    }
  } finally {
    stdin.end();
  }
  if (process.env.SHIYING_RENDER_TIMING) {
    const n = Math.max(1, timing.drawings);
    console.error(`shot ${job.shotIndex}: ${total} frames from ${n} drawings, per drawing: draw ${(timing.draw / n).toFixed(2)} ms, pixels ${(timing.pixels / n).toFixed(2)} ms, waiting for ffmpeg ${(timing.wait / n).toFixed(2)} ms`);
  }
  await done;
  if (failure) throw failure;
  if (!keyframeWrite) throw new Error(`keyframe ${job.keyframe} is outside shot ${job.shotIndex}`);
  await keyframeWrite;
  control.onProgress?.(1);
  return { files, clipFrames: total, drawn: scene.drawn, notDrawn: scene.notDrawn };
}
