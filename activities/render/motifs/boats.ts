// Boats on the water: a small crescent hull with a woven canopy, a sail, the fisherman in it, and
// a fishing fire whose glow flickers on the dark water.
import { blob, dab, fillPolygon, gradedFill, stroke, type Pt } from '../brush.js';
import { mix, rgba } from '../palette.js';
import { LAYER_DEPTH, place, region, type Stage } from '../stage.js';
import { paintReflection } from '../landscape/water.js';
import { paintFigure, paintFisherman } from './figures.js';
import type { MotifPainter, MotifRequest } from './motif.js';
import { sprite } from './sprites.js';

interface BoatAnchor {
  x: number;
  y: number;
  size: number;
}

function waterSpot(stage: Stage, w: number, h: number, primary: boolean): { x: number; y: number } {
  const top = (stage.waterTop - stage.oy) / stage.frameH;
  const y0 = Math.min(0.92, top + (primary ? 0.14 : 0.06));
  const y1 = Math.min(0.94, top + (primary ? 0.36 : 0.3));
  return place(stage, w, h, region(stage, 0.22, y0, 0.78, Math.max(y0, y1)), { weight: 3 });
}

export function paintBoat(stage: Stage, options: { primary: boolean; canopy: boolean }): BoatAnchor {
  const existing = stage.anchors.get('boat');
  if (existing) return existing;
  const { palette, noise } = stage;
  const ctx = stage.layers.near.ctx;
  const L = stage.unit * (options.primary ? 0.26 : 0.18) * Math.min(1.5, stage.scale);
  const spot = waterSpot(stage, L, L * 0.5, options.primary);
  const { x, y } = spot;
  const facing = stage.rng() < 0.5 ? 1 : -1;
  const top: Pt[] = [];
  const bottom: Pt[] = [];
  for (let i = 0; i <= 20; i++) {
    const t = i / 20;
    const px = x - L / 2 + t * L;
    const rise = Math.pow(Math.abs(t - 0.5) * 2, 2.2);
    top.push([px, y - L * 0.05 - rise * L * 0.07 * (t > 0.5 === facing > 0 ? 1.3 : 1)]);
    bottom.push([px, y + L * 0.04 * (1 - rise) - rise * L * 0.05]);
  }
  const hull: Pt[] = [...top, ...bottom.slice().reverse()];
  paintReflection(stage, ctx, x, y + L * 0.06, L * 0.9, L * 0.35, palette.ink, 0.25 * palette.inkStrength);
  fillPolygon(ctx, hull, palette.paper, 1);
  gradedFill(ctx, hull, palette.ink, y - L * 0.08, 0.45 * palette.inkStrength, y + L * 0.05, 0.75 * palette.inkStrength);
  stroke(ctx, top, { width: Math.max(1.2, L * 0.012), color: palette.ink, alpha: 0.9, noise, phase: x, taper: 0.5, ends: 0.3 });
  stroke(ctx, bottom, { width: Math.max(1.2, L * 0.015), color: palette.ink, alpha: 0.9, noise, phase: x + 4, taper: 0.5, ends: 0.3 });
  if (options.canopy) {
    const cx = x - facing * L * 0.12;
    const cw = L * 0.3;
    const ch = L * 0.13;
    const arc: Pt[] = Array.from({ length: 13 }, (_, i) => {
      const a = Math.PI + (i / 12) * Math.PI;
      return [cx + Math.cos(a) * cw / 2, y - L * 0.055 + Math.sin(a) * ch] as Pt;
    });
    fillPolygon(ctx, arc, palette.paper, 1);
    gradedFill(ctx, arc, palette.ink, y - L * 0.055 - ch, 0.35, y - L * 0.05, 0.6);
    stroke(ctx, arc, { width: Math.max(1, L * 0.01), color: palette.ink, alpha: 0.85, noise, phase: cx, taper: 0.4 });
    for (let r = 1; r < 5; r++) {
      const rx = cx - cw / 2 + (r / 5) * cw;
      stroke(ctx, [[rx, y - L * 0.055 - ch * Math.sin((r / 5) * Math.PI) * 0.95], [rx, y - L * 0.055]], { width: 1, color: palette.ink, alpha: 0.5, noise, phase: r });
    }
    if (palette.snowy) dab(ctx, cx, y - L * 0.055 - ch * 0.85, cw * 0.45, ch * 0.22, 0, mix(palette.paper, [255, 255, 255], 0.8), 0.95, noise, cx);
  }
  const anchor = { x: x + facing * L * 0.18, y: y - L * 0.05, size: L };
  stage.anchors.set('boat', { ...anchor, layer: 'near' });
  stage.anchors.set('boat-facing', { x: facing, y: 0, size: 0, layer: 'near' });
  if (options.primary) stage.focus = { x: (x - stage.ox) / stage.frameW, y: (y - stage.oy) / stage.frameH };
  return anchor;
}

export const boat: MotifPainter = {
  layer: 'near',
  order: 50,
  paint({ stage, primary }: MotifRequest) {
    paintBoat(stage, { primary, canopy: true });
  },
};

export const sail: MotifPainter = {
  layer: 'near',
  order: 51,
  paint({ stage, primary }: MotifRequest) {
    const { palette, noise } = stage;
    if (stage.anchors.has('boat')) {
      const b = stage.anchors.get('boat')!;
      drawSail(stage, b.x - b.size * 0.1, b.y, b.size * 0.75);
      return;
    }
    // A lone sail far off near the horizon (孤帆远影).
    const ctx = stage.layers.mid.ctx;
    const size = stage.unit * (primary ? 0.12 : 0.08);
    const spot = place(stage, size, size, region(stage, 0.2, (stage.waterTop - stage.oy) / stage.frameH + 0.01, 0.8, (stage.waterTop - stage.oy) / stage.frameH + 0.04), { weight: 2 });
    fillPolygon(ctx, [[spot.x - size * 0.3, spot.y], [spot.x + size * 0.3, spot.y], [spot.x + size * 0.2, spot.y + size * 0.08], [spot.x - size * 0.2, spot.y + size * 0.08]], palette.ink, 0.7);
    drawSail(stage, spot.x, spot.y, size, ctx);
    stroke(ctx, [[spot.x - size * 0.4, spot.y + size * 0.12], [spot.x + size * 0.4, spot.y + size * 0.12]], { width: 1.5, color: palette.ink, alpha: 0.3, noise, phase: 1 });
    if (primary) stage.focus = { x: (spot.x - stage.ox) / stage.frameW, y: (spot.y - stage.oy) / stage.frameH };
  },
};

function drawSail(stage: Stage, x: number, y: number, size: number, ctx = stage.layers.near.ctx): void {
  const { palette, noise } = stage;
  stroke(ctx, [[x, y], [x, y - size * 0.9]], { width: Math.max(1, size * 0.02), color: palette.ink, alpha: 0.9, noise, phase: x });
  const sailShape: Pt[] = [[x + size * 0.02, y - size * 0.85], [x + size * 0.36, y - size * 0.75], [x + size * 0.4, y - size * 0.15], [x + size * 0.02, y - size * 0.12]];
  fillPolygon(ctx, sailShape, palette.paper, 1);
  gradedFill(ctx, sailShape, palette.ink, y - size * 0.85, 0.12, y - size * 0.1, 0.3);
  stroke(ctx, [...sailShape, sailShape[0]!], { width: Math.max(1, size * 0.012), color: palette.ink, alpha: 0.7, noise, phase: x + 2, taper: 0.3, ends: 0.6 });
  for (let i = 1; i < 5; i++) {
    const t = i / 5;
    stroke(ctx, [[x + size * 0.02, y - size * (0.85 - 0.73 * t)], [x + size * (0.36 + 0.04 * t), y - size * (0.75 - 0.6 * t)]], { width: 1, color: palette.ink, alpha: 0.35, noise, phase: i });
  }
}

export const fisherman: MotifPainter = {
  layer: 'near',
  order: 60,
  paint({ stage, primary }: MotifRequest) {
    if (stage.ground === 'water') {
      const b = paintBoat(stage, { primary, canopy: false });
      const facing = (stage.anchors.get('boat-facing')?.x ?? 1) > 0 ? 1 : -1;
      paintFisherman(stage, stage.layers.near.ctx, b.x, b.y + 1, b.size * 0.42, facing as 1 | -1);
      stage.anchors.set('fisherman', { x: b.x, y: b.y, size: b.size * 0.42, layer: 'near' });
      if (primary) stage.focus = { x: (b.x - stage.ox) / stage.frameW, y: (b.y - stage.oy) / stage.frameH };
      return;
    }
    const h = stage.frameH * 0.1 * stage.scale;
    const spot = place(stage, h, h, region(stage, 0.15, 0.7, 0.85, 0.9), { weight: 2 });
    paintFigure(stage, stage.layers.near.ctx, spot.x, spot.y, h, 'sit', 1);
  },
};

export const fishingFire: MotifPainter = {
  layer: 'near',
  order: 65,
  paint({ stage }: MotifRequest) {
    const { palette, rng } = stage;
    const b = stage.anchors.get('boat');
    const ctx = stage.layers.near.ctx;
    const lights = b ? [{ x: b.x + b.size * 0.3, y: b.y - b.size * 0.12 }] : Array.from({ length: 3 }, () => place(stage, 20, 20, region(stage, 0.15, (stage.waterTop - stage.oy) / stage.frameH + 0.05, 0.85, 0.85)));
    const warm: readonly [number, number, number] = [232, 150, 70];
    const r = stage.unit * 0.05;
    const glow = sprite(r * 2, r * 2, (g, w, h) => {
      const grad = g.createRadialGradient(w / 2, h / 2, 0, w / 2, h / 2, w / 2);
      grad.addColorStop(0, rgba([255, 220, 150], 0.95));
      grad.addColorStop(0.2, rgba(warm, 0.6));
      grad.addColorStop(1, rgba(warm, 0));
      g.fillStyle = grad;
      g.fillRect(0, 0, w, h);
    });
    for (const light of lights) {
      blob(ctx, light.x, light.y, r * 0.15, [255, 210, 140], 0.9, 0.5);
      paintReflection(stage, ctx, light.x, light.y + r * 0.6, r * 0.6, r * 2.5, warm, 0.5);
      const phase = rng() * 10;
      stage.animations.push({
        depth: LAYER_DEPTH.near,
        draw(c, t, toFrame, scale) {
          const [fx, fy] = toFrame(light.x, light.y);
          const flicker = 0.75 + 0.15 * Math.sin(t * 9 + phase) + 0.1 * Math.sin(t * 23 + phase * 2);
          const size = glow.width * scale * (0.9 + 0.1 * flicker);
          c.globalAlpha = Math.min(1, flicker * (palette.night ? 1 : 0.6));
          c.drawImage(glow, fx - size / 2, fy - size / 2, size, size);
          c.globalAlpha = 1;
        },
      });
    }
  },
};
