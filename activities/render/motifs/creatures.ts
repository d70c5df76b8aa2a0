// Birds in flight (geese in a skein, gulls, egrets, crows, orioles, swallows, a crane), flapping
// across the sky as animations; horses, cattle and butterflies.
import type { Canvas } from '@napi-rs/canvas';
import { dab, fillPolygon, gradedFill, stroke, type Ctx, type Pt } from '../brush.js';
import { mix, type Rgb } from '../palette.js';
import { LAYER_DEPTH, place, region, viewRegion, type Stage } from '../stage.js';
import { groundSpot } from './ground-spots.js';
import type { MotifPainter, MotifRequest } from './motif.js';
import { sprite } from './sprites.js';

interface BirdLook {
  body: Rgb;
  outline: Rgb;
  wingtip?: Rgb;
  crown?: Rgb;
  /** Wingspan in units of stage.unit. */
  span: number;
}

/** Two frames of a bird: wings up and wings down. */
function birdFrames(stage: Stage, look: BirdLook): Canvas[] {
  const span = stage.unit * look.span;
  const { noise } = stage;
  return [0.55, -0.25].map((lift, k) =>
    sprite(span * 1.1, span * 0.8, (ctx, w, h) => {
      const cx = w / 2;
      const cy = h / 2;
      for (const side of [-1, 1]) {
        const wing: Pt[] = [[cx, cy], [cx + side * span * 0.22, cy - span * lift * 0.35], [cx + side * span * 0.5, cy - span * lift * 0.2 + span * 0.05]];
        stroke(ctx, wing, { width: Math.max(1.5, span * 0.09), color: look.body, alpha: 0.95, noise, phase: side + k, taper: 0.9, ends: 0.2 });
        stroke(ctx, wing, { width: Math.max(1, span * 0.025), color: look.outline, alpha: 0.85, noise, phase: side + k + 3, taper: 0.6 });
        if (look.wingtip) stroke(ctx, wing.slice(1), { width: Math.max(1, span * 0.05), color: look.wingtip, alpha: 0.9, noise, phase: side, taper: 1 });
      }
      dab(ctx, cx, cy + span * 0.02, span * 0.09, span * 0.05, 0, look.body, 1, noise, k);
      if (look.crown) dab(ctx, cx + span * 0.08, cy, span * 0.025, span * 0.025, 0, look.crown, 1, noise, k + 9);
    }),
  );
}

/** A flock crossing the sky during the shot, each bird flapping. */
function flock(stage: Stage, look: BirdLook, options: { count: number; formation: 'skein' | 'loose'; depth: number; speed: number; yFrac: [number, number]; primary: boolean }): void {
  const { rng } = stage;
  const frames = birdFrames(stage, look);
  const dir = rng() < 0.5 ? 1 : -1;
  const lead =
    stage.ground === 'interior'
      ? place(stage, 10, 10, viewRegion(stage, 0.4, 0.25, 0.6, 0.45), { weight: 0, avoidReserved: false })
      : place(stage, stage.frameW * 0.3, stage.frameH * 0.1, region(stage, 0.3, options.yFrac[0], 0.7, options.yFrac[1]), { weight: 0.5 });
  const spacing = stage.unit * look.span * 1.3;
  const birds = Array.from({ length: options.count }, (_, i) => {
    const rank = Math.ceil(i / 2);
    const side = i % 2 === 0 ? 1 : -1;
    const dx = options.formation === 'skein' ? -dir * rank * spacing : rng.range(-1, 1) * spacing * 3;
    const dy = options.formation === 'skein' ? side * rank * spacing * 0.45 : rng.range(-1, 1) * spacing * 1.5;
    return { dx, dy, phase: rng() * 6, flap: rng.range(2.2, 3.2) };
  });
  // The flock crosses the frame centre about halfway through a typical shot.
  const u = stage.unit / 720;
  const speed = options.speed * u * dir;
  stage.animations.push({
    depth: options.depth,
    draw(ctx, t, toFrame, scale) {
      for (const bird of birds) {
        const x = lead.x + bird.dx + speed * (t - 2.5);
        const y = lead.y - stage.frameH * 0.05 + bird.dy + Math.sin(t * 1.5 + bird.phase) * 2 * u;
        const [fx, fy] = toFrame(x, y);
        const img = frames[Math.floor((t * bird.flap + bird.phase) * 2) & 1]!;
        const w = img.width * scale;
        const h = img.height * scale;
        if (dir < 0) {
          ctx.setTransform(-1, 0, 0, 1, fx, fy);
          ctx.drawImage(img, -w / 2, -h / 2, w, h);
          ctx.setTransform(1, 0, 0, 1, 0, 0);
        } else ctx.drawImage(img, fx - w / 2, fy - h / 2, w, h);
      }
    },
  });
  if (options.primary) stage.focus = { x: (lead.x - stage.ox) / stage.frameW, y: (lead.y - stage.oy) / stage.frameH };
}

function inkLook(stage: Stage): Rgb {
  return stage.palette.night ? mix(stage.palette.ink, stage.palette.paper, 0.15) : stage.palette.ink;
}

export const geese: MotifPainter = {
  layer: 'far',
  order: 80,
  paint({ stage, primary }: MotifRequest) {
    flock(stage, { body: inkLook(stage), outline: stage.palette.ink, span: 0.035 * stage.scale }, { count: stage.rng.int(5, 9), formation: 'skein', depth: LAYER_DEPTH.far, speed: 45, yFrac: [0.12, 0.3], primary });
  },
};

export const gulls: MotifPainter = {
  layer: 'mid',
  order: 80,
  paint({ stage, primary }: MotifRequest) {
    const white = mix(stage.palette.paper, [255, 255, 255], 0.7);
    flock(stage, { body: white, outline: mix(stage.palette.ink, white, 0.3), wingtip: stage.palette.ink, span: 0.045 * stage.scale }, { count: stage.rng.int(2, 4), formation: 'loose', depth: LAYER_DEPTH.mid, speed: 55, yFrac: [0.3, 0.5], primary });
  },
};

export const egrets: MotifPainter = {
  layer: 'mid',
  order: 80,
  paint({ stage, primary }: MotifRequest) {
    const white = mix(stage.palette.paper, [255, 255, 255], 0.8);
    flock(stage, { body: white, outline: mix(stage.palette.ink, white, 0.2), span: 0.06 * stage.scale }, { count: stage.rng.int(1, 3), formation: 'loose', depth: LAYER_DEPTH.near, speed: 35, yFrac: [0.25, 0.45], primary });
  },
};

export const crows: MotifPainter = {
  layer: 'far',
  order: 80,
  paint({ stage, primary }: MotifRequest) {
    flock(stage, { body: stage.palette.ink, outline: stage.palette.ink, span: 0.03 * stage.scale }, { count: stage.rng.int(4, 7), formation: 'loose', depth: LAYER_DEPTH.far, speed: 40, yFrac: [0.15, 0.35], primary });
  },
};

export const orioles: MotifPainter = {
  layer: 'near',
  order: 80,
  paint({ stage, primary }: MotifRequest) {
    flock(stage, { body: [214, 172, 40], outline: stage.palette.ink, wingtip: stage.palette.ink, span: 0.03 * stage.scale }, { count: 2, formation: 'loose', depth: LAYER_DEPTH.near, speed: 60, yFrac: [0.3, 0.5], primary });
  },
};

export const swallows: MotifPainter = {
  layer: 'near',
  order: 80,
  paint({ stage, primary }: MotifRequest) {
    flock(stage, { body: stage.palette.ink, outline: stage.palette.ink, span: 0.028 * stage.scale }, { count: 3, formation: 'loose', depth: LAYER_DEPTH.near, speed: 120, yFrac: [0.35, 0.6], primary });
  },
};

export const crane: MotifPainter = {
  layer: 'mid',
  order: 80,
  paint({ stage, primary }: MotifRequest) {
    const white = mix(stage.palette.paper, [255, 255, 255], 0.8);
    flock(stage, { body: white, outline: stage.palette.ink, wingtip: stage.palette.ink, crown: [200, 40, 40], span: 0.09 * stage.scale }, { count: stage.rng.int(1, 2), formation: 'loose', depth: LAYER_DEPTH.mid, speed: 28, yFrac: [0.2, 0.4], primary });
  },
};

function quadruped(stage: Stage, ctx: Ctx, x: number, y: number, size: number, bulk: number, facing: 1 | -1): void {
  const { palette, noise } = stage;
  const bodyY = y - size * 0.55;
  const body: Pt[] = Array.from({ length: 17 }, (_, i) => {
    const a = (i / 16) * Math.PI * 2;
    return [x + Math.cos(a) * size * 0.35, bodyY + Math.sin(a) * size * 0.16 * bulk] as Pt;
  });
  fillPolygon(ctx, body, palette.paper, 1);
  gradedFill(ctx, body, palette.ink, bodyY - size * 0.16, 0.55 * palette.inkStrength, bodyY + size * 0.16, 0.35 * palette.inkStrength);
  stroke(ctx, body, { width: Math.max(1, size * 0.02), color: palette.ink, alpha: 0.8, noise, phase: x, taper: 0.3, ends: 0.5 });
  const neckBase: Pt = [x + facing * size * 0.28, bodyY - size * 0.06];
  const head: Pt = [x + facing * size * (bulk > 1.2 ? 0.45 : 0.5), bodyY - size * (bulk > 1.2 ? 0.12 : 0.38)];
  stroke(ctx, [neckBase, head], { width: size * 0.1 * bulk, color: palette.ink, alpha: 0.7, noise, phase: x + 1, taper: 0.3, ends: 0.6 });
  dab(ctx, head[0] + facing * size * 0.05, head[1] + size * 0.03, size * 0.08, size * 0.045, facing * 0.5, palette.ink, 0.85, noise, x + 2);
  for (const lx of [-0.25, -0.15, 0.18, 0.27]) {
    stroke(ctx, [[x + lx * size, bodyY + size * 0.08], [x + lx * size + stage.rng.range(-2, 2), y]], { width: Math.max(1, size * 0.035), color: palette.ink, alpha: 0.8, noise, phase: lx * 10, taper: 0.3, ends: 0.6 });
  }
  stroke(ctx, [[x - facing * size * 0.34, bodyY - size * 0.05], [x - facing * size * 0.44, bodyY + size * 0.2]], { width: size * 0.04, color: palette.ink, alpha: 0.7, noise, phase: x + 3, taper: 1 });
}

export const horse: MotifPainter = {
  layer: 'near',
  order: 66,
  paint({ stage, primary }: MotifRequest) {
    const size = stage.frameH * (primary ? 0.14 : 0.1) * stage.scale;
    const spot = groundSpot(stage, size, size, { weight: 2 });
    const facing: 1 | -1 = stage.rng() < 0.5 ? 1 : -1;
    quadruped(stage, stage.layers.near.ctx, spot.x, spot.y, size * spot.depthScale, 1, facing);
    if (primary) stage.focus = { x: (spot.x - stage.ox) / stage.frameW, y: (spot.y - stage.oy) / stage.frameH };
  },
};

export const cattle: MotifPainter = {
  layer: 'near',
  order: 66,
  paint({ stage, primary }: MotifRequest) {
    const size = stage.frameH * (primary ? 0.12 : 0.08) * stage.scale;
    const spot = groundSpot(stage, size, size, { weight: 2 });
    quadruped(stage, stage.layers.near.ctx, spot.x, spot.y, size * spot.depthScale, 1.5, stage.rng() < 0.5 ? 1 : -1);
  },
};

export const butterfly: MotifPainter = {
  layer: 'front',
  order: 85,
  paint({ stage }: MotifRequest) {
    const { rng, noise, palette } = stage;
    const size = stage.unit * 0.03;
    const colors: Rgb[] = [[214, 170, 60], palette.accent];
    const frames = [1, 0.35].map((open) =>
      sprite(size, size, (ctx, w, h) => {
        for (const side of [-1, 1]) dab(ctx, w / 2 + side * w * 0.22 * open, h / 2, w * 0.22 * open + 1, h * 0.3, 0, colors[0]!, 0.9, noise, side);
        stroke(ctx, [[w / 2, h * 0.3], [w / 2, h * 0.7]], { width: 1.5, color: palette.ink, alpha: 0.9, noise, phase: 1 });
      }),
    );
    const home = place(stage, size * 4, size * 4, region(stage, 0.2, 0.5, 0.8, 0.85), { weight: 0.5 });
    const flutterers = Array.from({ length: 2 }, () => ({ phase: rng() * 6, r: size * rng.range(1.5, 3) }));
    stage.animations.push({
      depth: LAYER_DEPTH.near,
      draw(ctx, t, toFrame, scale) {
        for (const b of flutterers) {
          const [fx, fy] = toFrame(home.x + Math.cos(t * 0.9 + b.phase) * b.r * 2, home.y - size * 2 + Math.sin(t * 1.7 + b.phase) * b.r);
          const img = frames[Math.floor(t * 12 + b.phase) & 1]!;
          ctx.drawImage(img, fx - (img.width * scale) / 2, fy - (img.height * scale) / 2, img.width * scale, img.height * scale);
        }
      },
    });
  },
};
