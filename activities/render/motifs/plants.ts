// Trees and plants: two noisy trunk lines, then foliage by kind — pine needle fans, willow
// strands, bamboo leaves, plum blossom on angular branches, maple reds, lotus on the water, reeds
// and grass. A main-subject plant becomes a large branch entering the frame from the side.
import { blob, dab, dryStroke, stroke, type Ctx, type Pt } from '../brush.js';
import { mix, rgba, type Rgb } from '../palette.js';
import { place, region, type Stage } from '../stage.js';
import { groundSpot } from './ground-spots.js';
import type { MotifPainter, MotifRequest } from './motif.js';

/** A trunk from (x, y) upward: returns its spine (bottom to top). */
function trunk(stage: Stage, ctx: Ctx, x: number, y: number, height: number, width: number, lean: number, phase: number): Pt[] {
  const { noise, palette, rng } = stage;
  const spine: Pt[] = [];
  for (let i = 0; i <= 16; i++) {
    const t = i / 16;
    spine.push([x + lean * height * t * t + noise.n1(phase + t * 2.5) * width * 1.2, y - height * t]);
  }
  const side = (s: number): Pt[] =>
    spine.map(([px, py], i) => {
      const t = i / 16;
      const w = (width / 2) * (1 - 0.55 * t);
      return [px + s * w * (1 + 0.2 * noise.n1(phase + s * 3 + t * 6)), py];
    });
  const left = side(-1);
  const right = side(1);
  ctx.beginPath();
  ctx.moveTo(left[0]![0], left[0]![1]);
  for (const p of left) ctx.lineTo(p[0], p[1]);
  for (const p of right.slice().reverse()) ctx.lineTo(p[0], p[1]);
  ctx.closePath();
  ctx.fillStyle = rgba(palette.paper, 1);
  ctx.fill();
  ctx.fillStyle = palette.minerals ? rgba(palette.minerals.ochre, 0.45 * palette.inkStrength) : rgba(palette.ink, 0.12 * palette.inkStrength);
  ctx.fill();
  const lineWidth = Math.max(1, width * 0.18);
  stroke(ctx, left, { width: lineWidth, color: palette.ink, alpha: 0.75 * palette.inkStrength, noise, phase, taper: 0.5, ends: 0.4 });
  stroke(ctx, right, { width: lineWidth * 0.8, color: palette.ink, alpha: 0.6 * palette.inkStrength, noise, phase: phase + 9, taper: 0.5, ends: 0.4 });
  // Bark: short dry strokes across the trunk.
  for (let i = 0; i < 8; i++) {
    const t = rng.range(0.05, 0.8);
    const [px, py] = spine[Math.round(t * 16)]!;
    dryStroke(ctx, [[px - width * 0.3, py], [px + width * 0.2, py - width * 0.3]], { width: width * 0.3, color: palette.ink, alpha: 0.25 * palette.inkStrength, noise, phase: phase + i, rng, bristles: 2 });
  }
  return spine;
}

function branch(stage: Stage, ctx: Ctx, from: Pt, angle: number, length: number, width: number, phase: number, jagged = 0.2): Pt[] {
  const { noise, palette } = stage;
  const pts: Pt[] = [from];
  let [x, y] = from;
  let a = angle;
  const steps = 6;
  for (let i = 1; i <= steps; i++) {
    a += noise.n1(phase + i * 0.9) * jagged * 2;
    x += Math.cos(a) * (length / steps);
    y += Math.sin(a) * (length / steps);
    pts.push([x, y]);
  }
  stroke(ctx, pts, { width, color: palette.ink, alpha: 0.75 * palette.inkStrength, noise, phase, taper: 0.6, ends: 0.5 });
  return pts;
}

function needleFan(stage: Stage, ctx: Ctx, x: number, y: number, r: number, phase: number, color: Rgb): void {
  const { noise, rng, palette } = stage;
  blob(ctx, x, y - r * 0.2, r * 1.1, color, 0.12 * palette.inkStrength, 0.2);
  const n = 14;
  for (let i = 0; i < n; i++) {
    const a = Math.PI + (i / (n - 1)) * Math.PI + rng.range(-0.1, 0.1);
    const len = r * rng.range(0.7, 1.1);
    stroke(ctx, [[x, y], [x + Math.cos(a) * len, y + Math.sin(a) * len * 0.55]], { width: Math.max(1, r * 0.06), color, alpha: 0.7 * palette.inkStrength, noise, phase: phase + i, taper: 1.2, ends: 0.2 });
  }
  if (palette.snowy) dab(ctx, x, y - r * 0.35, r * 0.8, r * 0.18, 0, mix(palette.paper, [255, 255, 255], 0.8), 0.9, noise, phase);
}

/** Where and how big a plant is: a foreground frame-edge branch for the main subject, else on the ground. */
function standing(stage: Stage, heightFrac: number, primary: boolean): { x: number; y: number; h: number; front: boolean } {
  if (primary && (stage.shot.camera.shotSize === 'close-up' || stage.shot.camera.shotSize === 'extreme-close-up')) {
    const left = stage.rng() < 0.5;
    const x = stage.ox + stage.frameW * (left ? 0.12 : 0.85);
    return { x, y: stage.oy + stage.frameH * 1.02, h: stage.frameH * 0.75, front: true };
  }
  const h = stage.frameH * heightFrac * stage.scale * (primary ? 1.25 : 1);
  const spot = groundSpot(stage, h * 0.6, h, { weight: 1 });
  return { x: spot.x, y: spot.y, h: h * spot.depthScale, front: false };
}

function layerFor(stage: Stage, front: boolean): Ctx {
  return front ? stage.layers.front.ctx : stage.layers.near.ctx;
}

export const pine: MotifPainter = {
  layer: 'near',
  order: 40,
  paint({ stage, primary }: MotifRequest) {
    const s = standing(stage, 0.34, primary);
    const ctx = layerFor(stage, s.front);
    const { rng } = stage;
    const spine = trunk(stage, ctx, s.x, s.y, s.h, s.h * 0.07, rng.range(-0.25, 0.25), s.x * 0.01);
    const color = mix(stage.palette.ink, stage.palette.foliage, 0.25);
    const branches = rng.int(4, 6);
    for (let b = 0; b < branches; b++) {
      const t = 0.45 + (b / branches) * 0.55;
      const from = spine[Math.round(t * 16)]!;
      const dir = b % 2 === 0 ? -1 : 1;
      const len = s.h * rng.range(0.15, 0.3) * (1.1 - t * 0.5);
      const pts = branch(stage, ctx, from, dir > 0 ? rng.range(-0.5, 0.1) : Math.PI + rng.range(-0.1, 0.5), len, s.h * 0.015, b * 7.3, 0.15);
      const end = pts[pts.length - 1]!;
      needleFan(stage, ctx, end[0], end[1], s.h * rng.range(0.07, 0.1), b * 3.1, color);
      needleFan(stage, ctx, pts[3]![0], pts[3]![1], s.h * rng.range(0.05, 0.07), b * 5.1, color);
    }
    needleFan(stage, ctx, spine[16]![0], spine[16]![1], s.h * 0.09, 99, color);
    stage.anchors.set('pine', { x: s.x, y: s.y, size: s.h, layer: s.front ? 'front' : 'near' });
  },
};

export const willow: MotifPainter = {
  layer: 'near',
  order: 41,
  paint({ stage, primary }: MotifRequest) {
    const s = standing(stage, 0.3, primary);
    const ctx = layerFor(stage, s.front);
    const { rng, noise, palette } = stage;
    const spine = trunk(stage, ctx, s.x, s.y, s.h * 0.55, s.h * 0.08, rng.range(-0.3, 0.3), s.x * 0.02);
    const crown = spine[16]!;
    const green = mix(palette.foliage, [120, 150, 90], stage.shot.setting.season === 'spring' ? 0.6 : 0.2);
    for (let i = 0; i < 38; i++) {
      const a = rng.range(-Math.PI * 0.95, -Math.PI * 0.05);
      const r = s.h * rng.range(0.05, 0.25);
      const start: Pt = [crown[0] + Math.cos(a) * r, crown[1] + Math.sin(a) * r * 0.6];
      const len = s.h * rng.range(0.35, 0.65);
      const dir = Math.cos(a) >= 0 ? 1 : -1;
      const pts: Pt[] = [start, [start[0] + dir * len * 0.12, start[1] - len * 0.05], [start[0] + dir * len * 0.2, start[1] + len * 0.35], [start[0] + dir * len * 0.22, start[1] + len]];
      stroke(ctx, pts, { width: Math.max(1, s.h * 0.004), color: green, alpha: 0.55, noise, phase: i * 2.3, taper: 1.5 });
      for (let k = 0; k < 5; k++) {
        const t = rng.range(0.3, 1);
        const px = start[0] + dir * len * 0.2 * t;
        const py = start[1] + len * t * t;
        dab(ctx, px, py, s.h * 0.008, s.h * 0.003, Math.PI / 2.2, green, 0.5, noise, i + k);
      }
    }
    stage.anchors.set('willow', { x: s.x, y: s.y, size: s.h, layer: s.front ? 'front' : 'near' });
  },
};

export const bamboo: MotifPainter = {
  layer: 'near',
  order: 42,
  paint({ stage, primary }: MotifRequest) {
    const s = standing(stage, 0.38, primary);
    const ctx = layerFor(stage, s.front);
    const { rng, noise, palette } = stage;
    const green = mix(palette.ink, palette.foliage, 0.45);
    const stalks = rng.int(3, 5);
    for (let k = 0; k < stalks; k++) {
      const bx = s.x + (k - stalks / 2) * s.h * 0.06;
      const lean = rng.range(-0.12, 0.12);
      const segs = 7;
      const segH = (s.h * rng.range(0.8, 1.1)) / segs;
      for (let i = 0; i < segs; i++) {
        const y0 = s.y - i * segH;
        const x0 = bx + lean * i * segH;
        stroke(ctx, [[x0, y0 - 2], [x0 + lean * segH, y0 - segH + 3]], { width: s.h * 0.018 * (1 - i * 0.06), color: green, alpha: 0.6, noise, phase: k * 10 + i, taper: 0.2, ends: 0.7 });
        stroke(ctx, [[x0 - s.h * 0.01, y0 - segH + 2], [x0 + s.h * 0.01, y0 - segH + 1]], { width: 2, color: palette.ink, alpha: 0.6, noise, phase: i });
        if (i > 2 && rng() < 0.6) {
          // A spray of leaves: tapered strokes pointing down and out.
          const side = rng() < 0.5 ? -1 : 1;
          for (let l = 0; l < 4; l++) {
            const a = (side > 0 ? 0.25 : Math.PI - 0.25) + side * rng.range(-0.2, 0.7);
            const len = s.h * rng.range(0.07, 0.12);
            const sx = x0;
            const sy = y0 - segH;
            stroke(ctx, [[sx, sy], [sx + Math.cos(a) * len * 0.5, sy + Math.sin(a) * len * 0.5 - 2], [sx + Math.cos(a) * len, sy + Math.sin(a) * len]], {
              width: s.h * 0.016,
              color: mix(palette.ink, green, 0.3),
              alpha: 0.8 * palette.inkStrength,
              noise,
              phase: l + i * 3 + k,
              taper: 0.8,
              ends: 0.05,
            });
          }
        }
      }
    }
    stage.anchors.set('bamboo', { x: s.x, y: s.y, size: s.h, layer: s.front ? 'front' : 'near' });
  },
};

function blossom(stage: Stage, ctx: Ctx, x: number, y: number, r: number, color: Rgb, phase: number): void {
  const { noise, palette } = stage;
  for (let p = 0; p < 5; p++) {
    const a = (p / 5) * Math.PI * 2 + phase;
    dab(ctx, x + Math.cos(a) * r * 0.55, y + Math.sin(a) * r * 0.55, r * 0.5, r * 0.45, a, color, 0.75, noise, phase + p);
  }
  dab(ctx, x, y, r * 0.18, r * 0.18, 0, palette.ink, 0.6, noise, phase);
}

export const plum: MotifPainter = {
  layer: 'front',
  order: 43,
  paint({ stage, primary }: MotifRequest) {
    const { rng, palette } = stage;
    // Plum reads best as a branch reaching in from the edge.
    const fromLeft = rng() < 0.5;
    const ctx = primary ? stage.layers.front.ctx : stage.layers.near.ctx;
    const size = stage.frameH * (primary ? 0.5 : 0.32) * Math.min(1.4, stage.scale);
    const start: Pt = primary
      ? [stage.ox + (fromLeft ? -stage.frameW * 0.02 : stage.frameW * 1.02), stage.oy + stage.frameH * rng.range(0.25, 0.5)]
      : (() => {
          const spot = groundSpot(stage, size * 0.6, size);
          return [spot.x, spot.y] as Pt;
        })();
    const baseAngle = primary ? (fromLeft ? -0.25 : Math.PI + 0.25) : -Math.PI / 2 + rng.range(-0.3, 0.3);
    const color: Rgb = stage.shot.setting.season === 'winter' || palette.snowy ? [196, 48, 62] : mix(palette.accent, [255, 255, 255], 0.25);
    const grow = (from: Pt, angle: number, len: number, width: number, depth: number, phase: number) => {
      const pts = branch(stage, ctx, from, angle, len, width, phase, 0.45);
      if (depth > 0) {
        const twigs = rng.int(1, 3);
        for (let t = 0; t < twigs; t++) {
          const at = pts[rng.int(2, pts.length - 1)]!;
          grow(at, angle + rng.range(-0.9, 0.9), len * rng.range(0.35, 0.6), width * 0.55, depth - 1, phase + t * 13 + depth);
        }
      }
      for (let b = 0; b < 3 + depth; b++) {
        const at = pts[rng.int(1, pts.length - 1)]!;
        blossom(stage, ctx, at[0] + rng.range(-6, 6), at[1] + rng.range(-6, 6), size * rng.range(0.018, 0.028), color, phase + b * 2);
      }
    };
    grow(start, baseAngle, size * 0.6, size * 0.035, 3, 1);
    stage.anchors.set('plum', { x: start[0], y: start[1], size, layer: primary ? 'front' : 'near' });
  },
};

function foliageTree(stage: Stage, ctx: Ctx, s: { x: number; y: number; h: number }, colors: Rgb[], clumps: number): void {
  const { rng, noise, palette } = stage;
  const spine = trunk(stage, ctx, s.x, s.y, s.h * 0.65, s.h * 0.07, rng.range(-0.2, 0.2), s.x * 0.03);
  const crown = spine[16]!;
  for (let c = 0; c < clumps; c++) {
    const cx = crown[0] + rng.gauss() * s.h * 0.15;
    const cy = crown[1] + rng.gauss() * s.h * 0.1 + s.h * 0.05;
    const color = rng.pick(colors);
    blob(ctx, cx, cy, s.h * 0.09, color, 0.12, 0.3);
    for (let d = 0; d < 12; d++) {
      dab(ctx, cx + rng.gauss() * s.h * 0.05, cy + rng.gauss() * s.h * 0.035, s.h * 0.014, s.h * 0.009, rng.range(-0.5, 0.5), color, rng.range(0.4, 0.8) * palette.inkStrength, noise, c * 17 + d);
    }
  }
}

export const maple: MotifPainter = {
  layer: 'near',
  order: 44,
  paint({ stage, primary }: MotifRequest) {
    const s = standing(stage, 0.3, primary);
    const ctx = layerFor(stage, s.front);
    const { palette } = stage;
    const reds: Rgb[] = [palette.accent, mix(palette.accent, [210, 140, 50], 0.5), mix(palette.accent, palette.ink, 0.35)];
    foliageTree(stage, ctx, s, reds, 9);
    stage.anchors.set('maple', { x: s.x, y: s.y, size: s.h, layer: s.front ? 'front' : 'near' });
  },
};

export const tree: MotifPainter = {
  layer: 'near',
  order: 45,
  paint({ stage, primary }: MotifRequest) {
    const s = standing(stage, 0.28, primary);
    const ctx = layerFor(stage, s.front);
    const { palette } = stage;
    const bare = stage.shot.setting.season === 'winter';
    if (bare) {
      const spine = trunk(stage, ctx, s.x, s.y, s.h * 0.7, s.h * 0.06, stage.rng.range(-0.2, 0.2), s.x);
      for (let b = 0; b < 7; b++) {
        const from = spine[stage.rng.int(8, 16)]!;
        branch(stage, ctx, from, -Math.PI / 2 + stage.rng.range(-1.1, 1.1), s.h * stage.rng.range(0.15, 0.3), s.h * 0.01, b * 4, 0.35);
      }
    } else {
      foliageTree(stage, ctx, s, [palette.ink, mix(palette.ink, palette.foliage, 0.6)], 7);
    }
    stage.anchors.set('tree', { x: s.x, y: s.y, size: s.h, layer: s.front ? 'front' : 'near' });
  },
};

export const chrysanthemum: MotifPainter = {
  layer: 'near',
  order: 46,
  paint({ stage, primary }: MotifRequest) {
    const { rng, noise, palette } = stage;
    const size = stage.frameH * (primary ? 0.14 : 0.08) * stage.scale;
    const spot = groundSpot(stage, size * 1.5, size, { near: true });
    const ctx = stage.layers.near.ctx;
    for (let l = 0; l < 14; l++) {
      dab(ctx, spot.x + rng.gauss() * size * 0.35, spot.y - rng.range(0, size * 0.6), size * 0.09, size * 0.05, rng.range(-1, 1), mix(palette.ink, palette.foliage, 0.5), 0.7, noise, l);
    }
    const yellow: Rgb = [214, 170, 60];
    for (let f = 0; f < 5; f++) {
      const fx = spot.x + rng.gauss() * size * 0.3;
      const fy = spot.y - size * rng.range(0.5, 0.95);
      for (let p = 0; p < 12; p++) {
        const a = (p / 12) * Math.PI * 2;
        stroke(ctx, [[fx, fy], [fx + Math.cos(a) * size * 0.1, fy + Math.sin(a) * size * 0.08]], { width: size * 0.025, color: yellow, alpha: 0.85, noise, phase: f * 12 + p, taper: 1 });
      }
    }
  },
};

export const reeds: MotifPainter = {
  layer: 'near',
  order: 30,
  paint({ stage }: MotifRequest) {
    const { rng, noise, palette } = stage;
    const size = stage.frameH * 0.16 * stage.scale;
    const spot = groundSpot(stage, size, size, { near: true });
    const ctx = stage.layers.near.ctx;
    for (let i = 0; i < 22; i++) {
      const x = spot.x + rng.gauss() * size * 0.25;
      const h = size * rng.range(0.5, 1);
      const bend = rng.range(-0.25, 0.35) * h;
      const pts: Pt[] = [[x, spot.y], [x + bend * 0.3, spot.y - h * 0.5], [x + bend, spot.y - h]];
      stroke(ctx, pts, { width: Math.max(1, size * 0.008), color: palette.ink, alpha: 0.6 * palette.inkStrength, noise, phase: i * 1.9, taper: 1.2 });
      if (rng() < 0.5) blob(ctx, x + bend, spot.y - h, size * 0.03, mix(palette.ink, palette.paper, 0.5), 0.35, 0.3);
    }
  },
};

export const grass: MotifPainter = {
  layer: 'near',
  order: 20,
  paint({ stage }: MotifRequest) {
    const { rng, noise, palette } = stage;
    const ctx = stage.layers.near.ctx;
    const green = mix(palette.ink, palette.foliage, 0.6);
    for (let t = 0; t < 26; t++) {
      const spot = groundSpot(stage, 10, 10, { weight: 0 });
      const h = stage.unit * 0.04 * spot.depthScale;
      for (let b = 0; b < 7; b++) {
        const a = -Math.PI / 2 + rng.range(-0.6, 0.6);
        stroke(ctx, [[spot.x, spot.y], [spot.x + Math.cos(a) * h, spot.y + Math.sin(a) * h]], { width: Math.max(1, h * 0.08), color: green, alpha: 0.5, noise, phase: t * 7 + b, taper: 1.4 });
      }
    }
  },
};

export const flowers: MotifPainter = {
  layer: 'near',
  order: 21,
  paint({ stage }: MotifRequest) {
    const { rng, noise, palette } = stage;
    const ctx = stage.layers.near.ctx;
    const colors: Rgb[] = [palette.accent, [214, 170, 60], mix(palette.accent, [255, 255, 255], 0.5)];
    for (let t = 0; t < 40; t++) {
      const spot = groundSpot(stage, 6, 6, { weight: 0 });
      const r = stage.unit * 0.006 * spot.depthScale;
      stroke(ctx, [[spot.x, spot.y], [spot.x, spot.y - r * 4]], { width: 1, color: palette.foliage, alpha: 0.5, noise, phase: t });
      dab(ctx, spot.x, spot.y - r * 4, r, r, 0, rng.pick(colors), 0.85, noise, t);
    }
  },
};

export const lotus: MotifPainter = {
  layer: 'near',
  order: 35,
  paint({ stage, primary }: MotifRequest) {
    const { rng, noise, palette } = stage;
    const ctx = stage.layers.near.ctx;
    const top = stage.ground === 'water' ? stage.waterTop + stage.frameH * 0.1 : stage.horizon + stage.frameH * 0.15;
    const size = stage.unit * (primary ? 0.12 : 0.08) * stage.scale;
    const area = place(stage, stage.frameW * 0.45, stage.frameH * 0.15, region(stage, 0.25, (top - stage.oy) / stage.frameH + 0.15, 0.75, 0.95));
    const leaf = mix(palette.ink, palette.foliage, 0.55);
    const pink: Rgb = [222, 130, 150];
    for (let i = 0; i < 7; i++) {
      const x = area.x + rng.gauss() * stage.frameW * 0.16;
      const y = area.y - rng.range(0, stage.frameH * 0.12);
      const r = size * rng.range(0.6, 1.1);
      stroke(ctx, [[x, y], [x + rng.range(-4, 4), y + stage.frameH * 0.05]], { width: 2, color: palette.ink, alpha: 0.5, noise, phase: i });
      // A lotus leaf: a light wash, darker toward its rim, a dark broken edge.
      const tilt = rng.range(-0.2, 0.2);
      const g = ctx.createRadialGradient(x, y, 0, x, y, r);
      g.addColorStop(0, rgba(leaf, 0.12 * palette.inkStrength));
      g.addColorStop(0.8, rgba(leaf, 0.28 * palette.inkStrength));
      g.addColorStop(1, rgba(leaf, 0.38 * palette.inkStrength));
      ctx.fillStyle = g;
      ctx.beginPath();
      ctx.ellipse(x, y, r, r * 0.38, tilt, 0, Math.PI * 2);
      ctx.fill();
      const rim = Array.from({ length: 25 }, (_, k) => {
        const a = (k / 24) * Math.PI * 2;
        return [x + Math.cos(a) * r * Math.cos(tilt) - Math.sin(a) * r * 0.38 * Math.sin(tilt), y + Math.cos(a) * r * Math.sin(tilt) + Math.sin(a) * r * 0.38 * Math.cos(tilt)] as Pt;
      });
      stroke(ctx, rim.slice(0, rng.int(14, 24)), { width: Math.max(1, r * 0.05), color: palette.ink, alpha: 0.55 * palette.inkStrength, noise, phase: i * 4, taper: 0.8 });
      for (let v = 0; v < 6; v++) {
        const a = (v / 6) * Math.PI * 2;
        stroke(ctx, [[x, y], [x + Math.cos(a) * r * 0.9, y + Math.sin(a) * r * 0.34]], { width: 1, color: palette.ink, alpha: 0.3, noise, phase: v + i });
      }
      if (i % 2 === 0) {
        const fx = x + r * rng.range(-0.6, 0.6);
        const fy = y - r * rng.range(0.6, 1.1);
        stroke(ctx, [[fx, fy], [fx, y]], { width: 1.5, color: palette.ink, alpha: 0.5, noise, phase: i * 3 });
        for (let p = 0; p < 5; p++) {
          const a = -Math.PI / 2 + (p - 2) * 0.4;
          dab(ctx, fx + Math.cos(a) * size * 0.18, fy + Math.sin(a) * size * 0.2, size * 0.12, size * 0.06, a, pink, 0.7, noise, p + i);
        }
      }
    }
    stage.anchors.set('lotus', { x: area.x, y: area.y, size, layer: 'near' });
  },
};
