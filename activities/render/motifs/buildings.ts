// Buildings and made things: roofs with upturned eaves (pavilion, tower, temple), city walls and
// frontier passes, beacon smoke, bridges, roads, cottages and villages, banners and wine flags.
import { blob, dab, fillPolygon, gradedFill, mistBand, stroke, type Ctx, type Pt } from '../brush.js';
import { mix } from '../palette.js';
import { place, region, viewRegion, type Stage } from '../stage.js';
import { groundSpot } from './ground-spots.js';
import type { MotifPainter, MotifRequest } from './motif.js';

/** A roof whose eave line is at y, w wide, h tall, with upturned corners. */
function roof(stage: Stage, ctx: Ctx, cx: number, y: number, w: number, h: number, tone = 0.6): void {
  const { palette, noise } = stage;
  const eave: Pt[] = [];
  for (let i = 0; i <= 16; i++) {
    const t = i / 16;
    const lift = Math.pow(Math.abs(t - 0.5) * 2, 3) * h * 0.45;
    eave.push([cx - w / 2 + t * w, y - lift]);
  }
  const ridgeY = y - h;
  const shape: Pt[] = [...eave, [cx + w * 0.28, ridgeY], [cx - w * 0.28, ridgeY]];
  fillPolygon(ctx, shape, palette.paper, 1);
  // Gongbi: azurite-glazed tiles under a lighter ink.
  const ink = palette.minerals ? 0.5 : 1;
  if (palette.minerals) fillPolygon(ctx, shape, palette.minerals.azurite, 0.55 * palette.inkStrength);
  gradedFill(ctx, shape, palette.ink, ridgeY, tone * ink * palette.inkStrength, y, tone * ink * 0.55 * palette.inkStrength);
  stroke(ctx, eave, { width: Math.max(1, h * 0.12), color: palette.ink, alpha: 0.9, noise, phase: cx, taper: 0.4, ends: 0.5 });
  stroke(ctx, [[cx - w * 0.3, ridgeY], [cx + w * 0.3, ridgeY]], { width: Math.max(1, h * 0.12), color: palette.ink, alpha: 0.9, noise, phase: cx + 1, taper: 0.3, ends: 0.6 });
  if (palette.snowy) dab(ctx, cx, ridgeY + h * 0.3, w * 0.32, h * 0.22, 0, mix(palette.paper, [255, 255, 255], 0.8), 0.95, noise, cx);
}

function posts(stage: Stage, ctx: Ctx, cx: number, top: number, bottom: number, w: number, count: number): void {
  for (let i = 0; i < count; i++) {
    const x = cx - w / 2 + (i / Math.max(1, count - 1)) * w;
    // Gongbi paints the pillars cinnabar.
    const color = stage.palette.minerals?.cinnabar ?? stage.palette.ink;
    stroke(ctx, [[x, top], [x, bottom]], { width: Math.max(1, (bottom - top) * 0.06), color, alpha: 0.8, noise: stage.noise, phase: x });
  }
}

function spotFor(stage: Stage, size: number, primary: boolean, distant: boolean): { x: number; y: number; s: number; layer: 'mid' | 'near' } {
  if (distant || stage.ground === 'water') {
    // On the far shore or a hillside, by the horizon.
    const y = stage.ground === 'water' ? stage.waterTop : stage.horizon + stage.frameH * 0.02;
    const spot = place(stage, size, size, { x0: stage.ox + stage.frameW * 0.15, x1: stage.ox + stage.frameW * 0.85, y0: y - 2, y1: y + stage.frameH * 0.03 }, { weight: 2 });
    return { x: spot.x, y: spot.y, s: size * (primary ? 0.9 : 0.6), layer: 'mid' };
  }
  const spot = groundSpot(stage, size, size, { weight: 2, far: true });
  return { x: spot.x, y: spot.y, s: size * spot.depthScale, layer: 'near' };
}

export const pavilion: MotifPainter = {
  layer: 'near',
  order: 55,
  paint({ stage, primary }: MotifRequest) {
    const size = stage.unit * (primary ? 0.3 : 0.2) * stage.scale;
    const p = spotFor(stage, size, primary, false);
    const ctx = stage.layers[p.layer].ctx;
    const w = p.s * 0.6;
    fillPolygon(ctx, [[p.x - w * 0.6, p.y], [p.x + w * 0.6, p.y], [p.x + w * 0.55, p.y - p.s * 0.06], [p.x - w * 0.55, p.y - p.s * 0.06]], stage.palette.ink, 0.35);
    posts(stage, ctx, p.x, p.y - p.s * 0.5, p.y - p.s * 0.06, w * 0.8, 3);
    roof(stage, ctx, p.x, p.y - p.s * 0.5, w * 1.5, p.s * 0.35);
    dab(ctx, p.x, p.y - p.s * 0.9, p.s * 0.03, p.s * 0.05, 0, stage.palette.ink, 0.9, stage.noise, p.x);
    stage.anchors.set('pavilion', { x: p.x, y: p.y, size: p.s, layer: p.layer });
    if (primary) stage.focus = { x: (p.x - stage.ox) / stage.frameW, y: (p.y - p.s * 0.5 - stage.oy) / stage.frameH };
  },
};

export const tower: MotifPainter = {
  layer: 'mid',
  order: 55,
  paint({ stage, primary }: MotifRequest) {
    const size = stage.unit * (primary ? 0.45 : 0.3) * stage.scale;
    const p = spotFor(stage, size * 0.6, primary, true);
    const ctx = stage.layers[p.layer].ctx;
    const tiers = 3;
    let y = p.y;
    let w = size * 0.5;
    fillPolygon(ctx, [[p.x - w * 0.7, y], [p.x + w * 0.7, y], [p.x + w * 0.6, y - size * 0.1], [p.x - w * 0.6, y - size * 0.1]], stage.palette.ink, 0.4);
    y -= size * 0.1;
    for (let t = 0; t < tiers; t++) {
      const storey = size * 0.2;
      fillPolygon(ctx, [[p.x - w * 0.45, y], [p.x + w * 0.45, y], [p.x + w * 0.45, y - storey], [p.x - w * 0.45, y - storey]], stage.palette.paper, 1);
      posts(stage, ctx, p.x, y - storey, y, w * 0.9, 5);
      roof(stage, ctx, p.x, y - storey, w * 1.35, size * 0.1);
      y -= storey + size * 0.07;
      w *= 0.78;
    }
    stage.anchors.set('tower', { x: p.x, y: p.y, size, layer: p.layer });
    if (primary) stage.focus = { x: (p.x - stage.ox) / stage.frameW, y: (p.y - size * 0.5 - stage.oy) / stage.frameH };
  },
};

function templeAt(stage: Stage, primary: boolean, bell: boolean): void {
  const size = stage.unit * (primary ? 0.32 : 0.22) * stage.scale;
  const p = spotFor(stage, size, primary, true);
  const ctx = stage.layers[p.layer].ctx;
  const { rng, noise, palette } = stage;
  // The hall half-hidden in trees, a pagoda rising behind it.
  const px = p.x + size * 0.35;
  let y = p.y - size * 0.15;
  let w = size * 0.16;
  for (let t = 0; t < 5; t++) {
    fillPolygon(ctx, [[px - w * 0.4, y], [px + w * 0.4, y], [px + w * 0.4, y - size * 0.08], [px - w * 0.4, y - size * 0.08]], palette.paper, 1);
    roof(stage, ctx, px, y - size * 0.08, w * 1.4, size * 0.05, 0.7);
    y -= size * 0.11;
    w *= 0.85;
  }
  stroke(ctx, [[px, y + size * 0.02], [px, y - size * 0.08]], { width: 2, color: palette.ink, alpha: 0.9, noise, phase: px });
  fillPolygon(ctx, [[p.x - size * 0.3, p.y], [p.x + size * 0.3, p.y], [p.x + size * 0.3, p.y - size * 0.14], [p.x - size * 0.3, p.y - size * 0.14]], palette.paper, 1);
  posts(stage, ctx, p.x, p.y - size * 0.14, p.y, size * 0.5, 5);
  roof(stage, ctx, p.x, p.y - size * 0.14, size * 0.8, size * 0.13, 0.7);
  if (bell) {
    const bx = p.x - size * 0.45;
    const by = p.y - size * 0.05;
    posts(stage, ctx, bx, by - size * 0.16, by, size * 0.12, 2);
    roof(stage, ctx, bx, by - size * 0.16, size * 0.22, size * 0.07, 0.7);
    dab(ctx, bx, by - size * 0.1, size * 0.03, size * 0.04, 0, palette.ink, 0.9, noise, bx);
  }
  for (let i = 0; i < 14; i++) {
    const tx = p.x + rng.range(-size * 0.6, size * 0.6);
    const ty = p.y + rng.range(-size * 0.08, size * 0.04);
    dab(ctx, tx, ty, size * 0.06, size * 0.035, 0, mix(palette.ink, palette.foliage, 0.5), 0.55 * palette.inkStrength, noise, i);
  }
  mistBand(ctx, p.x - size, p.x + size, p.y + size * 0.03, size * 0.07, palette.mist, 0.7);
  stage.anchors.set('temple', { x: p.x, y: p.y, size, layer: p.layer });
  if (primary) stage.focus = { x: (p.x - stage.ox) / stage.frameW, y: (p.y - size * 0.3 - stage.oy) / stage.frameH };
}

export const temple: MotifPainter = { layer: 'mid', order: 54, paint: ({ stage, primary }) => templeAt(stage, primary, false) };
export const templeBell: MotifPainter = { layer: 'mid', order: 54, paint: ({ stage, primary }) => templeAt(stage, primary, true) };

function crenellatedWall(stage: Stage, ctx: Ctx, points: Pt[], height: number): void {
  const { palette, noise } = stage;
  const bottom = points.map(([x, y]) => [x, y] as Pt);
  const top = points.map(([x, y]) => [x, y - height] as Pt);
  const body = [...top, ...bottom.slice().reverse()];
  fillPolygon(ctx, body, palette.paper, 1);
  gradedFill(ctx, body, palette.ink, Math.min(...top.map((p) => p[1])), 0.3 * palette.inkStrength, Math.max(...bottom.map((p) => p[1])), 0.15);
  stroke(ctx, top, { width: Math.max(1, height * 0.08), color: palette.ink, alpha: 0.8, noise, phase: 3, taper: 0.3, ends: 0.5 });
  // Merlons along the top.
  for (let i = 0; i < top.length - 1; i++) {
    const [x0, y0] = top[i]!;
    const [x1, y1] = top[i + 1]!;
    const steps = Math.max(1, Math.round(Math.hypot(x1 - x0, y1 - y0) / (height * 0.45)));
    for (let s = 0; s < steps; s += 2) {
      const t = s / steps;
      const mx = x0 + (x1 - x0) * t;
      const my = y0 + (y1 - y0) * t;
      fillPolygon(ctx, [[mx, my], [mx + height * 0.22, my], [mx + height * 0.22, my - height * 0.22], [mx, my - height * 0.22]], palette.ink, 0.55 * palette.inkStrength);
    }
  }
}

function gateTower(stage: Stage, ctx: Ctx, x: number, y: number, size: number): void {
  const { palette } = stage;
  const base: Pt[] = [[x - size * 0.35, y], [x + size * 0.35, y], [x + size * 0.3, y - size * 0.3], [x - size * 0.3, y - size * 0.3]];
  fillPolygon(ctx, base, palette.paper, 1);
  gradedFill(ctx, base, palette.ink, y - size * 0.3, 0.35 * palette.inkStrength, y, 0.2);
  const arch: Pt[] = Array.from({ length: 11 }, (_, i) => {
    const a = Math.PI + (i / 10) * Math.PI;
    return [x + Math.cos(a) * size * 0.08, y - size * 0.12 + Math.sin(a) * size * 0.08] as Pt;
  });
  fillPolygon(ctx, [[x - size * 0.08, y], ...arch, [x + size * 0.08, y]], palette.ink, 0.75);
  const hallY = y - size * 0.3;
  fillPolygon(ctx, [[x - size * 0.22, hallY], [x + size * 0.22, hallY], [x + size * 0.22, hallY - size * 0.12], [x - size * 0.22, hallY - size * 0.12]], palette.paper, 1);
  posts(stage, ctx, x, hallY - size * 0.12, hallY, size * 0.4, 4);
  roof(stage, ctx, x, hallY - size * 0.12, size * 0.6, size * 0.12, 0.7);
}

export const cityWall: MotifPainter = {
  layer: 'mid',
  order: 52,
  paint({ stage, primary }: MotifRequest) {
    const ctx = stage.layers.mid.ctx;
    const y = stage.horizon + stage.frameH * (primary ? 0.08 : 0.04);
    const h = stage.unit * (primary ? 0.06 : 0.04) * stage.scale;
    const pts: Pt[] = Array.from({ length: 9 }, (_, i) => [stage.ox - stage.frameW * 0.1 + (i / 8) * stage.frameW * 1.2, y + stage.noise.n1(i * 0.7) * h * 0.3] as Pt);
    crenellatedWall(stage, ctx, pts, h);
    const gx = stage.ox + stage.frameW * stage.rng.range(0.35, 0.65);
    gateTower(stage, ctx, gx, y + h * 0.2, h * 4);
    stage.used.push({ box: { x0: gx - h * 2, y0: y - h * 4, x1: gx + h * 2, y1: y }, weight: 2 });
    if (primary) stage.focus = { x: (gx - stage.ox) / stage.frameW, y: (y - stage.oy) / stage.frameH };
  },
};

export const frontierPass: MotifPainter = {
  layer: 'mid',
  order: 53,
  paint({ stage, primary }: MotifRequest) {
    const ctx = stage.layers.mid.ctx;
    const { rng } = stage;
    const size = stage.unit * (primary ? 0.32 : 0.22) * stage.scale;
    const gx = stage.ox + stage.frameW * rng.range(0.35, 0.65);
    const gy = stage.horizon + stage.frameH * 0.02;
    // The wall climbs the slopes either side of the pass.
    for (const side of [-1, 1]) {
      const pts: Pt[] = Array.from({ length: 7 }, (_, i) => {
        const t = i / 6;
        return [gx + side * (size * 0.3 + t * stage.frameW * 0.45), gy - t * stage.frameH * 0.1 * (1 + 0.5 * stage.noise.n1(side * 4 + t * 3))] as Pt;
      });
      crenellatedWall(stage, ctx, side > 0 ? pts : pts.slice().reverse(), size * 0.1);
    }
    gateTower(stage, ctx, gx, gy, size);
    stage.used.push({ box: { x0: gx - size * 0.4, y0: gy - size * 0.6, x1: gx + size * 0.4, y1: gy }, weight: 3 });
    stage.anchors.set('pass', { x: gx, y: gy, size, layer: 'mid' });
    if (primary) stage.focus = { x: (gx - stage.ox) / stage.frameW, y: (gy - size * 0.3 - stage.oy) / stage.frameH };
  },
};

export const beaconSmoke: MotifPainter = {
  layer: 'mid',
  order: 56,
  paint({ stage, primary }: MotifRequest) {
    const ctx = stage.layers.mid.ctx;
    const { rng, palette } = stage;
    const size = stage.unit * 0.12 * stage.scale;
    const spot = place(stage, size, size * 4, region(stage, 0.15, (stage.horizon - stage.oy) / stage.frameH - 0.01, 0.85, (stage.horizon - stage.oy) / stage.frameH + 0.02), { weight: 2 });
    fillPolygon(ctx, [[spot.x - size * 0.15, spot.y], [spot.x + size * 0.15, spot.y], [spot.x + size * 0.1, spot.y - size * 0.35], [spot.x - size * 0.1, spot.y - size * 0.35]], palette.ink, 0.6 * palette.inkStrength);
    // 大漠孤烟直: a straight column of smoke, spreading a little as it rises.
    let x = spot.x;
    for (let i = 0; i < 26; i++) {
      const t = i / 25;
      const y = spot.y - size * 0.4 - t * stage.frameH * 0.35;
      x += stage.noise.n1(i * 0.3) * size * 0.03;
      blob(ctx, x, y, size * (0.12 + t * 0.35), palette.ink, 0.09 * (1 - t * 0.6) * palette.inkStrength, 0.2);
    }
    blob(ctx, spot.x, spot.y - size * 0.4, size * 0.12, [220, 110, 50], 0.5, 0.3);
    if (primary) stage.focus = { x: (spot.x - stage.ox) / stage.frameW, y: (spot.y - size - stage.oy) / stage.frameH };
    void rng;
  },
};

export const bridge: MotifPainter = {
  layer: 'near',
  order: 48,
  paint({ stage, primary }: MotifRequest) {
    const ctx = stage.layers.near.ctx;
    const { palette, noise } = stage;
    const span = stage.frameW * (primary ? 0.5 : 0.34) * Math.min(1.3, stage.scale);
    const yBase = stage.ground === 'water' ? stage.waterTop + stage.frameH * 0.12 : stage.horizon + stage.frameH * 0.12;
    const spot = place(stage, span, span * 0.3, { x0: stage.ox + stage.frameW * 0.3, x1: stage.ox + stage.frameW * 0.7, y0: yBase, y1: yBase + stage.frameH * 0.06 }, { weight: 2 });
    const rise = span * 0.22;
    const deck: Pt[] = Array.from({ length: 21 }, (_, i) => {
      const t = i / 20;
      return [spot.x - span / 2 + t * span, spot.y - Math.sin(Math.PI * t) * rise] as Pt;
    });
    const arch: Pt[] = Array.from({ length: 21 }, (_, i) => {
      const a = Math.PI + (i / 20) * Math.PI;
      return [spot.x + Math.cos(a) * span * 0.28, spot.y + Math.sin(a) * rise * 0.85 + rise * 0.05] as Pt;
    });
    const body: Pt[] = [...deck, [spot.x + span / 2, spot.y + rise * 0.08], ...arch.slice().reverse().map(([x, y]) => [x, y] as Pt), [spot.x - span / 2, spot.y + rise * 0.08]];
    fillPolygon(ctx, body, palette.paper, 1);
    gradedFill(ctx, body, palette.ink, spot.y - rise, 0.15, spot.y, 0.35 * palette.inkStrength);
    stroke(ctx, deck, { width: Math.max(1.5, span * 0.012), color: palette.ink, alpha: 0.9, noise, phase: spot.x, taper: 0.4, ends: 0.5 });
    stroke(ctx, arch, { width: Math.max(1.5, span * 0.01), color: palette.ink, alpha: 0.85, noise, phase: spot.x + 1, taper: 0.5 });
    stroke(ctx, deck.map(([x, y]) => [x, y - span * 0.035] as Pt), { width: 1.2, color: palette.ink, alpha: 0.6, noise, phase: spot.x + 2 });
    if (stage.ground === 'water') {
      // The arch and its broken reflection make the round "moon" of a bridge.
      const reflection: Pt[] = arch.map(([x, y]) => [x, 2 * (spot.y + rise * 0.05) - y] as Pt);
      stroke(ctx, reflection, { width: Math.max(1, span * 0.008), color: palette.ink, alpha: 0.25, noise, phase: spot.x + 3, taper: 1 });
    }
    stage.anchors.set('bridge', { x: spot.x, y: spot.y - rise, size: span, layer: 'near' });
    if (primary) stage.focus = { x: (spot.x - stage.ox) / stage.frameW, y: (spot.y - stage.oy) / stage.frameH };
  },
};

export const road: MotifPainter = {
  layer: 'near',
  order: 12,
  paint({ stage }: MotifRequest) {
    const { palette, noise, rng } = stage;
    const ctx = stage.layers.near.ctx;
    // A path winding from the foreground toward the horizon, narrowing with distance.
    const bottomY = stage.oy + stage.frameH * 1.05;
    const topY = stage.horizon + stage.frameH * 0.02;
    const x0 = stage.ox + stage.frameW * rng.range(0.35, 0.65);
    const x1 = stage.ox + stage.frameW * rng.range(0.3, 0.7);
    const left: Pt[] = [];
    const right: Pt[] = [];
    for (let i = 0; i <= 30; i++) {
      const t = i / 30;
      const y = bottomY + (topY - bottomY) * Math.pow(t, 0.7);
      const cx = x0 + (x1 - x0) * t + Math.sin(t * Math.PI * 2.5 + rng() * 0.1) * stage.frameW * 0.12 * (1 - t);
      const w = stage.frameW * (0.09 * (1 - t) + 0.004);
      left.push([cx - w, y]);
      right.push([cx + w, y]);
    }
    fillPolygon(ctx, [...left, ...right.slice().reverse()], palette.paper, palette.snowy ? 0.9 : 0.6);
    stroke(ctx, left, { width: stage.unit * 0.004, color: palette.ink, alpha: 0.4 * palette.inkStrength, noise, phase: 1, taper: 0.6 });
    stroke(ctx, right, { width: stage.unit * 0.004, color: palette.ink, alpha: 0.4 * palette.inkStrength, noise, phase: 2, taper: 0.6 });
    for (let i = 0; i < 12; i++) {
      const k = rng.int(2, 28);
      const side = rng() < 0.5 ? left : right;
      const [x, y] = side[k]!;
      dab(ctx, x, y, stage.unit * 0.01 * (1 - k / 30), stage.unit * 0.004, 0, palette.ink, 0.3, noise, i);
    }
  },
};

function cottage(stage: Stage, ctx: Ctx, x: number, y: number, size: number): void {
  const { palette, noise } = stage;
  const wall: Pt[] = [[x - size * 0.4, y], [x + size * 0.4, y], [x + size * 0.4, y - size * 0.35], [x - size * 0.4, y - size * 0.35]];
  fillPolygon(ctx, wall, palette.paper, 1);
  stroke(ctx, [...wall, wall[0]!], { width: Math.max(1, size * 0.03), color: palette.ink, alpha: 0.7, noise, phase: x, taper: 0.3, ends: 0.6 });
  fillPolygon(ctx, [[x - size * 0.08, y], [x + size * 0.08, y], [x + size * 0.08, y - size * 0.22], [x - size * 0.08, y - size * 0.22]], palette.ink, 0.6);
  // A thatched roof: a heavy dark wash with straw strokes.
  const roofShape: Pt[] = [[x - size * 0.55, y - size * 0.33], [x + size * 0.55, y - size * 0.33], [x + size * 0.3, y - size * 0.62], [x - size * 0.3, y - size * 0.62]];
  fillPolygon(ctx, roofShape, palette.paper, 1);
  gradedFill(ctx, roofShape, palette.ink, y - size * 0.62, 0.55 * palette.inkStrength, y - size * 0.33, 0.35 * palette.inkStrength);
  for (let i = 0; i < 8; i++) {
    const t = i / 7;
    const sx = x - size * 0.3 + t * size * 0.6;
    stroke(ctx, [[sx, y - size * 0.6], [sx + (t - 0.5) * size * 0.4, y - size * 0.34]], { width: 1, color: palette.ink, alpha: 0.4, noise, phase: i + x });
  }
  if (palette.snowy) dab(ctx, x, y - size * 0.55, size * 0.45, size * 0.08, 0, mix(palette.paper, [255, 255, 255], 0.8), 0.95, noise, x);
}

/** A cottage on the ground; at night its window glows with lamplight. */
export function paintCottageAt(stage: Stage, primary: boolean): void {
  if (stage.anchors.has('house')) return;
  const size = stage.unit * (primary ? 0.22 : 0.14) * stage.scale;
  const p = spotFor(stage, size, primary, false);
  const ctx = stage.layers[p.layer].ctx;
  cottage(stage, ctx, p.x, p.y, p.s);
  if (stage.palette.night) {
    const wx = p.x + p.s * 0.24;
    const wy = p.y - p.s * 0.17;
    blob(ctx, wx, wy, p.s * 0.16, [236, 180, 100], 0.35, 0.3);
    fillPolygon(ctx, [[wx - p.s * 0.06, wy - p.s * 0.05], [wx + p.s * 0.06, wy - p.s * 0.05], [wx + p.s * 0.06, wy + p.s * 0.05], [wx - p.s * 0.06, wy + p.s * 0.05]], [240, 196, 120], 0.85);
  }
  stage.anchors.set('house', { x: p.x, y: p.y, size: p.s, layer: p.layer });
  if (primary && !stage.focus) stage.focus = { x: (p.x - stage.ox) / stage.frameW, y: (p.y - stage.oy) / stage.frameH };
}

export const house: MotifPainter = {
  layer: 'near',
  order: 53,
  paint({ stage, primary }: MotifRequest) {
    paintCottageAt(stage, primary);
  },
};

export const village: MotifPainter = {
  layer: 'far',
  order: 53,
  paint({ stage, primary }: MotifRequest) {
    // Far off and half lost in mist: home as it is remembered.
    const ctx = stage.layers.far.ctx;
    const { rng, palette, noise } = stage;
    const interior = stage.ground === 'interior';
    const size = stage.unit * (interior ? 0.045 : 0.07) * stage.scale;
    const centre = interior
      ? place(stage, size * 4, size * 2, viewRegion(stage, 0.35, 0.7, 0.65, 0.75), { weight: 1, avoidReserved: false })
      : place(stage, stage.frameW * 0.35, size * 2, region(stage, 0.2, (stage.horizon - stage.oy) / stage.frameH - 0.01, 0.8, (stage.horizon - stage.oy) / stage.frameH + 0.02), { weight: 1 });
    const count = interior ? 3 : rng.int(4, 6);
    for (let i = 0; i < count; i++) {
      cottage(stage, ctx, centre.x + (i - count / 2) * size * 0.9 + rng.range(-size * 0.2, size * 0.2), centre.y + rng.range(-size * 0.2, size * 0.2), size * rng.range(0.7, 1.1));
    }
    for (let i = 0; i < 10; i++) {
      dab(ctx, centre.x + rng.range(-size * 3, size * 3), centre.y - rng.range(0, size * 0.6), size * 0.25, size * 0.15, 0, mix(palette.ink, palette.foliage, 0.4), 0.4, noise, i);
    }
    mistBand(ctx, centre.x - size * 5, centre.x + size * 5, centre.y - size * 0.2, size * 0.6, palette.mist, 0.55);
    if (primary) stage.focus = { x: (centre.x - stage.ox) / stage.frameW, y: (centre.y - stage.oy) / stage.frameH };
  },
};

export const gate: MotifPainter = {
  layer: 'near',
  order: 54,
  paint({ stage, primary }: MotifRequest) {
    const size = stage.unit * (primary ? 0.22 : 0.15) * stage.scale;
    const spot = groundSpot(stage, size * 2, size, { weight: 2 });
    const s = size * spot.depthScale;
    const ctx = stage.layers.near.ctx;
    const { palette, noise } = stage;
    stage.anchors.set('gate', { x: spot.x, y: spot.y, size: s, layer: 'near' });
    // A brushwood gate (柴门) in a low fence.
    posts(stage, ctx, spot.x, spot.y - s * 0.7, spot.y, s * 0.5, 2);
    for (let i = 0; i < 6; i++) {
      const x = spot.x - s * 0.22 + (i / 5) * s * 0.44;
      stroke(ctx, [[x, spot.y - s * 0.55], [x, spot.y - s * 0.05]], { width: Math.max(1, s * 0.02), color: palette.ink, alpha: 0.6, noise, phase: i });
    }
    for (const side of [-1, 1]) {
      for (let i = 0; i < 7; i++) {
        const x = spot.x + side * (s * 0.3 + i * s * 0.12);
        stroke(ctx, [[x, spot.y - s * 0.35], [x, spot.y]], { width: Math.max(1, s * 0.02), color: palette.ink, alpha: 0.5, noise, phase: i + side * 10 });
      }
      stroke(ctx, [[spot.x + side * s * 0.3, spot.y - s * 0.25], [spot.x + side * s * 1.1, spot.y - s * 0.25]], { width: Math.max(1, s * 0.02), color: palette.ink, alpha: 0.5, noise, phase: side });
    }
  },
};

function flag(stage: Stage, ctx: Ctx, x: number, y: number, size: number, color: readonly [number, number, number], long: boolean): void {
  const { palette, noise } = stage;
  stroke(ctx, [[x, y], [x, y - size]], { width: Math.max(1, size * 0.02), color: palette.ink, alpha: 0.9, noise, phase: x });
  const w = size * (long ? 0.18 : 0.35);
  const h = size * (long ? 0.45 : 0.22);
  const cloth: Pt[] = [[x, y - size * 0.95], [x + w, y - size * 0.92 + noise.n1(x) * 3], [x + w * 0.95, y - size * 0.95 + h], [x, y - size * 0.95 + h * 0.9]];
  fillPolygon(ctx, cloth, color, 0.75);
  stroke(ctx, [...cloth, cloth[0]!], { width: 1, color: palette.ink, alpha: 0.5, noise, phase: x + 1 });
}

export const banner: MotifPainter = {
  layer: 'near',
  order: 57,
  paint({ stage }: MotifRequest) {
    const size = stage.frameH * 0.2 * stage.scale;
    const spot = groundSpot(stage, size * 0.4, size, { weight: 1 });
    flag(stage, stage.layers.near.ctx, spot.x, spot.y, size * spot.depthScale, [170, 40, 36], false);
  },
};

export const wine: MotifPainter = {
  layer: 'near',
  order: 57,
  paint({ stage }: MotifRequest) {
    // The tavern's wine flag (酒旗) on a tall pole.
    const size = stage.frameH * 0.22 * stage.scale;
    const spot = groundSpot(stage, size * 0.4, size, { weight: 1 });
    flag(stage, stage.layers.near.ctx, spot.x, spot.y, size * spot.depthScale, [236, 226, 200], true);
  },
};
