// Mountains, as the shan-shui write-ups describe them: nested, noise-bent arcs, the outer one
// filled with paper white (hiding what lies behind) and outlined, inner ones guiding short
// texture strokes (皴) toward the edges; distant ranges as flat grey silhouettes fading into mist.
import { blob, dab, dryStroke, fillPolygon, gradedFill, mistBand, stroke, type Ctx, type Pt } from '../brush.js';
import { mix, type Rgb } from '../palette.js';
import type { Stage } from '../stage.js';

export interface MountainSpec {
  /** Centre x and base y in layer pixels. */
  x: number;
  base: number;
  width: number;
  height: number;
  /** 0…1: how dark (near) this mountain is. */
  tone: number;
  phase: number;
  /** Peak shape: 0 rounded, 1 craggy. */
  crag?: number;
}

/** The ridge line of a mountain from left foot to right foot. */
export function ridgeProfile(stage: Stage, spec: MountainSpec, samples = 64): Pt[] {
  const { noise } = stage;
  const crag = spec.crag ?? 0.5;
  const peakAt = 0.5 + 0.18 * noise.n1(spec.phase + 0.3);
  const points: Pt[] = [];
  for (let i = 0; i <= samples; i++) {
    const s = i / samples;
    // Asymmetric bump peaking at `peakAt`.
    const k = s < peakAt ? s / peakAt : (1 - s) / (1 - peakAt);
    const envelope = Math.pow(Math.sin((Math.PI / 2) * k), 1.3 + crag * 0.8);
    const rough = 1 + 0.22 * noise.fbm1(spec.phase + s * (3 + crag * 4), 4) + crag * 0.08 * noise.n1(spec.phase * 3 + s * 22);
    const y = spec.base - spec.height * envelope * rough;
    points.push([spec.x - spec.width / 2 + s * spec.width, Math.min(spec.base, y)]);
  }
  return points;
}

/** A main mountain with white fill, graded wash, nested texture strokes, outline and moss dots. */
export function paintMountain(stage: Stage, ctx: Ctx, spec: MountainSpec): Pt[] {
  const { palette, noise, rng } = stage;
  const ridge = ridgeProfile(stage, spec);
  const outline: Pt[] = [...ridge, [spec.x + spec.width / 2, spec.base + 2], [spec.x - spec.width / 2, spec.base + 2]];
  const top = Math.min(...ridge.map((p) => p[1]));
  const strength = palette.inkStrength * (0.45 + 0.55 * spec.tone);
  const snow = palette.snowy;

  // The white fill hides whatever lies behind.
  fillPolygon(ctx, outline, palette.paper, 1);
  if (palette.minerals) {
    // Gongbi: an ochre ground laid flat, malachite over the slopes and azurite on the peaks, each
    // nearly even (colour built up in flat coats, not dissolving washes).
    const { ochre, malachite, azurite } = palette.minerals;
    fillPolygon(ctx, outline, ochre, (snow ? 0.12 : 0.35) * strength);
    gradedFill(ctx, outline, malachite, top, (snow ? 0.15 : 0.6) * strength, spec.base, (snow ? 0.05 : 0.3) * strength);
    gradedFill(ctx, outline, azurite, top, (snow ? 0.1 : 0.5) * strength, top + (spec.base - top) * 0.55, 0);
  } else {
    // Graded wash: darker toward the ridge, dissolving into mist at the foot.
    const washColor = palette.mountain;
    gradedFill(ctx, outline, washColor, top, (snow ? 0.05 : 0.2) * strength, spec.base, 0.0);
    if (palette.mountainAccent) {
      gradedFill(ctx, outline, palette.mountainAccent, top, 0.12 * strength, spec.base, 0.02);
    }
  }

  // Clip texture to the mountain.
  ctx.save();
  ctx.beginPath();
  ctx.moveTo(outline[0]![0], outline[0]![1]);
  for (const p of outline) ctx.lineTo(p[0], p[1]);
  ctx.closePath();
  ctx.clip();

  // Nested inner arcs guide the texture strokes, which cluster toward the edges of each arc.
  const layers = 4;
  for (let k = 1; k <= layers; k++) {
    const inner: MountainSpec = {
      ...spec,
      width: spec.width * (1 - k * 0.13),
      height: spec.height * (1 - k * 0.2),
      x: spec.x + spec.width * 0.06 * noise.n1(spec.phase + k * 1.7),
      phase: spec.phase + k * 11.1,
    };
    const arc = ridgeProfile(stage, inner, 40);
    // A faint wash band under each inner ridge gives the folds volume.
    const band: Pt[] = [...arc, ...arc.slice().reverse().map(([x, y]) => [x, y + spec.height * 0.12] as Pt)];
    gradedFill(ctx, band, palette.mountain, Math.min(...arc.map((p) => p[1])), (snow ? 0.03 : 0.09) * strength, Math.max(...arc.map((p) => p[1])) + spec.height * 0.12, 0);
    const strokes = Math.round(14 + spec.width / 18);
    for (let i = 0; i < strokes; i++) {
      // Bias toward the edges: s near 0 or 1.
      const r = rng();
      const s = r < 0.5 ? Math.pow(r * 2, 1.8) * 0.5 : 1 - Math.pow((1 - r) * 2, 1.8) * 0.5;
      const idx = Math.min(arc.length - 1, Math.max(0, Math.round(s * (arc.length - 1))));
      const [px, py] = arc[idx]!;
      if (py >= spec.base - 2) continue;
      const side = s < 0.5 ? -1 : 1;
      // Snow leaves the sunlit side bare; texture only on the shaded side.
      if (snow && side > 0 && rng() < 0.7) continue;
      const len = spec.height * rng.range(0.06, 0.2);
      const slant = side * rng.range(0.15, 0.6);
      const pts: Pt[] = [
        [px, py + 2],
        [px + slant * len * 0.5 + rng.range(-2, 2), py + len * 0.5],
        [px + slant * len, py + len],
      ];
      const alpha = rng.range(0.08, 0.26) * strength * (snow ? 0.7 : 1);
      if (rng() < 0.5) {
        dryStroke(ctx, pts, { width: stage.unit * rng.range(0.004, 0.01), color: palette.ink, alpha, noise, phase: spec.phase + i * 0.37 + k, rng, bristles: 3 });
      } else {
        stroke(ctx, pts, { width: stage.unit * rng.range(0.002, 0.006), color: palette.ink, alpha, noise, phase: spec.phase + i * 0.51 + k, taper: 1.4 });
      }
    }
  }
  ctx.restore();

  // The outline: one confident ridge stroke, broken where noise says so.
  const ink = palette.ink;
  let run: Pt[] = [];
  ridge.forEach((p, i) => {
    const broken = noise.n1(spec.phase * 2 + i * 0.3) > 0.55;
    if (!broken) run.push(p);
    if ((broken || i === ridge.length - 1) && run.length > 3) {
      stroke(ctx, run, {
        width: stage.unit * (0.004 + 0.006 * spec.tone) * (snow ? 0.7 : 1),
        color: ink,
        alpha: (0.35 + 0.4 * spec.tone) * palette.inkStrength,
        noise,
        phase: spec.phase + i,
        taper: 0.7,
      });
      run = [];
    } else if (broken) run = [];
  });

  // Moss dots (点苔) along the ridge, and a few tiny trees on it.
  const dots = Math.round(spec.width / 30);
  for (let i = 0; i < dots; i++) {
    const p = ridge[rng.int(4, ridge.length - 5)]!;
    if (p[1] > spec.base - spec.height * 0.2) continue;
    const r = stage.unit * rng.range(0.002, 0.005);
    dab(ctx, p[0] + rng.range(-4, 4), p[1] + rng.range(0, 6), r * 1.6, r, rng.range(-0.4, 0.4), ink, rng.range(0.3, 0.6) * strength, noise, i * 1.3);
  }
  const trees = Math.round(spec.width / 70);
  for (let i = 0; i < trees; i++) {
    const p = ridge[rng.int(6, ridge.length - 7)]!;
    if (p[1] > spec.base - spec.height * 0.35) continue;
    ridgeTree(stage, ctx, p[0], p[1] + 2, stage.unit * rng.range(0.015, 0.03) * (0.6 + spec.tone * 0.5), strength);
  }

  // The foot dissolves into mist.
  mistBand(ctx, spec.x - spec.width / 2 - 10, spec.x + spec.width / 2 + 10, spec.base - spec.height * 0.05, spec.height * 0.14, palette.mist, 0.55 + 0.3 * palette.haze);
  return ridge;
}

/** A tiny far tree: a vertical stroke crowned by a few dabs. */
export function ridgeTree(stage: Stage, ctx: Ctx, x: number, y: number, size: number, strength: number): void {
  const { palette, noise, rng } = stage;
  stroke(ctx, [[x, y], [x + rng.range(-1, 1), y - size]], { width: size * 0.08, color: palette.ink, alpha: 0.5 * strength, noise, phase: x });
  for (let i = 0; i < 4; i++) {
    dab(ctx, x + rng.range(-size * 0.2, size * 0.2), y - size * rng.range(0.5, 1), size * 0.22, size * 0.12, 0, palette.snowy ? mix(palette.ink, palette.paper, 0.3) : palette.ink, 0.4 * strength, noise, x + i);
  }
}

/** A distant range: flat grey silhouette across the layer, lighter with height, dissolving into a mist band. */
export function paintDistantRange(stage: Stage, ctx: Ctx, options: { base: number; amplitude: number; alpha: number; phase: number; color?: Rgb; roughness?: number }): void {
  const { noise, palette } = stage;
  const points: Pt[] = [];
  const n = 90;
  for (let i = 0; i <= n; i++) {
    const s = i / n;
    const h = options.amplitude * (0.55 + 0.45 * noise.fbm1(options.phase + s * (options.roughness ?? 4), 5));
    points.push([s * stage.width, options.base - Math.max(0, h)]);
  }
  const outline: Pt[] = [...points, [stage.width, options.base + options.amplitude * 0.4], [0, options.base + options.amplitude * 0.4]];
  const top = Math.min(...points.map((p) => p[1]));
  // Paper white hides the ranges behind, fading out below so no edge shows.
  gradedFill(ctx, outline, palette.paper, options.base - options.amplitude * 0.2, 0.92, options.base + options.amplitude * 0.4, 0);
  gradedFill(ctx, outline, options.color ?? palette.mountain, top, options.alpha * palette.inkStrength, options.base + options.amplitude * 0.4, 0);
  mistBand(ctx, 0, stage.width, options.base + options.amplitude * 0.15, options.amplitude * 0.45, palette.mist, 0.7 * palette.haze + 0.2);
}

/** A cluster of rocks: rounded outlines, a dark side, dry texture. */
export function paintRocks(stage: Stage, ctx: Ctx, x: number, y: number, size: number): void {
  const { palette, noise, rng } = stage;
  const count = rng.int(2, 4);
  for (let r = 0; r < count; r++) {
    const w = size * rng.range(0.5, 1);
    const h = w * rng.range(0.45, 0.75);
    const cx = x + (r - count / 2) * size * 0.45 + rng.range(-size * 0.1, size * 0.1);
    const outline: Pt[] = [];
    for (let i = 0; i <= 20; i++) {
      const a = Math.PI + (i / 20) * Math.PI;
      const k = 1 + 0.18 * noise.n1(cx * 0.1 + i * 0.6);
      outline.push([cx + Math.cos(a) * (w / 2) * k, y + Math.sin(a) * h * k]);
    }
    fillPolygon(ctx, [...outline, [cx + w / 2, y], [cx - w / 2, y]], palette.paper, 1);
    if (palette.minerals) fillPolygon(ctx, [...outline, [cx + w / 2, y]], r % 2 ? palette.minerals.malachite : palette.minerals.ochre, 0.45 * palette.inkStrength);
    gradedFill(ctx, [...outline, [cx + w / 2, y]], palette.ink, y - h, 0.05, y, 0.22 * palette.inkStrength);
    stroke(ctx, outline, { width: size * 0.04, color: palette.ink, alpha: 0.6 * palette.inkStrength, noise, phase: cx, taper: 0.6 });
    for (let i = 0; i < 5; i++) {
      const sx = cx + rng.range(-w * 0.35, w * 0.35);
      const sy = y - h * rng.range(0.2, 0.8);
      dryStroke(ctx, [[sx, sy], [sx + size * 0.04, sy + h * 0.3]], { width: size * 0.05, color: palette.ink, alpha: 0.2 * palette.inkStrength, noise, phase: sx + i, rng, bristles: 3 });
    }
    blob(ctx, cx - w * 0.2, y - h * 0.1, w * 0.25, palette.ink, 0.06, 0.2);
  }
}
