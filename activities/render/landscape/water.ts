// Water: a faint wash with clusters of short horizontal ripple strokes, sparse and light;
// reflections are broken strokes, never a mirror image. Also waterfalls.
import { blob, dryStroke, fillPolygon, gradedFill, mistBand, stroke, type Ctx, type Pt } from '../brush.js';
import type { Rgb } from '../palette.js';
import type { Stage } from '../stage.js';

/** The water surface from `top` to the bottom of the layer. */
export function paintWater(stage: Stage, ctx: Ctx, top: number, options: { density?: number; waves?: boolean } = {}): void {
  const { palette, noise, rng } = stage;
  const bottom = stage.height;
  // Gongbi colours the water evenly in azurite; ink-wash leaves it a faint wash.
  const coat = palette.minerals ? 3 : 1;
  gradedFill(ctx, [[0, top], [stage.width, top], [stage.width, bottom], [0, bottom]], palette.water, top, (palette.night ? 0.22 : 0.05) * coat, bottom, 0.1 * coat);
  const density = options.density ?? 1;
  const clusters = Math.round(((stage.width * (bottom - top)) / 9000) * density);
  for (let c = 0; c < clusters; c++) {
    // More ripples near the far shore, where they pile up in perspective.
    const depth = Math.pow(rng(), 1.6);
    const y = top + depth * (bottom - top);
    const x = rng() * stage.width;
    const near = (y - top) / (bottom - top);
    const len = stage.unit * (0.02 + 0.07 * near) * rng.range(0.5, 1.3);
    const n = rng.int(1, 3);
    for (let i = 0; i < n; i++) {
      const yy = y + i * stage.unit * (0.004 + 0.01 * near);
      const xx = x + rng.range(-len * 0.3, len * 0.3);
      const bend = stage.unit * 0.002 * rng.range(-1, 1);
      stroke(ctx, [[xx, yy], [xx + len / 2, yy + bend], [xx + len, yy]], {
        width: stage.unit * (0.0015 + 0.003 * near),
        color: palette.ink,
        alpha: rng.range(0.08, 0.22) * palette.inkStrength * (palette.night ? 0.8 : 1),
        noise,
        phase: c * 1.7 + i,
        taper: 1.2,
      });
    }
  }
  if (options.waves) {
    for (let row = 0; row < 5; row++) {
      const y = top + (bottom - top) * (0.25 + row * 0.15);
      const pts: Pt[] = [];
      for (let x = 0; x <= stage.width; x += stage.unit * 0.02) {
        pts.push([x, y + Math.sin(x / (stage.unit * 0.05) + row) * stage.unit * 0.008 * (1 + row * 0.4) + noise.n1(x * 0.01 + row) * 3]);
      }
      stroke(ctx, pts, { width: stage.unit * 0.003, color: palette.ink, alpha: 0.12 * palette.inkStrength, noise, phase: row * 5, taper: 0.5 });
    }
  }
  // A mist band where water meets the far shore.
  mistBand(ctx, 0, stage.width, top + stage.unit * 0.005, stage.unit * 0.04, palette.mist, 0.5 * palette.haze + 0.2);
}

/** Broken horizontal strokes below something standing over water. */
export function paintReflection(stage: Stage, ctx: Ctx, x: number, y: number, width: number, depth: number, color: Rgb, alpha: number): void {
  const { noise, rng } = stage;
  const rows = Math.max(3, Math.round(depth / (stage.unit * 0.012)));
  for (let r = 0; r < rows; r++) {
    const yy = y + (r / rows) * depth;
    const w = width * (1 - r / rows) * rng.range(0.5, 1.1);
    const xx = x + rng.range(-width * 0.12, width * 0.12) - w / 2;
    stroke(ctx, [[xx, yy], [xx + w, yy]], { width: stage.unit * 0.005, color, alpha: alpha * (1 - r / rows), noise, phase: x + r, taper: 1 });
  }
}

/** A waterfall: a white ribbon falling down a dark, textured cliff face, spray and mist at its foot. */
export function paintWaterfall(stage: Stage, ctx: Ctx, x: number, topY: number, bottomY: number, width: number): void {
  const { palette, noise, rng } = stage;
  const height = bottomY - topY;
  // The cliff: a dark rock mass either side of the fall, rough-edged, with axe-cut texture (斧劈皴).
  for (const side of [-1, 1]) {
    const inner: Pt[] = [];
    const outer: Pt[] = [];
    for (let i = 0; i <= 24; i++) {
      const t = i / 24;
      const y = topY + t * height;
      inner.push([x + side * (width / 2 + noise.n1(side * 5 + t * 5) * width * 0.12), y]);
      outer.push([x + side * (width / 2 + width * (1.2 + 0.6 * Math.sin(Math.PI * t)) + noise.n1(side * 9 + t * 3) * width * 0.3), y]);
    }
    const rock = [...inner, ...outer.slice().reverse()];
    fillPolygon(ctx, rock, palette.paper, 1);
    gradedFill(ctx, rock, palette.ink, topY, 0.42 * palette.inkStrength, bottomY, 0.08);
    stroke(ctx, inner, { width: stage.unit * 0.005, color: palette.ink, alpha: 0.75 * palette.inkStrength, noise, phase: side * 9, taper: 0.5 });
    for (let k = 0; k < 10; k++) {
      const t = rng.range(0.05, 0.8);
      const sx = x + side * (width / 2 + width * rng.range(0.2, 1.2));
      const sy = topY + t * height;
      dryStroke(ctx, [[sx, sy], [sx + side * width * 0.3, sy + height * 0.08]], { width: width * 0.25, color: palette.ink, alpha: 0.3 * palette.inkStrength, noise, phase: k + side * 20, rng, bristles: 3 });
    }
  }
  // The fall: paper white, long faint lines, brighter in the middle.
  fillPolygon(ctx, [[x - width / 2, topY], [x + width / 2, topY], [x + width / 2, bottomY], [x - width / 2, bottomY]], palette.paper, 0.95);
  for (let i = 0; i < 12; i++) {
    const fx = x + rng.range(-width * 0.42, width * 0.42);
    stroke(ctx, [[fx, topY + rng.range(0, height * 0.15)], [fx + rng.range(-2, 2), bottomY - rng.range(0, height * 0.1)]], {
      width: stage.unit * 0.0018,
      color: palette.ink,
      alpha: rng.range(0.06, 0.14),
      noise,
      phase: fx,
      taper: 1.5,
    });
  }
  blob(ctx, x, bottomY, width * 1.8, palette.paper, 0.9, 0.4);
  mistBand(ctx, x - width * 3, x + width * 3, bottomY, height * 0.12, palette.mist, 0.85);
}
