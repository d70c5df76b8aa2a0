// Per-frame compositing: each pre-painted layer is drawn through the camera (its own parallax),
// animations are stamped between the layers at their depth, and overlays (subtitles, seal) go
// on top, unmoved. This is the only per-frame work, so it must stay cheap: a handful of
// drawImage calls of layer regions that actually hold paint.
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import type { Ctx } from './brush.js';
import { cameraAt, viewRect, type CameraMove, type ShotSize } from './camera.js';
import type { PaintedScene } from './scene.js';

/** Something drawn over the finished picture in frame coordinates (subtitles, the seal). */
export interface FrameOverlay {
  draw(ctx: Ctx, t: number): void;
}

export interface ShotMotion {
  move: CameraMove;
  size: ShotSize;
  /** Frames before the shot's nominal start (its incoming cross-fade half) and its nominal length. */
  leadFrames: number;
  frames: number;
  /** Frames after the nominal end (outgoing cross-fade half). */
  tailFrames: number;
  fps: number;
}

export interface Compositor {
  canvas: Canvas;
  /** Draws the frame at shot-local frame number `f` (may be negative, down to -leadFrames). */
  drawFrame(f: number): void;
  /** The RGBA bytes of the current frame (a fresh buffer the caller may keep). */
  pixels(): Buffer;
}

export function createCompositor(scene: PaintedScene, motion: ShotMotion, overlays: FrameOverlay[]): Compositor {
  const { stage } = scene;
  const W = stage.frameW;
  const H = stage.frameH;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d', { alpha: false });
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'low';
  const totalSpan = Math.max(1, motion.leadFrames + motion.frames + motion.tailFrames - 1);

  function drawFrame(f: number): void {
    const t = f / motion.fps;
    const u = (f + motion.leadFrames) / totalSpan;
    const camera = cameraAt(motion.move, motion.size, u, scene.focus);
    let next = 0;
    const animations = scene.animations;
    for (let li = 0; li < scene.layers.length; li++) {
      const layer = scene.layers[li]!;
      const rect = viewRect(camera, layer.depth, stage.geometry);
      const scale = W / rect.w;
      if (li === 0) {
        // The sky is (nearly) at infinity: it slides with the camera but does not grow, so it is
        // drawn unscaled at whole pixels — a plain copy, the cheapest draw there is.
        const cx = Math.round(rect.x + rect.w / 2 - W / 2);
        const cy = Math.round(rect.y + rect.h / 2 - H / 2);
        ctx.drawImage(layer.canvas, -cx, -cy);
      } else if (layer.bbox) {
        const bx0 = Math.max(rect.x, layer.bbox.x0);
        const by0 = Math.max(rect.y, layer.bbox.y0);
        const bx1 = Math.min(rect.x + rect.w, layer.bbox.x1);
        const by1 = Math.min(rect.y + rect.h, layer.bbox.y1);
        if (bx1 > bx0 && by1 > by0) {
          ctx.drawImage(layer.canvas, bx0, by0, bx1 - bx0, by1 - by0, (bx0 - rect.x) * scale, (by0 - rect.y) * scale, (bx1 - bx0) * scale, (by1 - by0) * scale);
        }
      }
      // Animations that live between this layer and the next.
      const upper = scene.layers[li + 1]?.depth ?? Infinity;
      while (next < animations.length && animations[next]!.depth < upper) {
        const animation = animations[next]!;
        const view = viewRect(camera, animation.depth, stage.geometry);
        const s = W / view.w;
        animation.draw(ctx, t, (x, y) => [(x - view.x) * s, (y - view.y) * s], s);
        next++;
      }
    }
    for (const overlay of overlays) overlay.draw(ctx, t);
  }

  return {
    canvas,
    drawFrame,
    pixels: () => canvas.data(),
  };
}

/** The shot-local frame numbers of a whole shot clip, cross-fade halves included. */
export function frameRange(motion: ShotMotion): { first: number; count: number } {
  return { first: -motion.leadFrames, count: motion.leadFrames + motion.frames + motion.tailFrames };
}

