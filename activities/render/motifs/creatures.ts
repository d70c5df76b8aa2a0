// Birds in flight (geese in a skein, gulls, egrets, crows, orioles, swallows, a crane), flapping
// across the sky as animations; horses, cattle and butterflies; a village dog (or the rooster and
// tiger the lexicon draws with it) and a cicada on a willow twig. Gibbons are in gibbons.ts.
import type { Canvas } from '@napi-rs/canvas';
import { dab, fillPolygon, gradedFill, stroke, type Ctx, type Pt } from '../brush.js';
import { mix, type Rgb } from '../palette.js';
import { LAYER_DEPTH, place, region, viewRegion, type Stage } from '../stage.js';
import { groundSpot } from './ground-spots.js';
import { mentions, type MotifPainter, type MotifRequest } from './motif.js';
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

/** A village dog (犬), `size` long, feet at y: a compact ink body, pricked ears, a tail curled over its back. */
function paintDog(stage: Stage, ctx: Ctx, x: number, y: number, size: number, facing: 1 | -1, barking: boolean): void {
  const { palette, noise } = stage;
  const fur = palette.minerals ? mix(palette.minerals.ochre, palette.paper, 0.15) : mix(palette.ink, palette.paper, 0.4);
  const furAlpha = palette.minerals ? 0.9 : 0.8 * palette.inkStrength;
  const bodyY = y - size * 0.34;
  const body: Pt[] = Array.from({ length: 17 }, (_, i) => {
    const a = (i / 16) * Math.PI * 2;
    // Deeper at the chest than at the loins.
    const deep = 1 + 0.3 * Math.cos(a) * facing;
    return [x + Math.cos(a) * size * 0.28, bodyY + Math.sin(a) * size * 0.12 * deep] as Pt;
  });
  const leg = Math.max(1.2, size * 0.06);
  // Far legs first, fainter; then the body over their tops; then the near legs.
  const legAt = (lx: number, k: number, alpha: number) => {
    const fx = x + facing * lx * size;
    stroke(ctx, [[fx, bodyY + size * 0.04], [fx - facing * size * 0.015, y - size * 0.1], [fx + facing * size * 0.025, y]], { width: leg, color: palette.ink, alpha, noise, phase: x + k, taper: 0.3, ends: 0.6 });
  };
  legAt(-0.15, 1, 0.55);
  legAt(0.22, 3, 0.55);
  fillPolygon(ctx, body, palette.paper, 1);
  fillPolygon(ctx, body, fur, furAlpha);
  stroke(ctx, body.slice(2, 15), { width: Math.max(1, size * 0.025), color: palette.ink, alpha: 0.7, noise, phase: x, taper: 0.4, ends: 0.4 });
  legAt(-0.22, 0, 0.9);
  legAt(0.15, 2, 0.9);
  // Neck up to the head; a wedge of a muzzle; two pricked ears.
  const head: Pt = [x + facing * size * 0.36, bodyY - size * 0.17];
  stroke(ctx, [[x + facing * size * 0.2, bodyY - size * 0.01], head], { width: size * 0.15, color: fur, alpha: 1, noise, phase: x + 5, taper: 0.2, ends: 0.8 });
  dab(ctx, head[0], head[1], size * 0.095, size * 0.085, 0, fur, 1, noise, x + 6);
  const m = (dx: number, dy: number): Pt => [head[0] + facing * size * dx, head[1] + size * dy];
  const muzzle: Pt[] = barking ? [m(0.04, -0.05), m(0.22, -0.02), m(0.08, 0.015), m(0.2, 0.07), m(0, 0.06)] : [m(0.04, -0.05), m(0.22, 0.02), m(0, 0.06)];
  fillPolygon(ctx, muzzle, fur, 1);
  stroke(ctx, muzzle, { width: Math.max(1, size * 0.022), color: palette.ink, alpha: 0.85, noise, phase: x + 7, taper: 0.3, ends: 0.6 });
  dab(ctx, ...m(0.21, barking ? -0.015 : 0.015), size * 0.025, size * 0.02, 0, palette.ink, 0.95, noise, x + 8);
  for (const ex of [-0.05, 0.02]) {
    fillPolygon(ctx, [m(ex - 0.035, -0.05), m(ex + 0.005, -0.2), m(ex + 0.045, -0.05)], palette.ink, 0.85);
  }
  dab(ctx, ...m(0.06, -0.02), size * 0.016, size * 0.016, 0, palette.ink, 1, noise, x + 9);
  // The tail curls up over the back.
  const root: Pt = [x - facing * size * 0.26, bodyY - size * 0.05];
  stroke(ctx, [root, [root[0] - facing * size * 0.1, root[1] - size * 0.12], [root[0] - facing * size * 0.02, root[1] - size * 0.22], [root[0] + facing * size * 0.06, root[1] - size * 0.16]], { width: size * 0.06, color: palette.ink, alpha: 0.8, noise, phase: x + 10, taper: 1, ends: 0.3 });
  if (barking) {
    // Two short arcs before the open mouth: the bark the verse hears.
    for (const r of [0.1, 0.18]) {
      const c = m(0.24, 0.02);
      const arc: Pt[] = Array.from({ length: 7 }, (_, i) => {
        const a = -0.7 + (i / 6) * 1.4;
        return [c[0] + facing * Math.cos(a) * size * r, c[1] + Math.sin(a) * size * r] as Pt;
      });
      stroke(ctx, arc, { width: Math.max(1, size * 0.018), color: palette.ink, alpha: 0.5, noise, phase: x + r * 50, taper: 1 });
    }
  }
}

/** A rooster (鸡), `size` tall, feet at y: round body, sickle tail, red comb. */
function paintRooster(stage: Stage, ctx: Ctx, x: number, y: number, size: number, facing: 1 | -1): void {
  const { palette, noise } = stage;
  const bodyY = y - size * 0.45;
  const feathers = palette.minerals ? palette.minerals.ochre : mix(palette.ink, palette.paper, 0.3);
  dab(ctx, x, bodyY, size * 0.24, size * 0.17, -facing * 0.2, feathers, 0.9, noise, x);
  // The wing, a darker fold on the body.
  dab(ctx, x - facing * size * 0.04, bodyY - size * 0.02, size * 0.13, size * 0.07, -facing * 0.3, palette.ink, 0.6, noise, x + 1);
  // The sickle tail: a few long feathers arching up and back, then drooping.
  for (let i = 0; i < 4; i++) {
    const lift = 0.32 + i * 0.06;
    const root: Pt = [x - facing * size * 0.14, bodyY - size * 0.06];
    stroke(ctx, [root, [x - facing * size * (0.26 + i * 0.03), bodyY - size * lift], [x - facing * size * (0.4 + i * 0.04), bodyY - size * (lift - 0.12)], [x - facing * size * (0.44 + i * 0.05), bodyY + size * (0.08 - i * 0.02)]], {
      width: size * 0.055,
      color: palette.ink,
      alpha: 0.85,
      noise,
      phase: x + i,
      taper: 0.9,
      ends: 0.15,
    });
  }
  const head: Pt = [x + facing * size * 0.2, bodyY - size * 0.3];
  stroke(ctx, [[x + facing * size * 0.12, bodyY - size * 0.08], head], { width: size * 0.12, color: feathers, alpha: 0.95, noise, phase: x + 6, taper: 0.2, ends: 0.7 });
  dab(ctx, head[0], head[1], size * 0.065, size * 0.06, 0, feathers, 1, noise, x + 7);
  const red: Rgb = palette.minerals?.cinnabar ?? [186, 48, 40];
  dab(ctx, head[0], head[1] - size * 0.07, size * 0.05, size * 0.03, 0, red, 0.95, noise, x + 8);
  dab(ctx, head[0] + facing * size * 0.03, head[1] + size * 0.07, size * 0.02, size * 0.035, 0, red, 0.9, noise, x + 9);
  fillPolygon(ctx, [[head[0] + facing * size * 0.05, head[1] - size * 0.01], [head[0] + facing * size * 0.12, head[1] + size * 0.01], [head[0] + facing * size * 0.05, head[1] + size * 0.03]], palette.ink, 0.9);
  for (const lx of [-0.04, 0.05]) {
    stroke(ctx, [[x + lx * size, bodyY + size * 0.15], [x + lx * size, y]], { width: Math.max(1, size * 0.03), color: palette.ink, alpha: 0.85, noise, phase: x + lx * 10 });
  }
}

export const dog: MotifPainter = {
  layer: 'near',
  order: 66,
  paint({ stage, item, primary }: MotifRequest) {
    const { rng } = stage;
    const ctx = stage.layers.near.ctx;
    // The lexicon draws the farmyard rooster (鸡) and the mountain tiger (虎) with this motif too.
    const kind = mentions(item, 'rooster', '鸡') ? 'rooster' : mentions(item, 'tiger', '虎') ? 'tiger' : 'dog';
    const size = stage.frameH * (kind === 'tiger' ? (primary ? 0.13 : 0.1) : primary ? 0.075 : 0.055) * Math.min(1.5, stage.scale);
    // By the brushwood gate when there is one (柴门闻犬吠), else on open ground.
    const gate = stage.anchors.get('gate');
    let x: number;
    let y: number;
    let s = size;
    if (gate) {
      const side = gate.x < stage.ox + stage.frameW / 2 ? 1 : -1;
      x = gate.x + side * gate.size * rng.range(0.45, 0.75);
      y = gate.y + gate.size * rng.range(0.08, 0.18);
      s = gate.size * (kind === 'tiger' ? 0.9 : 0.5);
      stage.used.push({ box: { x0: x - s / 2, y0: y - s, x1: x + s / 2, y1: y }, weight: 2 });
    } else {
      const spot = groundSpot(stage, size, size * 0.8, { weight: 2 });
      x = spot.x;
      y = spot.y;
      s = size * (stage.ground === 'interior' ? 1 : spot.depthScale);
    }
    const facing: 1 | -1 = gate ? (gate.x > x ? -1 : 1) : rng() < 0.5 ? 1 : -1;
    if (kind === 'rooster') paintRooster(stage, ctx, x, y, s, facing);
    else if (kind === 'tiger') paintTiger(stage, ctx, x, y, s, facing);
    else paintDog(stage, ctx, x, y, s, facing, mentions(item, '吠', 'bark'));
    stage.anchors.set('dog', { x, y, size: s, layer: 'near', facing });
    if (primary) stage.focus = { x: (x - stage.ox) / stage.frameW, y: (y - s * 0.4 - stage.oy) / stage.frameH };
  },
};

/** A tiger: long and low, ochre with ink stripes, a long tail curving down and up. */
function paintTiger(stage: Stage, ctx: Ctx, x: number, y: number, size: number, facing: 1 | -1): void {
  const { palette, noise } = stage;
  const coat: Rgb = palette.minerals?.ochre ?? [176, 128, 70];
  const bodyY = y - size * 0.3;
  const body: Pt[] = Array.from({ length: 17 }, (_, i) => {
    const a = (i / 16) * Math.PI * 2;
    return [x + Math.cos(a) * size * 0.34, bodyY + Math.sin(a) * size * 0.12 * (1 + 0.15 * Math.cos(a) * facing)] as Pt;
  });
  // Tail first, behind the body.
  const root: Pt = [x - facing * size * 0.32, bodyY - size * 0.04];
  const tail: Pt[] = [root, [root[0] - facing * size * 0.15, root[1] + size * 0.16], [root[0] - facing * size * 0.3, root[1] + size * 0.12], [root[0] - facing * size * 0.36, root[1] - size * 0.02]];
  stroke(ctx, tail, { width: size * 0.05, color: coat, alpha: 1, noise, phase: x + 9, taper: 0.4, ends: 0.5 });
  stroke(ctx, tail.slice(2), { width: size * 0.045, color: palette.ink, alpha: 0.85, noise, phase: x + 10, taper: 0.5, ends: 0.4 });
  const legAt = (lx: number, alpha: number) => {
    const fx = x + facing * lx * size;
    stroke(ctx, [[fx, bodyY], [fx + facing * size * 0.01, y - size * 0.04], [fx + facing * size * 0.04, y]], { width: size * 0.075, color: coat, alpha: 1, noise, phase: x + lx, taper: 0.2, ends: 0.8 });
    stroke(ctx, [[fx - size * 0.035, bodyY + size * 0.06], [fx - size * 0.03, y]], { width: Math.max(1, size * 0.015), color: palette.ink, alpha: alpha * 0.7, noise, phase: x + lx + 1 });
  };
  legAt(-0.2, 0.6);
  legAt(0.26, 0.6);
  fillPolygon(ctx, body, palette.paper, 1);
  fillPolygon(ctx, body, coat, 0.85);
  for (let i = 0; i < 8; i++) {
    const sx = x + (i / 7 - 0.5) * size * 0.56;
    stroke(ctx, [[sx, bodyY - size * 0.12], [sx + facing * size * 0.025, bodyY - size * 0.03], [sx - facing * size * 0.01, bodyY + size * 0.05]], { width: size * 0.028, color: palette.ink, alpha: 0.8, noise, phase: x + i, taper: 1.2 });
  }
  stroke(ctx, body.slice(10, 17), { width: Math.max(1, size * 0.02), color: palette.ink, alpha: 0.75, noise, phase: x, taper: 0.5, ends: 0.4 });
  legAt(-0.26, 1);
  legAt(0.2, 1);
  // The head: broad, low, ears, a pale muzzle.
  const head: Pt = [x + facing * size * 0.4, bodyY - size * 0.08];
  for (const ex of [-0.05, 0.04]) dab(ctx, head[0] + ex * size, head[1] - size * 0.08, size * 0.03, size * 0.03, 0, palette.ink, 0.85, noise, x + ex);
  dab(ctx, head[0], head[1], size * 0.1, size * 0.085, 0, coat, 1, noise, x + 5);
  dab(ctx, head[0] + facing * size * 0.06, head[1] + size * 0.035, size * 0.045, size * 0.035, 0, mix(palette.paper, [255, 255, 255], 0.4), 0.9, noise, x + 6);
  for (const ex of [-0.02, 0.04]) dab(ctx, head[0] + facing * ex * size, head[1] - size * 0.02, size * 0.014, size * 0.009, 0, palette.ink, 0.95, noise, x + 7 + ex);
  stroke(ctx, [[head[0] - size * 0.03, head[1] - size * 0.06], [head[0] + size * 0.03, head[1] - size * 0.06]], { width: Math.max(1, size * 0.012), color: palette.ink, alpha: 0.8, noise, phase: x + 8 });
}

/**
 * A cicada on a twig (蝉), in profile as the flower-and-bird painters show it: a dark body along
 * the twig, a big eye, clear wings folded like a roof over the back and reaching well past the
 * tail, legs gripping below. `at` is on the twig, `up` points away from it.
 */
function paintCicada(stage: Stage, ctx: Ctx, at: Pt, angle: number, up: Pt, len: number): void {
  const { palette, noise } = stage;
  const ax = Math.cos(angle);
  const ay = Math.sin(angle);
  const p = (t: number, h = 0): Pt => [at[0] + ax * len * t + up[0] * len * h, at[1] + ay * len * t + up[1] * len * h];
  const shell = palette.minerals ? mix(palette.ink, palette.minerals.ochre, 0.35) : palette.ink;
  const ellipse = (t0: number, t1: number, h0: number, h1: number): Pt[] =>
    Array.from({ length: 19 }, (_, i) => {
      const a = (i / 18) * Math.PI * 2;
      return p((t0 + t1) / 2 + ((t1 - t0) / 2) * Math.cos(a), (h0 + h1) / 2 + ((h1 - h0) / 2) * Math.sin(a));
    });
  // Legs first, from the underside down to the twig.
  for (const t of [0.22, 0.1, -0.02]) {
    stroke(ctx, [p(t, 0.1), p(t - 0.04, 0.02), p(t - 0.02, -0.01)], { width: Math.max(0.8, len * 0.025), color: palette.ink, alpha: 0.85, noise, phase: at[0] + t * 10 });
  }
  // Abdomen, thorax, head.
  fillPolygon(ctx, ellipse(-0.38, 0.08, 0.04, 0.22), shell, 0.85);
  fillPolygon(ctx, ellipse(0.02, 0.3, 0.04, 0.28), shell, 0.95);
  fillPolygon(ctx, ellipse(0.26, 0.42, 0.08, 0.24), shell, 0.95);
  dab(ctx, ...p(0.37, 0.2), len * 0.05, len * 0.05, 0, mix(palette.ink, palette.paper, 0.35), 1, noise, at[0] + 1);
  dab(ctx, ...p(0.38, 0.2), len * 0.022, len * 0.022, 0, palette.ink, 1, noise, at[0] + 2);
  // The wings: a long glaze from the shoulder to well past the tail, its upper edge the ridge of the roof.
  const ridge: Pt[] = [];
  const lower: Pt[] = [];
  for (let i = 0; i <= 14; i++) {
    const u = i / 14;
    const t = 0.24 - u * 1.02;
    ridge.push(p(t, 0.26 + 0.12 * Math.sin(Math.PI * Math.pow(u, 0.6)) - 0.22 * u * u));
    lower.push(p(t, 0.12 - 0.08 * u));
  }
  const wing = [...ridge, ...lower.slice().reverse()];
  fillPolygon(ctx, wing, mix(palette.paper, [255, 255, 255], 0.5), 0.4);
  stroke(ctx, ridge, { width: Math.max(1, len * 0.024), color: palette.ink, alpha: 0.8, noise, phase: at[0] + 3, taper: 0.5, ends: 0.5 });
  stroke(ctx, lower.slice(4), { width: Math.max(0.8, len * 0.014), color: palette.ink, alpha: 0.5, noise, phase: at[0] + 4, taper: 0.6 });
  // Veins: one along the wing, a few short ones across toward the tip.
  stroke(ctx, [p(0.18, 0.22), p(-0.55, 0.16)], { width: Math.max(0.7, len * 0.01), color: palette.ink, alpha: 0.45, noise, phase: at[0] + 5 });
  for (const t of [-0.45, -0.58, -0.68]) stroke(ctx, [p(t, 0.1), p(t - 0.03, 0.22 - (t + 0.45) * 0.5)], { width: Math.max(0.7, len * 0.008), color: palette.ink, alpha: 0.35, noise, phase: at[0] + t * 9 });
}

export const cicada: MotifPainter = {
  layer: 'front',
  order: 84,
  paint({ stage, primary }: MotifRequest) {
    const { palette, noise, rng } = stage;
    // A detail: a willow twig reaching in from the edge of the frame, the cicada clinging to it.
    const ctx = primary ? stage.layers.front.ctx : stage.layers.near.ctx;
    const fromLeft = rng() < 0.5;
    const dir = fromLeft ? 1 : -1;
    const span = stage.frameW * (primary ? 0.6 : 0.42);
    const start: Pt = [stage.ox + (fromLeft ? -stage.frameW * 0.02 : stage.frameW * 1.02), stage.oy + stage.frameH * rng.range(0.28, 0.42)];
    const twig: Pt[] = [start];
    // Rising a little, then bending down under its own weight.
    let a = fromLeft ? -0.18 : Math.PI + 0.18;
    for (let i = 1; i <= 7; i++) {
      a += dir * (0.06 + 0.05 * noise.n1(start[1] * 0.01 + i));
      const last = twig[twig.length - 1]!;
      twig.push([last[0] + Math.cos(a) * (span / 7), last[1] + Math.sin(a) * (span / 7)]);
    }
    const width = stage.unit * (primary ? 0.016 : 0.01);
    stroke(ctx, twig, { width, color: palette.ink, alpha: 0.85 * palette.inkStrength, noise, phase: start[1], taper: 1.2, ends: 0.4 });
    stroke(ctx, twig.slice(0, 4), { width: width * 1.2, color: palette.ink, alpha: 0.4 * palette.inkStrength, noise, phase: start[1] + 1, taper: 0.6, ends: 0.8 });
    // Willow strands swinging down from it, with narrow pointed leaves.
    const leaf = mix(palette.ink, palette.foliage, 0.65);
    const leafLen = stage.unit * (primary ? 0.035 : 0.025);
    for (let k = 1; k < twig.length; k++) {
      for (let n = 0; n < 2; n++) {
        const [tx, ty] = twig[k]!;
        const drop = stage.frameH * rng.range(0.1, 0.28) * (primary ? 1 : 0.7);
        const sway = dir * drop * rng.range(0.05, 0.25);
        const strand: Pt[] = Array.from({ length: 6 }, (_, i) => {
          const u = i / 5;
          return [tx + sway * Math.sin(u * Math.PI * 0.8) + n * width, ty + drop * u] as Pt;
        });
        stroke(ctx, strand, { width: Math.max(1, width * 0.22), color: leaf, alpha: 0.6, noise, phase: k * 2.1 + n, taper: 1.4 });
        for (let l = 0; l < 5; l++) {
          const u = rng.range(0.15, 1);
          const [lx, ly] = strand[Math.min(5, Math.round(u * 5))]!;
          const side = l % 2 ? 1 : -1;
          stroke(ctx, [[lx, ly], [lx + side * leafLen * 0.35, ly + leafLen * 0.5], [lx + side * leafLen * 0.45, ly + leafLen]], { width: leafLen * 0.28, color: leaf, alpha: 0.6, noise, phase: k * 9 + l + n * 31, taper: 0.9, ends: 0.05 });
        }
      }
    }
    // The cicada sits on the upper side of the twig, head toward its tip.
    const k = 3;
    const p = twig[k]!;
    const q = twig[k + 1]!;
    const angle = Math.atan2(q[1] - p[1], q[0] - p[0]);
    const len = stage.unit * (primary ? 0.1 : 0.05) * Math.min(1.7, stage.scale);
    // On the twig's upper side.
    const up: Pt = Math.cos(angle) >= 0 ? [Math.sin(angle), -Math.cos(angle)] : [-Math.sin(angle), Math.cos(angle)];
    const at: Pt = [(p[0] + q[0]) / 2 + up[0] * width * 0.4, (p[1] + q[1]) / 2 + up[1] * width * 0.4];
    paintCicada(stage, ctx, at, angle, up, len);
    stage.used.push({ box: { x0: at[0] - len, y0: at[1] - len, x1: at[0] + len, y1: at[1] + len }, weight: 1 });
    stage.anchors.set('cicada', { x: at[0], y: at[1], size: len, layer: primary ? 'front' : 'near' });
    if (primary) stage.focus = { x: (at[0] - stage.ox) / stage.frameW, y: (at[1] - stage.oy) / stage.frameH };
  },
};
