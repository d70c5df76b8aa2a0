// The film pipeline shared by every provider: validate the plan → narrate every line → sync (each
// shot's final length from its narration) → render each shot's clip (cached by content) → music
// bed → mix (ducked, loudness-normalised) → cross-fades → join by stream copy and mux → WebVTT,
// poster, storyboard. Every artifact lives in the content-addressed media store, so an unchanged
// shot, line or mix is never produced twice.
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { lineCoverageProblems, ShotPlan } from '../../prompts/shot-plan.js';
import { audioMeasureJob, audioMixJob, concatList, parseIntegratedLoudness, crossfadeJob, DEFAULT_VIDEO_ENCODING, encodingKey, filmMuxJob, loneEncoding, type VideoEncoding } from '../media/ffmpeg-args.js';
import type { FfmpegRunner } from '../media/ffmpeg-runner.js';
import type { MediaStore } from '../media/media-store.js';
import { placeClips, readWav, writeWav } from '../media/wav.js';
import { composeBed } from '../music/pentatonic.js';
import { renderMusicBed } from '../music/music-bed.js';
import { narrateLines, NARRATION_SAMPLE_RATE, type LineAudio } from '../narration/narrate.js';
import type { VideoProvider, ShotClipRequest, ShotClipResult } from '../providers/video-provider.js';
import type { VoiceProvider } from '../providers/voice-provider.js';
import { seedFrom } from '../render/random.js';
import type { NotDrawn } from '../render/scene.js';
import type { ShotSubtitleSpec } from '../render/shot-renderer.js';
import { resolveSubtitleFont } from '../subtitles/fonts.js';
import { toWebVtt } from '../subtitles/vtt.js';
import { renderStoryboard } from './storyboard.js';
import { buildTimeline, DEFAULT_SYNC, type FilmTimeline, type ShotTiming, type SyncSettings } from './sync.js';

export class PlanValidationError extends Error {
  override name = 'PlanValidationError';
}

export interface FilmDeps {
  store: MediaStore;
  runner: FfmpegRunner;
  video: VideoProvider;
  voice: VoiceProvider;
}

export type FilmStage = 'narration' | 'shots' | 'audio' | 'assembly' | 'done';

export interface FilmProgress {
  stage: FilmStage;
  /** Overall fraction 0…1. */
  fraction: number;
  message: string;
}

export interface FilmOptions {
  /** Overrides the plan's aspect (and with it the resolution). */
  aspect?: '9:16' | '16:9';
  /** Overrides the plan's resolution (tests render small). */
  width?: number;
  height?: number;
  fps?: number;
  /**
   * Animate on twos (default true): 12 drawings a second at 24 fps, each shown for two frames, as
   * hand-drawn animation does — half the painting and encoding work. False draws every frame.
   */
  onTwos?: boolean;
  /** Show the English translation under the Chinese (default true). */
  english?: boolean;
  /** Kai font file for subtitles and seal (default: LXGW WenKai, else AR PL UKai). */
  subtitleFont?: string;
  encoding?: VideoEncoding;
  sync?: SyncSettings;
  /** Also copy the film (and its .vtt, .jpg poster, .storyboard.png) to this path. */
  out?: string;
  signal?: AbortSignal;
  onProgress?: (progress: FilmProgress) => void;
  /** Called with each ffmpeg process the shot renderers start (tests use it to kill one). */
  onFfmpegSpawn?: (pid: number) => void;
}

export interface FilmShot {
  index: number;
  clip: string;
  keyframe: string;
  durationSec: number;
  cached: boolean;
  drawn: { term: string; motif: string }[];
  notDrawn: NotDrawn[];
}

export interface FilmResult {
  film: string;
  poster: string;
  storyboard: string;
  vtt: string;
  /** The narration alone on the film's timeline (for checks and for re-mixing). */
  narration: string;
  durationSec: number;
  shots: FilmShot[];
  timeline: FilmTimeline;
  /** True when the whole film came from the store. */
  cached: boolean;
}

const MUSIC_VERSION = 1;
const MIX_VERSION = 4;
const ASSEMBLY_VERSION = 1;
const PAPER_COLOUR = '0xF3EEE3';
/** EBU R128 integrated loudness of the finished film. */
export const TARGET_LUFS = -16;

/**
 * Waits for every job to settle, then throws the first failure: nothing is left writing behind
 * our back (into a folder about to be removed) once a failure is reported.
 */
async function allSettledOrThrow(jobs: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(jobs)).find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Parses and checks a plan, with one readable message listing what is wrong. */
export function validatePlan(input: unknown): ShotPlan {
  const parsed = ShotPlan.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 6).map((issue) => `${issue.path.join('.') || '(plan)'}: ${issue.message}`);
    throw new PlanValidationError(`invalid shot plan: ${issues.join('; ')}${parsed.error.issues.length > 6 ? ` (and ${parsed.error.issues.length - 6} more)` : ''}`);
  }
  const problems = lineCoverageProblems(parsed.data);
  if (problems.length > 0) throw new PlanValidationError(`invalid shot plan: ${problems.join('; ')}`);
  return parsed.data;
}

/** The plan with the film's actual format applied (aspect, resolution, fps). */
export function filmFormat(plan: ShotPlan, options: FilmOptions): ShotPlan {
  const aspect = options.aspect ?? plan.style.aspect;
  let { width, height } = plan.style.resolution;
  if (aspect !== plan.style.aspect) {
    width = aspect === '9:16' ? 720 : 1280;
    height = aspect === '9:16' ? 1280 : 720;
  }
  width = options.width ?? width;
  height = options.height ?? height;
  if (width % 2 || height % 2) throw new PlanValidationError(`resolution must be even for H.264 4:2:0, got ${width}×${height}`);
  return { ...plan, style: { ...plan.style, aspect, fps: options.fps ?? plan.style.fps, resolution: { width, height } } };
}

function dominantMood(plan: ShotPlan): string {
  const counts = new Map<string, number>();
  for (const shot of plan.shots) counts.set(shot.mood, (counts.get(shot.mood) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'serene';
}

export function subtitlesFor(plan: ShotPlan, timing: ShotTiming, fontPath: string, options: FilmOptions, settings: SyncSettings): ShotSubtitleSpec {
  const first = timing.index === 0;
  const last = timing.index === plan.shots.length - 1;
  const lastLine = timing.lines[timing.lines.length - 1];
  return {
    orientation: plan.style.resolution.height > plan.style.resolution.width ? 'vertical' : 'horizontal',
    fontPath,
    fadeSec: settings.charFadeSec,
    lines: timing.lines.map((line) => ({ text: line.text, translation: options.english === false ? undefined : line.translation, charTimes: line.charTimes })),
    title: first ? { title: plan.poem.title, author: plan.poem.author, inSec: 0.15 } : undefined,
    seal: last && lastLine ? { author: plan.poem.author, atSec: Math.round((lastLine.startSec + lastLine.durationSec + 0.3) * 1000) / 1000 } : undefined,
  };
}

/** The frame a shot's still is taken from: its text complete (and its seal pressed). */
export function keyframeFor(timing: ShotTiming, subtitles: ShotSubtitleSpec, fps: number): number {
  const lastChar = Math.max(0, ...timing.lines.flatMap((line) => line.charTimes));
  const settled = Math.max(lastChar + subtitles.fadeSec + 0.3, (subtitles.seal?.atSec ?? 0) + 0.5);
  return Math.min(timing.frames - 1, Math.ceil(settled * fps));
}

/** A plan ready to render: formatted, narrated, and timed from the real audio. */
export interface PreparedFilm {
  plan: ShotPlan;
  lines: LineAudio[];
  timeline: FilmTimeline;
}

/** One shot's clip as stored: its media-store key and folder, and what the provider drew. */
export interface RenderedShot {
  key: string;
  dir: string;
  result: ShotClipResult;
  cached: boolean;
}

/** Steps 1 and 2: validate and format the plan, narrate every line (cached), build the timeline. */
export async function prepareFilm(deps: FilmDeps, planInput: unknown, options: FilmOptions = {}): Promise<PreparedFilm> {
  const plan = filmFormat(validatePlan(planInput), options);
  const report = (fraction: number, message: string) => options.onProgress?.({ stage: 'narration', fraction: Math.min(1, fraction), message });
  report(0, 'reciting the lines');
  const lines = await narrateLines({ store: deps.store, runner: deps.runner, voice: deps.voice }, plan, {
    signal: options.signal,
    onLine: (done, total) => report(0.05 * (done / total), `recited ${done}/${total} lines`),
  });
  const timeline = buildTimeline(
    plan,
    lines.map((l) => ({ line: l.line, text: l.text, durationSec: l.durationSec, pauses: l.reading.pauses.major })),
    options.sync ?? DEFAULT_SYNC,
  );
  return { plan, lines, timeline };
}

/** What the video provider is asked for one shot, and the media-store key of its clip. */
export function shotRequest(deps: FilmDeps, prepared: PreparedFilm, i: number, options: FilmOptions = {}): { request: ShotClipRequest; key: string } {
  const { plan, timeline } = prepared;
  const timing = timeline.shots[i];
  if (!timing) throw new PlanValidationError(`the plan has no shot ${i}`);
  const fontPath = resolveSubtitleFont(options.subtitleFont);
  const settings = options.sync ?? DEFAULT_SYNC;
  const encoding = options.encoding ?? DEFAULT_VIDEO_ENCODING;
  const { width, height } = plan.style.resolution;
  const fps = plan.style.fps;
  const half = timeline.crossfadeFrames / 2;
  const shot = plan.shots[i]!;
  const subtitles = subtitlesFor(plan, timing, fontPath, options, settings);
  const request: ShotClipRequest = {
    plan,
    shotIndex: i,
    width,
    height,
    fps,
    leadFrames: half,
    frames: timing.frames,
    tailFrames: half,
    keyframe: keyframeFor(timing, subtitles, fps),
    hold: options.onTwos === false ? 1 : 2,
    subtitles,
    encoding,
  };
  const key = deps.store.key('shot', {
    provider: deps.video.name,
    version: deps.video.version,
    shot,
    poem: { title: plan.poem.title, author: plan.poem.author },
    style: plan.style,
    frames: { lead: half, nominal: timing.frames, tail: half, keyframe: request.keyframe, hold: request.hold },
    subtitles: { ...subtitles, fontPath: path.basename(fontPath) },
    encoding: encodingKey(encoding),
  });
  return { request, key };
}

/**
 * Step 3 for one shot: its clip from the video provider, cached by everything that shapes it.
 * The production workflow runs this per shot (one activity each); produceFilm runs all of them.
 */
export async function renderFilmShot(
  deps: FilmDeps,
  prepared: PreparedFilm,
  i: number,
  options: FilmOptions = {},
  onShotProgress?: (fraction: number) => void,
): Promise<RenderedShot> {
  // Every provider burns the subtitles in: `local` draws them over its frames, the remote ones
  // composite the same drawings over the provider's picture while conforming it
  // (providers/remote/burned-subtitles.ts); the key covers the subtitles, so changed text or
  // timing makes a new clip.
  const { request, key } = shotRequest(deps, prepared, i, options);
  const entry = await deps.store.getOrProduce<ShotClipResult>('shot', key, (dir) =>
    deps.video.renderShot(request, dir, { signal: options.signal, onProgress: onShotProgress, onFfmpegSpawn: options.onFfmpegSpawn }),
  );
  onShotProgress?.(1);
  return { key, dir: entry.dir, result: entry.value, cached: entry.cached };
}

/** The whole film: steps 1–5, with each cross-fade and the audio started as soon as they can be. */
export async function produceFilm(deps: FilmDeps, planInput: unknown, options: FilmOptions = {}): Promise<FilmResult> {
  // A missing font stops the film before anything is made.
  resolveSubtitleFont(options.subtitleFont);
  const encoding = options.encoding ?? DEFAULT_VIDEO_ENCODING;
  const { signal } = options;
  const started = performance.now();
  const timing = process.env.SHIYING_FILM_TIMING ? (label: string) => console.error(`[film ${((performance.now() - started) / 1000).toFixed(2)} s] ${label}`) : () => {};
  const report = (stage: FilmStage, fraction: number, message: string) => options.onProgress?.({ stage, fraction: Math.min(1, fraction), message });
  // One renderer starts warming up now, while the lines are recited.
  deps.video.warm(1);

  // 1–2. Narration, measured, and the timeline from the real audio.
  const prepared = await prepareFilm(deps, planInput, options);
  const { plan, lines, timeline } = prepared;
  timing('narration done');
  // As many renderers as there are shots not yet in the store (a re-render of one changed shot
  // does not pay for a second).
  const stored = await Promise.all(timeline.shots.map((_, i) => deps.store.get('shot', shotRequest(deps, prepared, i, options).key)));
  const toRender = stored.filter((entry) => !entry).length;
  deps.video.warm(toRender);
  // Several shots share the cores one encoder thread each; a lone changed shot gets them all.
  const shotOptions = toRender === 1 ? { ...options, encoding: loneEncoding(encoding) } : options;
  const half = timeline.crossfadeFrames / 2;

  // 3. Shots, and meanwhile the audio (music bed, narration stem, mix).
  const shotFrames = timeline.shots.map((s) => s.frames + 2 * half);
  const totalShotFrames = shotFrames.reduce((a, b) => a + b, 0);
  const shotProgress = timeline.shots.map(() => 0);
  const reportShots = () =>
    report('shots', 0.05 + 0.8 * (shotProgress.reduce((sum, p, i) => sum + p * shotFrames[i]!, 0) / totalShotFrames), 'painting and encoding shots');

  const shotJobs = timeline.shots.map((_, i) =>
    renderFilmShot(deps, prepared, i, shotOptions, (fraction) => {
      shotProgress[i] = fraction;
      reportShots();
    }),
  );
  // Each cross-fade starts as soon as the two shots it joins are done (paper into the first).
  const fadeJobs = shotJobs.map(async (job, i) => {
    const [previous, shot] = await Promise.all([i === 0 ? undefined : shotJobs[i - 1], job]);
    return crossFade(deps, previous, shot, i, timeline, plan, encoding, signal);
  });
  await allSettledOrThrow([...shotJobs, ...fadeJobs, produceAudio(deps, plan, timeline, lines, signal)]);
  const shots = await Promise.all(shotJobs); // every one fulfilled by now
  timing('shots, cross-fades and audio done');
  report('assembly', 0.9, 'joining');
  const film = await assembleFilm(deps, prepared, shots, { ...options, onProgress: (p) => report('assembly', 0.9 + 0.08 * p.fraction, 'joining') });
  timing('film done');
  report('done', 1, 'done');
  return film;
}

/**
 * Step 5: the finished film from rendered shots — cross-fades, music and mix (each taken from the
 * store when already made), joined by stream copy with the WebVTT sidecar, poster and storyboard.
 */
export async function assembleFilm(deps: FilmDeps, prepared: PreparedFilm, shots: RenderedShot[], options: FilmOptions = {}): Promise<FilmResult> {
  const { plan, lines, timeline } = prepared;
  const { signal } = options;
  const fontPath = resolveSubtitleFont(options.subtitleFont);
  const encoding = options.encoding ?? DEFAULT_VIDEO_ENCODING;
  if (shots.length !== timeline.shots.length) throw new Error(`assembling ${shots.length} shots for a plan of ${timeline.shots.length}`);
  const [transitions, audio] = await Promise.all([
    Promise.all(shots.map((shot, i) => crossFade(deps, shots[i - 1], shot, i, timeline, plan, encoding, signal))),
    produceAudio(deps, plan, timeline, lines, signal),
  ]);
  const file = (i: number, name: keyof ShotClipResult['files']) => path.join(shots[i]!.dir, shots[i]!.result.files[name]);
  const segments = shots.flatMap((_, i) => [transitions[i]!, file(i, 'core')]);
  segments.push(file(shots.length - 1, 'tail'));
  const filmKey = deps.store.key('film', { version: ASSEMBLY_VERSION, segments: [...transitions, ...shots.map((s) => s.key)], mix: audio.mixKey, cues: timeline.cues, title: plan.poem.title, author: plan.poem.author });
  const filmEntry = await deps.store.getOrProduce<{ film: string; vtt: string; poster: string; storyboard: string }>('film', filmKey, async (dir) => {
    const list = path.join(dir, 'segments.ffconcat');
    const join = async () => {
      await writeFile(list, concatList(segments));
      await deps.runner.run(
        filmMuxJob(
          {
            concatListPath: list,
            audio: audio.mix,
            out: path.join(dir, 'film.mp4'),
            durationSec: timeline.durationSec,
            metadata: { title: `${plan.poem.title} · ${plan.poem.author}`, artist: plan.poem.author, comment: 'Shiying 诗影' },
          },
          'join shots and mux audio',
        ),
        { signal, onProgress: (p) => options.onProgress?.({ stage: 'assembly', fraction: p.fraction ?? 0, message: 'joining' }) },
      );
      await rm(list, { force: true });
    };
    // The companions are made while ffmpeg joins the film (the storyboard is the slow one).
    const companions = async () => {
      await writeFile(path.join(dir, 'film.vtt'), toWebVtt(timeline.cues, `${plan.poem.title} · ${plan.poem.author}`));
      await copyFile(file(0, 'keyframe'), path.join(dir, 'poster.jpg'));
      const board = await renderStoryboard(
        shots.map((shot, i) => ({
          index: i,
          keyframe: file(i, 'keyframe'),
          text: timeline.shots[i]!.lines.map((l) => l.text).join('，'),
          camera: `${plan.shots[i]!.camera.move} ${plan.shots[i]!.camera.shotSize}`,
          durationSec: timeline.shots[i]!.durationSec,
          notDrawn: shot.result.notDrawn.map((n) => n.term),
        })),
        { fontPath, title: plan.poem.title, author: plan.poem.author },
      );
      await writeFile(path.join(dir, 'storyboard.png'), board);
    };
    // Both settle before a failure is reported, so nothing writes into the folder once it is removed.
    await allSettledOrThrow([join(), companions()]);
    return { film: 'film.mp4', vtt: 'film.vtt', poster: 'poster.jpg', storyboard: 'storyboard.png' };
  });
  let result: FilmResult = {
    film: path.join(filmEntry.dir, filmEntry.value.film),
    poster: path.join(filmEntry.dir, filmEntry.value.poster),
    storyboard: path.join(filmEntry.dir, filmEntry.value.storyboard),
    vtt: path.join(filmEntry.dir, filmEntry.value.vtt),
    narration: audio.narration,
    durationSec: timeline.durationSec,
    timeline,
    cached: filmEntry.cached,
    shots: shots.map((shot, i) => ({
      index: i,
      clip: file(i, 'clip'),
      keyframe: file(i, 'keyframe'),
      durationSec: timeline.shots[i]!.durationSec,
      cached: shot.cached,
      drawn: shot.result.drawn,
      notDrawn: shot.result.notDrawn,
    })),
  };
  if (options.out) result = await exportFilm(result, options.out);
  return result;
}

/**
 * Step 4 for one shot boundary: the cross-fade from the previous shot's tail (or from blank paper
 * before the first shot) into this shot's head, stored by the two shots' keys.
 */
export async function crossFade(
  deps: FilmDeps,
  previous: RenderedShot | undefined,
  shot: RenderedShot,
  index: number,
  timeline: FilmTimeline,
  plan: ShotPlan,
  encoding: VideoEncoding,
  signal?: AbortSignal,
): Promise<string> {
  const { width, height } = plan.style.resolution;
  const fps = plan.style.fps;
  const key = deps.store.key('transition', { from: previous?.key ?? PAPER_COLOUR, to: shot.key, frames: timeline.crossfadeFrames, fps, width, height, encoding: encodingKey(encoding) });
  const entry = await deps.store.getOrProduce<{ file: string }>('transition', key, async (dir) => {
    const from = previous ? { file: path.join(previous.dir, previous.result.files.tail) } : { color: PAPER_COLOUR };
    const to = path.join(shot.dir, shot.result.files.head);
    await deps.runner.run(crossfadeJob({ from, to, width, height, fps, frames: timeline.crossfadeFrames, out: path.join(dir, 'fade.mp4'), encoding }, `cross-fade into shot ${index}`), { signal });
    return { file: 'fade.mp4' };
  });
  return path.join(entry.dir, entry.value.file);
}

/** The music bed, the narration stem and their mix, all content-addressed. */
async function produceAudio(deps: FilmDeps, plan: ShotPlan, timeline: FilmTimeline, lines: LineAudio[], signal: AbortSignal | undefined): Promise<{ mix: string; mixKey: string; narration: string }> {
  const mood = dominantMood(plan);
  const seed = seedFrom(`${plan.poem.title}|${plan.poem.author}`);
  const score = composeBed(mood, timeline.durationSec, seed);
  const musicKey = deps.store.key('music', { version: MUSIC_VERSION, score });
  const music = await deps.store.getOrProduce<{ file: string }>('music', musicKey, async (dir) => {
    await renderMusicBed(score, path.join(dir, 'music.wav'), { signal });
    return { file: 'music.wav' };
  });
  const placements = timeline.shots.flatMap((shot) => shot.lines.map((line) => ({ line: line.line, atSec: line.filmStartSec })));
  const lineFiles = new Map(lines.map((l) => [l.line, l.file]));
  const mixKey = deps.store.key('mix', {
    version: MIX_VERSION,
    music: musicKey,
    placements: placements.map((p) => ({ ...p, audio: path.basename(path.dirname(lineFiles.get(p.line)!)) })),
    durationSec: timeline.durationSec,
    loudness: TARGET_LUFS,
  });
  const mix = await deps.store.getOrProduce<{ mix: string; narration: string; measuredLufs: number; gainDb: number }>('mix', mixKey, async (dir) => {
    const clips = await Promise.all(placements.map(async (p) => ({ atSec: p.atSec, pcm: readWav(await readFile(lineFiles.get(p.line)!)) })));
    const stem = path.join(dir, 'narration.wav');
    const rates = new Set(clips.map((c) => c.pcm.sampleRate));
    if (rates.size > 1) throw new Error(`narration lines have different sample rates (${[...rates].join(', ')} Hz)`);
    await writeFile(stem, writeWav(placeClips(clips[0]?.pcm.sampleRate ?? NARRATION_SAMPLE_RATE, timeline.durationSec, clips)));
    // Loudness in two passes: measure the mix (EBU R128), then mix again with the gain that
    // brings it to the target, a limiter holding peaks under -1.5 dBFS.
    const spec = { narration: stem, music: path.join(music.dir, music.value.file), durationSec: timeline.durationSec, musicGain: 0.32, sampleRate: 48000 };
    const measured = parseIntegratedLoudness((await deps.runner.run(audioMeasureJob(spec, 'measure the mix loudness'), { signal })).log);
    if (measured === undefined || !Number.isFinite(measured)) throw new Error('could not measure the loudness of the mix');
    const gainDb = Math.max(-20, Math.min(30, TARGET_LUFS - measured));
    await deps.runner.run(audioMixJob({ ...spec, out: path.join(dir, 'mix.m4a'), gainDb }, 'mix narration and music'), { signal });
    return { mix: 'mix.m4a', narration: 'narration.wav', measuredLufs: measured, gainDb };
  });
  return { mix: path.join(mix.dir, mix.value.mix), mixKey, narration: path.join(mix.dir, mix.value.narration) };
}

/** Copies the film and its companions next to `out` (each written to a temporary name, then renamed). */
async function exportFilm(result: FilmResult, out: string): Promise<FilmResult> {
  const base = out.replace(/\.mp4$/i, '');
  const targets = { film: `${base}.mp4`, vtt: `${base}.vtt`, poster: `${base}.jpg`, storyboard: `${base}.storyboard.png` };
  await mkdir(path.dirname(base), { recursive: true });
  for (const [name, target] of Object.entries(targets) as [keyof typeof targets, string][]) {
    const tmp = path.join(path.dirname(target), `.${path.basename(target)}.partial-${randomBytes(4).toString('hex')}`);
    try {
      await copyFile(result[name], tmp);
      await rename(tmp, target);
    } finally {
      await rm(tmp, { force: true });
    }
  }
  return { ...result, ...targets };
}
