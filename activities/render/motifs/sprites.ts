// Small pre-painted images that animations stamp every frame (a snowflake, a raindrop, a petal):
// painting once and stamping many times keeps each frame cheap.
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import type { Ctx } from '../brush.js';
import type { Animation, Stage } from '../stage.js';

export function sprite(width: number, height: number, paint: (ctx: Ctx, w: number, h: number) => void): Canvas {
  const canvas = createCanvas(Math.max(1, Math.ceil(width)), Math.max(1, Math.ceil(height)));
  paint(canvas.getContext('2d'), canvas.width, canvas.height);
  return canvas;
}

export interface Particle {
  x: number;
  y: number;
  vx: number;
  vy: number;
  sway: number;
  phase: number;
  spin: number;
  size: number;
  sprite: number;
  alpha: number;
}

const wrap = (v: number, size: number) => ((v % size) + size) % size;

/**
 * A field of particles drifting through the layer space (wrapping around), drawn with parallax at
 * `depth`. Positions are pure functions of time, so any frame can be drawn in any order.
 */
export function particleField(stage: Stage, depth: number, particles: Particle[], sprites: Canvas[], options: { rotate?: boolean } = {}): Animation {
  const W = stage.width;
  const H = stage.height;
  return {
    depth,
    draw(ctx, t, toFrame, scale) {
      for (const p of particles) {
        const x = wrap(p.x + p.vx * t + p.sway * Math.sin(t * 1.3 + p.phase), W);
        const y = wrap(p.y + p.vy * t, H);
        const [fx, fy] = toFrame(x, y);
        const img = sprites[p.sprite]!;
        const w = img.width * p.size * scale;
        const h = img.height * p.size * scale;
        if (fx < -w || fy < -h || fx > stage.frameW + w || fy > stage.frameH + h) continue;
        ctx.globalAlpha = p.alpha;
        if (options.rotate) {
          const angle = p.phase + p.spin * t;
          ctx.setTransform(Math.cos(angle), Math.sin(angle), -Math.sin(angle), Math.cos(angle), fx, fy);
          ctx.drawImage(img, -w / 2, -h / 2, w, h);
          ctx.setTransform(1, 0, 0, 1, 0, 0);
        } else {
          ctx.drawImage(img, fx - w / 2, fy - h / 2, w, h);
        }
      }
      ctx.globalAlpha = 1;
    },
  };
}
