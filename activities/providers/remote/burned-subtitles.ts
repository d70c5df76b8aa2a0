// The finishing pass that gives remote clips the local renderer's subtitles: the same layout,
// Kai font, fade-in with each character's recitation, title on the first shot and seal on the
// last (activities/subtitles/), drawn on a transparent canvas one drawing every `hold` frames, as
// the local renderer draws its frames, and streamed as raw RGBA into the conforming encode, which
// composites them over the provider's picture (clip-conform.ts) — one encode, no second pass.
// The text colour (dark ink or pale) is chosen, as locally, from how light the picture is where
// the text sits in the middle of the shot: one small frame of the conformed picture, extracted
// by ffmpeg before the encode (deterministic for a given clip).
import { once } from 'node:events';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { createCanvas } from '@napi-rs/canvas';
import type { FfmpegRunner } from '../../media/ffmpeg-runner.js';
import { paletteFor } from '../../render/palette.js';
import type { ShotSubtitleSpec } from '../../render/shot-renderer.js';
import type { Box } from '../../subtitles/layout.js';
import type { SubtitleOverlay } from '../../subtitles/overlay.js';
import { LIGHT_PICTURE_LUMINANCE, luminanceIn, shotSubtitleOverlay, subtitleLayoutFor, subtitleStyle } from '../../subtitles/shot-subtitles.js';
import type { ShotClipRequest } from '../video-provider.js';
import { frameProbeJob, overlayDrawings, type ConformOverlay, type ConformSpec } from './clip-conform.js';

/** The probe frame is the conformed picture shrunk this many times (area-averaged). */
const PROBE_SHRINK = 4;

export interface BurnedSubtitles {
  /** Where the drawings go, for `conformJobs`. */
  overlay: ConformOverlay;
  /** Whether the picture under the text was light (dark ink) or dark (pale text). */
  light: boolean;
  /** Mean luminance (0–255) of the picture in the text boxes. */
  luminance: number;
  /**
   * Writes every drawing into `stdin` (ffmpeg's overlay input), waiting when it is full, and
   * ends it; stops early when `encode` settles (ffmpeg stopped reading) or `signal` aborts.
   */
  feed(stdin: Writable, encode: Promise<unknown>, signal?: AbortSignal): Promise<void>;
}

/**
 * Packs the frame areas that can hold text into one drawing (the atlas): each area snapped out to
 * even pixels and clipped to the frame, overlapping ones merged (pieces never overlap, so nothing
 * is blended twice), then laid on shelves, tallest first, at the shelf width that gives the
 * smallest atlas. Null when no area is inside the frame. Only the pieces are converted and
 * blended, not the whole frame.
 */
export function overlayAtlas(areas: Box[], width: number, height: number, hold: number): ConformOverlay | null {
  const maxX = width - (width % 2);
  const maxY = height - (height % 2);
  let boxes = areas
    .map((a) => ({
      x0: Math.max(0, Math.floor(a.x0 / 2) * 2),
      y0: Math.max(0, Math.floor(a.y0 / 2) * 2),
      x1: Math.min(maxX, Math.ceil(a.x1 / 2) * 2),
      y1: Math.min(maxY, Math.ceil(a.y1 / 2) * 2),
    }))
    .filter((b) => b.x1 - b.x0 >= 2 && b.y1 - b.y0 >= 2);
  for (let merged = true; merged; ) {
    merged = false;
    outer: for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) {
          boxes[i] = { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
          boxes.splice(j, 1);
          merged = true;
          break outer;
        }
      }
    }
  }
  if (boxes.length === 0) return null;
  // Tallest first (then top to bottom, left to right), so the packing does not depend on stamp order.
  boxes = boxes.sort((a, b) => b.y1 - b.y0 - (a.y1 - a.y0) || a.y0 - b.y0 || a.x0 - b.x0);
  const widest = Math.max(...boxes.map((b) => b.x1 - b.x0));
  const total = boxes.reduce((sum, b) => sum + b.x1 - b.x0, 0);
  let best: ConformOverlay | null = null;
  for (let shelfWidth = widest; ; shelfWidth = Math.min(total, shelfWidth + 2)) {
    const pieces: ConformOverlay['pieces'] = [];
    let shelfY = 0;
    let shelfHeight = 0;
    let x = 0;
    let atlasWidth = 0;
    for (const b of boxes) {
      const w = b.x1 - b.x0;
      const h = b.y1 - b.y0;
      if (x > 0 && x + w > shelfWidth) {
        shelfY += shelfHeight;
        shelfHeight = 0;
        x = 0;
      }
      pieces.push({ x: b.x0, y: b.y0, width: w, height: h, atlasX: x, atlasY: shelfY });
      x += w;
      shelfHeight = Math.max(shelfHeight, h);
      atlasWidth = Math.max(atlasWidth, x);
    }
    const atlas = { width: atlasWidth, height: shelfY + shelfHeight, hold, pieces };
    if (!best || atlas.width * atlas.height < best.width * best.height) best = atlas;
    if (shelfWidth >= total) break;
  }
  return best;
}

/**
 * Prepares the subtitles of `request` for the conforming encode of the provider's clip (`conform`
 * without its overlay): measures the picture, picks the colours, builds the overlay. Null when
 * the shot has no subtitles or nothing to draw.
 */
export async function prepareBurnedSubtitles(
  request: Pick<ShotClipRequest, 'plan' | 'shotIndex' | 'width' | 'height' | 'fps' | 'leadFrames' | 'frames' | 'hold' | 'subtitles'>,
  conform: Omit<ConformSpec, 'overlay'>,
  deps: { runner: Pick<FfmpegRunner, 'run'>; workDir: string; label: string; signal?: AbortSignal; onFfmpegSpawn?: (pid: number) => void },
): Promise<BurnedSubtitles | null> {
  const spec: ShotSubtitleSpec | null = request.subtitles;
  if (!spec) return null;
  const shot = request.plan.shots[request.shotIndex];
  if (!shot) throw new Error(`shot ${request.shotIndex} is not in the plan`);
  const layout = subtitleLayoutFor(spec, request.width, request.height);

  // The picture where the text will sit, in the middle of the shot (as the local renderer looks).
  const probe = { width: Math.max(1, Math.round(request.width / PROBE_SHRINK)), height: Math.max(1, Math.round(request.height / PROBE_SHRINK)) };
  const probeFile = path.join(deps.workDir, `.subtitle-probe-${request.shotIndex}.rgb`);
  let pixels: Buffer;
  try {
    await deps.runner.run(frameProbeJob(conform, request.leadFrames + Math.round(request.frames / 2), probe, probeFile, `${deps.label}: picture under the subtitles`), {
      signal: deps.signal,
      onSpawn: deps.onFfmpegSpawn,
    });
    pixels = await readFile(probeFile);
  } finally {
    await rm(probeFile, { force: true });
  }
  if (pixels.length !== probe.width * probe.height * 3) throw new Error(`${deps.label}: the probe frame has ${pixels.length} bytes, expected ${probe.width}×${probe.height} RGB`);
  const sx = probe.width / request.width;
  const sy = probe.height / request.height;
  const boxes = layout.boxes.map((b) => ({ x0: b.x0 * sx, y0: b.y0 * sy, x1: b.x1 * sx, y1: b.y1 * sy }));
  const luminance = luminanceIn(pixels, probe.width, boxes, { channels: 3, step: 1 });
  const light = luminance > LIGHT_PICTURE_LUMINANCE;

  const overlay = shotSubtitleOverlay(spec, layout, subtitleStyle(light, paletteFor(shot, request.plan.style)));
  const atlas = overlayAtlas(overlay.areas, request.width, request.height, request.hold);
  if (!atlas) return null;
  const drawings = overlayDrawings({ leadFrames: request.leadFrames, frames: request.frames, tailFrames: conform.tailFrames }, request.hold);
  const clock = { drawings, leadFrames: request.leadFrames, fps: request.fps, width: request.width, height: request.height };
  return {
    overlay: atlas,
    light,
    luminance,
    feed: (stdin, encode, signal) => feedDrawings(overlay, atlas, clock, stdin, encode, signal),
  };
}

async function feedDrawings(
  overlay: SubtitleOverlay,
  atlas: ConformOverlay,
  clock: { drawings: number; leadFrames: number; fps: number; width: number; height: number },
  stdin: Writable,
  encode: Promise<unknown>,
  signal?: AbortSignal,
): Promise<void> {
  // The overlay is drawn on a transparent frame, as the local renderer draws it on its picture;
  // the pieces are copied from there into the atlas.
  const frame = createCanvas(clock.width, clock.height);
  const frameCtx = frame.getContext('2d');
  const sheet = createCanvas(atlas.width, atlas.height);
  const sheetCtx = sheet.getContext('2d');
  let settled = false;
  const done = encode.then(
    () => (settled = true),
    () => (settled = true),
  );
  let previous: { state: number[]; pixels: Buffer } | undefined;
  try {
    for (let k = 0; k < clock.drawings && !settled && !signal?.aborted; k++) {
      // Drawing k shows from clip frame k·hold: shot-local frame k·hold − lead.
      const t = (k * atlas.hold - clock.leadFrames) / clock.fps;
      const state = overlay.stateAt(t);
      let pixels = previous?.pixels;
      if (!previous || state.some((alpha, i) => alpha !== previous!.state[i])) {
        frameCtx.clearRect(0, 0, clock.width, clock.height);
        overlay.draw(frameCtx, t);
        sheetCtx.clearRect(0, 0, atlas.width, atlas.height);
        for (const p of atlas.pieces) sheetCtx.drawImage(frame, p.x, p.y, p.width, p.height, p.atlasX, p.atlasY, p.width, p.height);
        const image = sheetCtx.getImageData(0, 0, atlas.width, atlas.height);
        pixels = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
        previous = { state, pixels };
      }
      if (!stdin.write(pixels)) await Promise.race([once(stdin, 'drain'), done]);
    }
  } finally {
    stdin.end();
  }
}
