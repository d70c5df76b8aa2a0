// The brush: one tapered stroke primitive (width max·sin(πt), wobbled by smooth noise) from
// which almost everything is built, plus washes, dry-brush texture and ink dots. How the brush is
// handled (its manner) belongs to the surface painted on: the stage gives each of a shot's layers
// the manner of the film's look, so every painter's strokes follow it without knowing the look.
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { Noise } from './noise.js';
import { rgba, type Rgb } from './palette.js';
import type { Rng } from './random.js';

export type Ctx = SKRSContext2D;
export type Pt = readonly [number, number];

export interface StrokeOptions {
  width: number;
  color: Rgb;
  alpha: number;
  /** Exponent on sin(πt): >1 thins the ends more. */
  taper?: number;
  /** Width at the very ends as a fraction of the maximum (a blunt start reads as a brush press). */
  ends?: number;
  /** How much the width wobbles (fraction of width). */
  wobble?: number;
  noise: Noise;
  /** Offset into the noise, so strokes differ. */
  phase: number;
}

/**
 * How the brush is handled. Ink-wash (写意) strokes swell and taper, wobble, and break into dry
 * bristles; gongbi (工笔) lines are fine and even (铁线描, "iron-wire line") and texture is one
 * clean line rather than a dry, broken one.
 */
export interface BrushManner {
  /** Multiplies every stroke's width. */
  width: number;
  /** Multiplies how much a stroke's width wobbles. */
  wobble: number;
  /** The least width at a stroke's ends (fraction of its maximum): near 1 draws lines of even width. */
  ends: number;
  /** The greatest taper exponent allowed. */
  taper: number;
  /** Dry-brush texture as broken bristles (true), or as one fine unbroken line. */
  dryBristles: boolean;
}

export const INK_WASH_MANNER: BrushManner = { width: 1, wobble: 1, ends: 0, taper: Infinity, dryBristles: true };
export const GONGBI_MANNER: BrushManner = { width: 0.6, wobble: 0.12, ends: 0.55, taper: 0.45, dryBristles: false };

const manners = new WeakMap<Ctx, BrushManner>();

/** Strokes painted on this context from now on follow the manner. */
export function useBrushManner(ctx: Ctx, manner: BrushManner): void {
  manners.set(ctx, manner);
}

export function brushMannerOf(ctx: Ctx): BrushManner {
  return manners.get(ctx) ?? INK_WASH_MANNER;
}

function length(points: readonly Pt[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += Math.hypot(points[i]![0] - points[i - 1]![0], points[i]![1] - points[i - 1]![1]);
  return total;
}

/** Points along the polyline at equal arc-length steps. */
export function resample(points: readonly Pt[], count: number): Pt[] {
  if (points.length < 2) return [...points];
  const total = length(points);
  if (total === 0) return [points[0]!, points[0]!];
  const out: Pt[] = [];
  let seg = 1;
  let segStart = 0;
  let segLen = Math.hypot(points[1]![0] - points[0]![0], points[1]![1] - points[0]![1]);
  for (let i = 0; i < count; i++) {
    const target = (total * i) / (count - 1);
    while (segStart + segLen < target && seg < points.length - 1) {
      segStart += segLen;
      seg++;
      segLen = Math.hypot(points[seg]![0] - points[seg - 1]![0], points[seg]![1] - points[seg - 1]![1]);
    }
    const a = points[seg - 1]!;
    const b = points[seg]!;
    const t = segLen > 0 ? Math.min(1, (target - segStart) / segLen) : 0;
    out.push([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]);
  }
  return out;
}

/** The tapered stroke: a filled outline whose half-width follows max·sin(πt) with noise. */
export function stroke(ctx: Ctx, points: readonly Pt[], options: StrokeOptions): void {
  if (points.length < 2 || options.alpha <= 0) return;
  const manner = brushMannerOf(ctx);
  const total = length(points);
  const count = Math.max(6, Math.min(160, Math.round(total / 3)));
  const pts = resample(points, count);
  const taper = Math.min(manner.taper, options.taper ?? 1);
  const ends = Math.max(manner.ends, options.ends ?? 0.08);
  const wobble = (options.wobble ?? 0.35) * manner.wobble;
  // A finer brush, but never so fine that a line already a pixel wide disappears.
  const width = manner.width === 1 ? options.width : Math.max(options.width * manner.width, Math.min(options.width, 1));
  const left: Pt[] = [];
  const right: Pt[] = [];
  for (let i = 0; i < pts.length; i++) {
    const t = i / (pts.length - 1);
    const prev = pts[Math.max(0, i - 1)]!;
    const next = pts[Math.min(pts.length - 1, i + 1)]!;
    let dx = next[0] - prev[0];
    let dy = next[1] - prev[1];
    const d = Math.hypot(dx, dy) || 1;
    dx /= d;
    dy /= d;
    const shape = ends + (1 - ends) * Math.pow(Math.sin(Math.PI * t), taper);
    const w = (width / 2) * shape * (1 + wobble * options.noise.n1(options.phase + t * 5));
    const p = pts[i]!;
    left.push([p[0] - dy * w, p[1] + dx * w]);
    right.push([p[0] + dy * w, p[1] - dx * w]);
  }
  ctx.beginPath();
  ctx.moveTo(left[0]![0], left[0]![1]);
  for (let i = 1; i < left.length; i++) ctx.lineTo(left[i]![0], left[i]![1]);
  for (let i = right.length - 1; i >= 0; i--) ctx.lineTo(right[i]![0], right[i]![1]);
  ctx.closePath();
  ctx.fillStyle = rgba(options.color, options.alpha);
  ctx.fill();
}

/** Several thin broken strokes side by side: dry-brush texture (bark, 皴, rough ground). */
export function dryStroke(ctx: Ctx, points: readonly Pt[], options: StrokeOptions & { bristles?: number; rng: Rng }): void {
  const bristles = options.bristles ?? 4;
  // Gongbi lays one clean line where the wet brush leaves broken bristles; the bristles' randomness
  // is drawn all the same, so a picture keeps its composition whichever the manner.
  const clean = !brushMannerOf(ctx).dryBristles;
  const pts = resample(points, Math.max(6, Math.round(length(points) / 4)));
  for (let b = 0; b < bristles; b++) {
    const offset = (b / Math.max(1, bristles - 1) - 0.5) * options.width;
    let run: Pt[] = [];
    const lay = () => {
      const alpha = options.alpha * options.rng.range(0.6, 1);
      if (!clean) stroke(ctx, run, { ...options, width: options.width / bristles, alpha, phase: options.phase + b });
    };
    for (let i = 0; i < pts.length; i++) {
      const prev = pts[Math.max(0, i - 1)]!;
      const next = pts[Math.min(pts.length - 1, i + 1)]!;
      const dx = next[0] - prev[0];
      const dy = next[1] - prev[1];
      const d = Math.hypot(dx, dy) || 1;
      const p: Pt = [pts[i]![0] - (dy / d) * offset, pts[i]![1] + (dx / d) * offset];
      const gap = options.noise.n1(options.phase + b * 7.7 + i * 0.45) > 0.35;
      if (gap) {
        if (run.length > 1) lay();
        run = [];
      } else run.push(p);
    }
    if (run.length > 1) lay();
  }
  if (clean) stroke(ctx, points, { ...options, width: (options.width / bristles) * 1.5, alpha: options.alpha * 0.8 });
}

/** A soft round pool of ink or colour (radial gradient to transparent). */
export function blob(ctx: Ctx, x: number, y: number, radius: number, color: Rgb, alpha: number, hardness = 0.3): void {
  if (radius <= 0 || alpha <= 0) return;
  const g = ctx.createRadialGradient(x, y, 0, x, y, radius);
  g.addColorStop(0, rgba(color, alpha));
  g.addColorStop(Math.max(0, Math.min(0.95, hardness)), rgba(color, alpha * 0.85));
  g.addColorStop(1, rgba(color, 0));
  ctx.fillStyle = g;
  ctx.beginPath();
  ctx.arc(x, y, radius, 0, Math.PI * 2);
  ctx.fill();
}

/** An irregular ink dot (苔点, leaf dab): a noisy ellipse. */
export function dab(ctx: Ctx, x: number, y: number, rx: number, ry: number, angle: number, color: Rgb, alpha: number, noise: Noise, phase: number): void {
  ctx.beginPath();
  const steps = 14;
  for (let i = 0; i <= steps; i++) {
    const a = (i / steps) * Math.PI * 2;
    const r = 1 + 0.28 * noise.n1(phase + i * 0.7);
    const px = Math.cos(a) * rx * r;
    const py = Math.sin(a) * ry * r;
    const qx = x + px * Math.cos(angle) - py * Math.sin(angle);
    const qy = y + px * Math.sin(angle) + py * Math.cos(angle);
    if (i === 0) ctx.moveTo(qx, qy);
    else ctx.lineTo(qx, qy);
  }
  ctx.closePath();
  ctx.fillStyle = rgba(color, alpha);
  ctx.fill();
}

/** Fills a closed outline with a vertical gradient of one colour (a graded wash). */
export function gradedFill(ctx: Ctx, outline: readonly Pt[], color: Rgb, y0: number, alpha0: number, y1: number, alpha1: number): void {
  if (outline.length < 3) return;
  const g = ctx.createLinearGradient(0, y0, 0, y1);
  g.addColorStop(0, rgba(color, alpha0));
  g.addColorStop(1, rgba(color, alpha1));
  ctx.fillStyle = g;
  tracePolygon(ctx, outline);
  ctx.fill();
}

export function tracePolygon(ctx: Ctx, outline: readonly Pt[]): void {
  ctx.beginPath();
  ctx.moveTo(outline[0]![0], outline[0]![1]);
  for (let i = 1; i < outline.length; i++) ctx.lineTo(outline[i]![0], outline[i]![1]);
  ctx.closePath();
}

/** Fills a closed outline with a flat colour (the white fill that hides what lies behind). */
export function fillPolygon(ctx: Ctx, outline: readonly Pt[], color: Rgb, alpha = 1): void {
  if (outline.length < 3) return;
  ctx.fillStyle = rgba(color, alpha);
  tracePolygon(ctx, outline);
  ctx.fill();
}

/** A horizontal band of mist: paper colour fading in and out vertically. */
export function mistBand(ctx: Ctx, x0: number, x1: number, yCenter: number, halfHeight: number, color: Rgb, alpha: number): void {
  const g = ctx.createLinearGradient(0, yCenter - halfHeight, 0, yCenter + halfHeight);
  g.addColorStop(0, rgba(color, 0));
  g.addColorStop(0.5, rgba(color, alpha));
  g.addColorStop(1, rgba(color, 0));
  ctx.fillStyle = g;
  ctx.fillRect(x0, yCenter - halfHeight, x1 - x0, halfHeight * 2);
}
