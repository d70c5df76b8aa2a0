// Falling leaves and drifting petals: small sprites tumbling down through the picture.
import { dab, stroke } from '../brush.js';
import { mix, rgba } from '../palette.js';
import { LAYER_DEPTH, type Stage } from '../stage.js';
import type { MotifPainter, MotifRequest } from './motif.js';
import { particleField, sprite, type Particle } from './sprites.js';

function tumbling(stage: Stage, count: number, speed: [number, number]): Particle[] {
  const { rng } = stage;
  const u = stage.unit / 720;
  return Array.from({ length: count }, (_, i) => ({
    x: rng() * stage.width,
    y: rng() * stage.height,
    vx: rng.range(-15, 25) * u,
    vy: rng.range(speed[0], speed[1]) * u,
    sway: rng.range(15, 40) * u,
    phase: rng() * Math.PI * 2,
    spin: rng.range(-2.5, 2.5),
    size: rng.range(0.7, 1.25),
    sprite: i % 3,
    alpha: rng.range(0.75, 1),
  }));
}

export const fallingLeaves: MotifPainter = {
  layer: 'front',
  order: 92,
  paint({ stage }: MotifRequest) {
    const { palette, noise } = stage;
    const autumn = stage.shot.setting.season === 'autumn' || stage.shot.setting.season === 'unspecified';
    const colors = autumn ? [palette.accent, mix(palette.accent, [200, 150, 60], 0.6), mix(palette.ink, palette.accent, 0.4)] : [palette.foliage, mix(palette.foliage, palette.ink, 0.3), palette.accent];
    const size = stage.unit * 0.022;
    const sprites = colors.map((color, k) =>
      sprite(size, size * 0.6, (ctx, w, h) => {
        dab(ctx, w / 2, h / 2, w * 0.45, h * 0.38, 0, color, 0.9, noise, k * 5);
        stroke(ctx, [[w * 0.08, h / 2], [w * 0.92, h / 2]], { width: 1, color: palette.ink, alpha: 0.3, noise, phase: k });
      }),
    );
    stage.animations.push(particleField(stage, LAYER_DEPTH.mid, tumbling(stage, 10, [25, 45]), sprites, { rotate: true }));
    stage.animations.push(particleField(stage, LAYER_DEPTH.front, tumbling(stage, 9, [45, 80]), sprites, { rotate: true }));
  },
};

export const petals: MotifPainter = {
  layer: 'front',
  order: 92,
  paint({ stage }: MotifRequest) {
    const { palette } = stage;
    const pinks = [palette.accent, mix(palette.accent, [255, 255, 255], 0.45), mix(palette.accent, [255, 230, 235], 0.7)];
    const size = stage.unit * 0.014;
    const sprites = pinks.map((color) =>
      sprite(size, size * 0.7, (ctx, w, h) => {
        const g = ctx.createRadialGradient(w / 2, h / 2, 0, w / 2, h / 2, w / 2);
        g.addColorStop(0, rgba(color, 0.95));
        g.addColorStop(1, rgba(color, 0));
        ctx.fillStyle = g;
        ctx.beginPath();
        ctx.ellipse(w / 2, h / 2, w / 2, h / 2, 0, 0, Math.PI * 2);
        ctx.fill();
      }),
    );
    stage.animations.push(particleField(stage, LAYER_DEPTH.mid, tumbling(stage, 22, [15, 30]), sprites, { rotate: true }));
    stage.animations.push(particleField(stage, LAYER_DEPTH.front, tumbling(stage, 14, [30, 55]), sprites, { rotate: true }));
  },
};
