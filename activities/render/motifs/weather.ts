// Weather: clouds and mist painted into the layers; rain, snow, wind-blown leaves animated as
// particle fields; frost as a pale glitter on the ground.
import { blob, dab, mistBand, stroke } from '../brush.js';
import { mix, rgba } from '../palette.js';
import { LAYER_DEPTH, region, place, type Stage } from '../stage.js';
import type { MotifPainter, MotifRequest } from './motif.js';
import { particleField, sprite, type Particle } from './sprites.js';

export const cloud: MotifPainter = {
  layer: 'sky',
  order: 20,
  paint({ stage }: MotifRequest) {
    const ctx = stage.layers.sky.ctx;
    const { rng, palette, noise } = stage;
    const banks = rng.int(2, 3);
    for (let b = 0; b < banks; b++) {
      const w = stage.frameW * rng.range(0.35, 0.6) * stage.scale;
      const h = stage.unit * rng.range(0.05, 0.09) * stage.scale;
      const spot = place(stage, w, h, region(stage, 0.1, 0.12, 0.9, Math.max(0.2, (stage.horizon - stage.oy) / stage.frameH - 0.1)), { weight: 0.3 });
      const light = palette.night || palette.sky !== null;
      // On a washed sky a cloud is lighter than its surroundings; on bare paper, a grey wash.
      for (let i = 0; i < 9; i++) {
        const t = i / 8;
        const x = spot.x - w / 2 + t * w;
        const y = spot.y - h / 2 - Math.sin(Math.PI * t) * h * 0.4;
        blob(ctx, x, y, h * rng.range(0.7, 1.2), light ? palette.paper : palette.ink, light ? 0.35 : 0.05, 0.2);
      }
      // A few curling outline strokes along the top.
      for (let i = 0; i < 4; i++) {
        const cx = spot.x - w / 2 + (i + 0.5) * (w / 4);
        const cy = spot.y - h * 0.7;
        const r = h * rng.range(0.35, 0.55);
        const arc = Array.from({ length: 14 }, (_, k) => {
          const a = Math.PI * (1 + k / 13);
          return [cx + Math.cos(a) * r, cy + Math.sin(a) * r * 0.7] as const;
        });
        stroke(ctx, arc, { width: stage.unit * 0.0025, color: palette.ink, alpha: 0.16 * palette.inkStrength, noise, phase: cx, taper: 1 });
      }
    }
  },
};

export const mist: MotifPainter = {
  layer: 'far',
  order: 50,
  paint({ stage }: MotifRequest) {
    const { palette, rng } = stage;
    for (const layer of ['far', 'mid', 'near'] as const) {
      const ctx = stage.layers[layer].ctx;
      const bands = layer === 'near' ? 1 : 2;
      for (let i = 0; i < bands; i++) {
        const y = stage.horizon + stage.frameH * rng.range(-0.25, layer === 'near' ? 0.25 : 0.05);
        mistBand(ctx, 0, stage.width, y, stage.frameH * rng.range(0.03, 0.07), palette.mist, 0.55);
      }
    }
  },
};

function flakes(stage: Stage, count: number, sizeRange: [number, number], speed: [number, number], alpha: number): Particle[] {
  const { rng } = stage;
  return Array.from({ length: count }, () => ({
    x: rng() * stage.width,
    y: rng() * stage.height,
    vx: rng.range(-6, 10) * (stage.unit / 720),
    vy: rng.range(speed[0], speed[1]) * (stage.unit / 720),
    sway: rng.range(4, 14) * (stage.unit / 720),
    phase: rng() * Math.PI * 2,
    spin: 0,
    size: rng.range(sizeRange[0], sizeRange[1]),
    sprite: 0,
    alpha: rng.range(alpha * 0.6, alpha),
  }));
}

export const snow: MotifPainter = {
  layer: 'front',
  order: 90,
  paint({ stage }: MotifRequest) {
    const { palette } = stage;
    const flakeSize = Math.max(3, stage.unit * 0.012);
    const white = mix(palette.paper, [255, 255, 255], 0.7);
    const flake = sprite(flakeSize * 2, flakeSize * 2, (ctx, w, h) => {
      const g = ctx.createRadialGradient(w / 2, h / 2, 0, w / 2, h / 2, w / 2);
      g.addColorStop(0, rgba(white, 1));
      g.addColorStop(0.45, rgba(white, 0.85));
      g.addColorStop(1, rgba(white, 0));
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, w, h);
    });
    // Grey-edged flakes read on bare paper; pure white ones read on the washed sky.
    const density = (stage.frameW * stage.frameH) / (720 * 1280);
    stage.animations.push(particleField(stage, LAYER_DEPTH.far, flakes(stage, Math.round(110 * density) + 20, [0.25, 0.4], [18, 30], 0.85), [flake]));
    stage.animations.push(particleField(stage, LAYER_DEPTH.mid, flakes(stage, Math.round(70 * density) + 12, [0.45, 0.65], [35, 55], 0.9), [flake]));
    stage.animations.push(particleField(stage, LAYER_DEPTH.front, flakes(stage, Math.round(26 * density) + 6, [0.8, 1.1], [70, 110], 0.95), [flake]));
    // Snow lies on the near ground: pale strokes across the foreground.
    const ctx = stage.layers.near.ctx;
    if (stage.ground === 'land') {
      for (let i = 0; i < 30; i++) {
        const x = stage.rng() * stage.width;
        const y = stage.horizon + stage.rng() * (stage.height - stage.horizon);
        dab(ctx, x, y, stage.unit * stage.rng.range(0.02, 0.06), stage.unit * 0.006, 0, white, 0.5, stage.noise, i);
      }
    }
  },
};

export const rain: MotifPainter = {
  layer: 'front',
  order: 90,
  paint({ stage }: MotifRequest) {
    const { palette, rng } = stage;
    const len = stage.unit * 0.05;
    const streak = sprite(len * 0.3 + 2, len, (ctx, w, h) => {
      const g = ctx.createLinearGradient(0, 0, 0, h);
      g.addColorStop(0, rgba(palette.ink, 0));
      g.addColorStop(1, rgba(palette.ink, 0.5));
      ctx.strokeStyle = g;
      ctx.lineWidth = Math.max(1, stage.unit * 0.0018);
      ctx.beginPath();
      ctx.moveTo(w - 1, 0);
      ctx.lineTo(1, h);
      ctx.stroke();
    });
    const drops = (depth: number, count: number, size: number, speed: number, alpha: number): Particle[] =>
      Array.from({ length: count }, () => ({
        x: rng() * stage.width,
        y: rng() * stage.height,
        vx: -speed * 0.25,
        vy: speed * rng.range(0.9, 1.1),
        sway: 0,
        phase: 0,
        spin: 0,
        size: size * rng.range(0.8, 1.2),
        sprite: 0,
        alpha: alpha * rng.range(0.6, 1) * depth,
      }));
    const u = stage.unit / 720;
    stage.animations.push(particleField(stage, LAYER_DEPTH.mid, drops(1, 90, 0.6, 700 * u, 0.5), [streak]));
    stage.animations.push(particleField(stage, LAYER_DEPTH.front, drops(1, 45, 1.1, 1100 * u, 0.6), [streak]));
    // A veil of rain over the far distance.
    mistBand(stage.layers.far.ctx, 0, stage.width, stage.horizon - stage.frameH * 0.05, stage.frameH * 0.12, palette.mist, 0.5);
  },
};

export const frost: MotifPainter = {
  layer: 'near',
  order: 15,
  paint({ stage }: MotifRequest) {
    const { palette, rng, noise } = stage;
    // Indoors, frost is the moonlight on the floor (painted with it); without a moon, the floor glitters.
    if (stage.ground === 'interior' && stage.shot.imagery.concat(stage.shot.continuity?.carryOver ?? []).some((i) => i.motif === 'moon')) return;
    const ctx = stage.layers.near.ctx;
    const white = mix(palette.paper, [255, 255, 255], 0.8);
    const top = stage.ground === 'interior' ? stage.horizon : stage.horizon + stage.frameH * 0.05;
    const count = Math.round((stage.width * (stage.height - top)) / 1800);
    for (let i = 0; i < count; i++) {
      const x = rng() * stage.width;
      const y = top + Math.pow(rng(), 0.8) * (stage.height - top);
      const near = (y - top) / (stage.height - top);
      const r = stage.unit * (0.0015 + 0.004 * near) * rng.range(0.6, 1.4);
      dab(ctx, x, y, r * 2.2, r, 0, white, rng.range(0.35, 0.85), noise, i * 0.3);
    }
    // A cold pale sheen over the ground.
    const g = ctx.createLinearGradient(0, top, 0, stage.height);
    g.addColorStop(0, rgba([200, 210, 225], 0));
    g.addColorStop(1, rgba([200, 210, 225], 0.16));
    ctx.fillStyle = g;
    ctx.fillRect(0, top, stage.width, stage.height - top);
  },
};

export const wind: MotifPainter = {
  layer: 'front',
  order: 91,
  paint({ stage }: MotifRequest) {
    const { palette, rng, noise } = stage;
    // Wind shows in what it carries: torn leaves and streaks of mist blowing sideways.
    const bit = sprite(stage.unit * 0.014, stage.unit * 0.007, (ctx, w, h) => dab(ctx, w / 2, h / 2, w * 0.45, h * 0.4, 0, palette.foliage, 0.85, noise, 3));
    const u = stage.unit / 720;
    const bits: Particle[] = Array.from({ length: 18 }, () => ({
      x: rng() * stage.width,
      y: rng() * stage.height,
      vx: rng.range(120, 220) * u,
      vy: rng.range(-10, 30) * u,
      sway: rng.range(10, 30) * u,
      phase: rng() * 6,
      spin: rng.range(2, 5),
      size: rng.range(0.7, 1.3),
      sprite: 0,
      alpha: 0.8,
    }));
    stage.animations.push(particleField(stage, LAYER_DEPTH.near, bits, [bit], { rotate: true }));
    const ctx = stage.layers.far.ctx;
    for (let i = 0; i < 6; i++) {
      const y = stage.horizon - stage.frameH * rng.range(0.05, 0.3);
      const x = rng() * stage.width;
      stroke(ctx, [[x, y], [x + stage.unit * 0.3, y - stage.unit * 0.02]], { width: stage.unit * 0.01, color: palette.mist, alpha: 0.5, noise, phase: i * 4 });
    }
  },
};
