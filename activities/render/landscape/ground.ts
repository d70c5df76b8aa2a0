// The ground: a land plane with gentle slopes and dry-brush texture, a near bank in water
// scenes, desert flats and dunes, fields with furrows.
import { dab, dryStroke, fillPolygon, gradedFill, mistBand, stroke, type Pt } from '../brush.js';
import { mix, rgba } from '../palette.js';
import type { Stage } from '../stage.js';

/** Land from the horizon down: faint wash, a few slope lines and texture tufts. */
export function paintLand(stage: Stage, options: { tint?: readonly [number, number, number]; texture?: number } = {}): void {
  const { palette, noise, rng } = stage;
  const ctx = stage.layers.near.ctx;
  const top = stage.horizon;
  const color = options.tint ?? palette.land;
  // Gongbi lays the land's colour on evenly and stronger; ink-wash leaves it a faint wash.
  const coat = palette.minerals ? 2.2 : 1;
  gradedFill(ctx, [[0, top], [stage.width, top], [stage.width, stage.height], [0, stage.height]], color, top, (palette.snowy ? 0.02 : 0.05) * coat, stage.height, (palette.snowy ? 0.04 : 0.1) * coat);
  // Slopes: long, low swells receding toward the horizon, lens-shaped so their ends taper away;
  // each is paper white at its crest (hiding the one behind) fading to nothing below.
  const slopes = 4;
  for (let i = 0; i < slopes; i++) {
    const y = top + (stage.height - top) * (0.12 + 0.22 * i) * rng.range(0.85, 1.1);
    const fromLeft = i % 2 === 0;
    const span = stage.width * rng.range(0.55, 0.85);
    const x0 = fromLeft ? -stage.width * 0.1 : stage.width * 1.1 - span;
    const x1 = x0 + span;
    const rise = stage.frameH * rng.range(0.02, 0.045) * (0.6 + 0.4 * i);
    const depth = stage.frameH * 0.16;
    const ridge: Pt[] = [];
    const under: Pt[] = [];
    for (let k = 0; k <= 16; k++) {
      const t = k / 16;
      const x = x0 + (x1 - x0) * t;
      const bump = Math.pow(Math.sin(Math.PI * t), 0.8);
      ridge.push([x, y - bump * rise + noise.n1(i * 3 + t * 3) * stage.unit * 0.004]);
      under.push([x, y + bump * depth]);
    }
    const mass: Pt[] = [...ridge, ...under.reverse()];
    gradedFill(ctx, mass, palette.paper, y - rise, 0.95, y + depth, 0);
    gradedFill(ctx, mass, color, y - rise, (palette.snowy ? 0.05 : 0.12) * palette.inkStrength * coat, y + depth * 0.7, 0);
    stroke(ctx, ridge.slice(2, -2), { width: stage.unit * 0.004, color: palette.ink, alpha: 0.45 * palette.inkStrength, noise, phase: i * 5, taper: 0.8 });
    const tufts = Math.round(8 * (options.texture ?? 1));
    for (let k = 0; k < tufts; k++) {
      const p = ridge[rng.int(3, ridge.length - 4)]!;
      dryStroke(ctx, [[p[0], p[1] + 2], [p[0] + stage.unit * 0.03, p[1] + stage.unit * 0.012]], { width: stage.unit * 0.008, color: palette.ink, alpha: 0.2 * palette.inkStrength, noise, phase: k + i * 10, rng, bristles: 3 });
    }
  }
  mistBand(ctx, 0, stage.width, top + stage.frameH * 0.01, stage.frameH * 0.04, palette.mist, 0.5 + 0.3 * palette.haze);
}

/** A near bank in a water scene, in one bottom corner; anchors `bank` for things on land. */
export function paintBank(stage: Stage, side: 'left' | 'right'): void {
  const { palette, noise, rng } = stage;
  const ctx = stage.layers.near.ctx;
  const y = stage.oy + stage.frameH * rng.range(0.74, 0.82);
  const reach = stage.frameW * rng.range(0.4, 0.55);
  const dir = side === 'left' ? 1 : -1;
  const outer = side === 'left' ? 0 : stage.width;
  const edgeX = side === 'left' ? stage.ox + reach : stage.ox + stage.frameW - reach;
  // The shore: flat along the top, then curving down into the water and off the bottom.
  const shore: Pt[] = [];
  for (let i = 0; i <= 20; i++) {
    const t = i / 20;
    const x = outer + (edgeX - outer) * Math.min(1, t * 1.25) + dir * Math.max(0, t - 0.8) * reach * 0.25;
    const drop = Math.pow(Math.max(0, (t - 0.55) / 0.45), 1.6) * (stage.height - y);
    shore.push([x, y + drop - Math.sin(Math.PI * Math.min(1, t * 1.6)) * stage.frameH * 0.015 + noise.n1(t * 4 + 7) * stage.unit * 0.006]);
  }
  const mass: Pt[] = [...shore, [outer, stage.height]];
  fillPolygon(ctx, mass, palette.paper, 1);
  // Shading darker toward the water's edge.
  const g = ctx.createLinearGradient(outer, 0, edgeX + dir * reach * 0.2, 0);
  const coat = palette.minerals ? 2.2 : 1;
  g.addColorStop(0, rgba(palette.land, (palette.snowy ? 0.02 : 0.05) * coat));
  g.addColorStop(1, rgba(palette.land, (palette.snowy ? 0.08 : 0.18) * palette.inkStrength * coat));
  ctx.fillStyle = g;
  ctx.beginPath();
  ctx.moveTo(mass[0]![0], mass[0]![1]);
  for (const p of mass) ctx.lineTo(p[0], p[1]);
  ctx.closePath();
  ctx.fill();
  stroke(ctx, shore.slice(0, 19), { width: stage.unit * 0.006, color: palette.ink, alpha: 0.6 * palette.inkStrength, noise, phase: 31, taper: 0.7 });
  for (let k = 0; k < 16; k++) {
    const p = shore[rng.int(1, 17)]!;
    dryStroke(ctx, [[p[0], p[1] + 3], [p[0] - dir * stage.unit * 0.04, p[1] + stage.unit * 0.02]], { width: stage.unit * 0.01, color: palette.ink, alpha: 0.25 * palette.inkStrength, noise, phase: k * 3, rng, bristles: 3 });
  }
  for (let k = 0; k < 6; k++) {
    const p = shore[rng.int(2, 12)]!;
    dab(ctx, p[0], p[1] - 2, stage.unit * 0.006, stage.unit * 0.004, 0, palette.ink, 0.6 * palette.inkStrength, noise, k);
  }
  stage.anchors.set('bank', { x: (outer + edgeX) / 2, y, size: reach, layer: 'near' });
}

export function paintDesert(stage: Stage): void {
  const { palette, noise } = stage;
  const ctx = stage.layers.near.ctx;
  const sand = mix(palette.paper, [200, 160, 100], 0.5);
  gradedFill(ctx, [[0, stage.horizon], [stage.width, stage.horizon], [stage.width, stage.height], [0, stage.height]], sand, stage.horizon, 0.25, stage.height, 0.4);
  for (let i = 0; i < 5; i++) {
    const y = stage.horizon + (stage.height - stage.horizon) * (0.1 + i * 0.18);
    const pts: Pt[] = Array.from({ length: 20 }, (_, k) => {
      const t = k / 19;
      return [t * stage.width, y + Math.sin(t * Math.PI * (1.5 + i * 0.3) + i) * stage.frameH * 0.015 + noise.n1(i * 7 + t * 3) * 3] as Pt;
    });
    stroke(ctx, pts, { width: stage.unit * 0.004, color: mix(palette.ink, sand, 0.4), alpha: 0.35, noise, phase: i * 4, taper: 0.7 });
  }
  mistBand(ctx, 0, stage.width, stage.horizon + stage.frameH * 0.01, stage.frameH * 0.05, mix(palette.paper, sand, 0.4), 0.6);
}

export function paintFields(stage: Stage): void {
  const { palette, noise } = stage;
  const ctx = stage.layers.near.ctx;
  const green = mix(palette.paper, palette.foliage, 0.35);
  for (let i = 0; i < 7; i++) {
    const t0 = i / 7;
    const y = stage.horizon + (stage.height - stage.horizon) * Math.pow(t0, 1.4);
    const y1 = stage.horizon + (stage.height - stage.horizon) * Math.pow((i + 1) / 7, 1.4);
    gradedFill(ctx, [[0, y], [stage.width, y + 4], [stage.width, y1], [0, y1]], i % 2 ? green : mix(green, [200, 180, 120], 0.4), y, 0.22, y1, 0.12);
    stroke(ctx, [[0, y], [stage.width, y + 4]], { width: stage.unit * 0.003, color: palette.ink, alpha: 0.35, noise, phase: i, taper: 0.5 });
  }
}
