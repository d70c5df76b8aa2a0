// Things people hold or keep by them: the pipa and the qin (lute), the transverse and vertical
// flutes, the sword (and the bow and halberd the lexicon draws with it), the letter (and books,
// brush and ink stone, a painted scroll), the bronze mirror (and jade, pearls). Outdoors they are
// held by a small figure; indoors the figure sits, and what rests rather than is held lies on a
// low table (案). They paint before the shot's `figure` motif, so that the shot's figure is the
// one holding the thing (figures.ts then leaves it be).
import { dab, fillPolygon, gradedFill, stroke, type Ctx, type Pt } from '../brush.js';
import { mix, type Rgb } from '../palette.js';
import { place, type LayerName, type Stage } from '../stage.js';
import { paintFigure, type Pose } from './figures.js';
import { groundSpot } from './ground-spots.js';
import { mentions, type MotifPainter, type MotifRequest } from './motif.js';

interface Holder {
  ctx: Ctx;
  layer: LayerName;
  feet: Pt;
  hand: Pt;
  mouth: Pt;
  /** The figure's height. */
  h: number;
  facing: 1 | -1;
}

/** The shot's figures that already hold something, and the low table with its free places. */
const busy = new WeakMap<Stage, { hands: number; table?: Table }>();

function stateOf(stage: Stage): { hands: number; table?: Table } {
  let state = busy.get(stage);
  if (!state) busy.set(stage, (state = { hands: 0 }));
  return state;
}

function isClose(stage: Stage): boolean {
  return stage.shot.camera.shotSize === 'close-up' || stage.shot.camera.shotSize === 'extreme-close-up';
}

/** Paints a figure in the pose to hold the thing: the shot's own figure (the first one), or another beside it. */
function holder(stage: Stage, pose: Pose, primary: boolean, seated: boolean): Holder {
  const state = stateOf(stage);
  const indoors = stage.ground === 'interior';
  // The holder is a main subject when the thing is, or when the verse names the person too (玉人 … 吹箫).
  const main = primary || stage.shot.imagery.some((item) => item.motif === 'figure');
  const h = stage.frameH * (isClose(stage) && main ? 0.34 : main ? 0.2 : 0.14) * Math.min(1.2, stage.scale) * (seated ? 1.15 : 1);
  const table = state.table;
  let feet: Pt;
  let scale = 1;
  let facing: 1 | -1;
  if (indoors && table) {
    // Seated at the end of the table, turned toward it.
    const side = table.x < stage.ox + stage.frameW / 2 ? 1 : -1;
    feet = [table.x + side * (table.w / 2 + h * 0.22), table.y - h * 0.02];
    facing = (-side) as 1 | -1;
    stage.used.push({ box: { x0: feet[0] - h * 0.3, y0: feet[1] - h, x1: feet[0] + h * 0.3, y1: feet[1] }, weight: 2 });
  } else {
    const spot = groundSpot(stage, h * 0.6, h, { near: !indoors, weight: 2 });
    feet = [spot.x, spot.y];
    scale = indoors ? 1 : spot.depthScale;
    const moon = stage.anchors.get('moon');
    facing = moon ? (moon.x > spot.x ? 1 : -1) : spot.x < stage.ox + stage.frameW / 2 ? 1 : -1;
  }
  const size = h * scale;
  const ctx = stage.layers.near.ctx;
  const figure = paintFigure(stage, ctx, feet[0], feet[1], size, pose, facing, { seated });
  if (!stage.anchors.has('figure')) stage.anchors.set('figure', { x: feet[0], y: feet[1], size, layer: 'near', facing });
  state.hands++;
  return { ctx, layer: 'near', feet, hand: figure.hand, mouth: figure.mouth, h: size, facing };
}

interface Table {
  x: number;
  /** Feet of the legs (floor) and the top surface. */
  y: number;
  top: number;
  w: number;
  /** Places on the top already taken (fractions of its width from the left). */
  taken: number[];
}

/** The low table (案) on the floor of the room, painted once per shot. */
function tableFor(stage: Stage, primary: boolean): Table {
  const state = stateOf(stage);
  if (state.table) return state.table;
  const { palette, noise } = stage;
  const ctx = stage.layers.near.ctx;
  const w = stage.unit * (primary ? 0.56 : 0.44) * Math.min(1.35, stage.scale);
  const legH = w * 0.24;
  const floorTop = stage.horizon + stage.frameH * 0.1 + legH;
  const spot = place(stage, w, legH * 1.8, { x0: stage.ox + stage.frameW * 0.3, x1: stage.ox + stage.frameW * 0.7, y0: floorTop, y1: Math.max(floorTop, stage.oy + stage.frameH * 0.9) }, { weight: 1.5 });
  const { x, y } = spot;
  const top = y - legH;
  const depth = w * 0.12;
  // Red lacquer in gongbi; dark lacquer, a grey wash, in ink.
  const lacquer: Rgb = palette.minerals ? mix(palette.minerals.cinnabar, palette.ink, 0.25) : palette.ink;
  const leg = (lx: number, fy: number, alpha: number) => {
    const out = lx < 0 ? -1 : 1;
    stroke(ctx, [[x + lx, fy - legH], [x + lx, fy - w * 0.03], [x + lx + out * w * 0.025, fy]], { width: Math.max(1, w * 0.02), color: lacquer, alpha, noise, phase: x + lx, taper: 0.3, ends: 0.7, wobble: 0.1 });
  };
  // The back legs first, under the top, higher up the floor (seen from the front and a little above).
  for (const out of [-1, 1]) leg(out * (w * 0.46 - depth * 0.4), y - depth, 0.5);
  const slab: Pt[] = [[x - w / 2 + depth * 0.4, top - depth], [x + w / 2 - depth * 0.4, top - depth], [x + w / 2, top], [x - w / 2, top]];
  const apron: Pt[] = [[x - w / 2, top], [x + w / 2, top], [x + w / 2, top + w * 0.035], [x - w / 2, top + w * 0.035]];
  fillPolygon(ctx, slab, palette.paper, 1);
  fillPolygon(ctx, slab, lacquer, palette.minerals ? 0.55 : 0.3 * palette.inkStrength);
  fillPolygon(ctx, apron, palette.paper, 1);
  fillPolygon(ctx, apron, lacquer, palette.minerals ? 0.85 : 0.6 * palette.inkStrength);
  const line = { width: Math.max(1, w * 0.008), color: palette.ink, alpha: 0.85, noise, taper: 0.3, ends: 0.7 };
  stroke(ctx, [...slab, slab[0]!], { ...line, phase: x });
  stroke(ctx, apron.slice(2), { ...line, phase: x + 1 });
  // The front legs, with the little outward-curled feet of a Tang table.
  for (const out of [-1, 1]) leg(out * w * 0.46, y, 0.85);
  stage.anchors.set('table', { x, y, size: w, layer: 'near' });
  const table: Table = { x, y, top: top - depth * 0.5, w, taken: [] };
  state.table = table;
  return table;
}

/** A free place on the table top (x), the middle first, then either side. */
function placeOnTable(table: Table): number {
  const at = [0.5, 0.22, 0.78, 0.35, 0.65].find((f) => table.taken.every((t) => Math.abs(t - f) > 0.15)) ?? 0.5;
  table.taken.push(at);
  return table.x - table.w / 2 + at * table.w;
}

/** A wide sleeve along `path` (shoulder, elbow, wrist), drawn over whatever the hand holds. */
function sleeve(stage: Stage, ctx: Ctx, path: readonly Pt[], width: number): void {
  const { palette, noise } = stage;
  const side = (sign: number): Pt[] =>
    path.map((pt, i) => {
      const a = path[Math.max(0, i - 1)]!;
      const b = path[Math.min(path.length - 1, i + 1)]!;
      const d = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
      // Widening toward the cuff, as a Tang sleeve does.
      const w = width * (0.5 + 0.5 * (i / (path.length - 1))) * sign * 0.5;
      return [pt[0] - ((b[1] - a[1]) / d) * w, pt[1] + ((b[0] - a[0]) / d) * w] as Pt;
    });
  const upper = side(1);
  const lower = side(-1);
  const band = [...upper, ...lower.slice().reverse()];
  fillPolygon(ctx, band, palette.paper, 1);
  gradedFill(ctx, band, palette.ink, path[0]![1], 0.12 * palette.inkStrength, path[path.length - 1]![1], 0.3 * palette.inkStrength);
  const line = { width: Math.max(1, width * 0.14), color: palette.ink, alpha: 0.8, noise, taper: 0.7 };
  stroke(ctx, upper, { ...line, phase: path[0]![0] });
  stroke(ctx, lower, { ...line, phase: path[0]![0] + 1 });
}

function focusOn(stage: Stage, x: number, y: number): void {
  stage.focus = { x: (x - stage.ox) / stage.frameW, y: (y - stage.oy) / stage.frameH };
}

/** A thing rests on the table or ground: a layer, a centre and its size, for the test and later motifs. */
function anchor(stage: Stage, motif: string, x: number, y: number, size: number, layer: LayerName, primary: boolean): void {
  stage.anchors.set(motif, { x, y, size, layer });
  if (primary) focusOn(stage, x, y);
}

// ---------------------------------------------------------------- lute: pipa and qin

/** The pipa: a pear-shaped body, a short neck bent back at the pegbox, four strings. `base` is the bottom of the body. */
function paintPipa(stage: Stage, ctx: Ctx, base: Pt, len: number, lean: number): void {
  const { palette, noise } = stage;
  const ux = Math.sin(lean);
  const uy = -Math.cos(lean);
  // Along the instrument (t from the base up) and across it.
  const p = (t: number, across: number): Pt => [base[0] + ux * len * t - uy * len * across, base[1] + uy * len * t + ux * len * across];
  const outline: Pt[] = [];
  for (let i = 0; i <= 24; i++) {
    const a = (i / 24) * Math.PI * 2;
    // Teardrop: round at the bottom, drawn out toward the neck.
    const t = 0.3 - 0.3 * Math.cos(a) + 0.14 * Math.pow(Math.max(0, -Math.cos(a)), 3);
    const half = 0.19 * Math.sin(a) * (1 - 0.45 * Math.max(0, t - 0.25) / 0.5);
    outline.push(p(t, half));
  }
  const wood: Rgb = palette.minerals ? palette.minerals.ochre : mix(palette.paper, [150, 108, 66], 0.5);
  fillPolygon(ctx, outline, palette.paper, 1);
  fillPolygon(ctx, outline, wood, palette.minerals ? 0.9 : 0.75);
  gradedFill(ctx, outline, palette.ink, base[1] - len * 0.6, 0.05, base[1], 0.25 * palette.inkStrength);
  stroke(ctx, [...outline, outline[0]!], { width: Math.max(1, len * 0.022), color: palette.ink, alpha: 0.85, noise, phase: base[0], taper: 0.3, ends: 0.6 });
  // Neck, frets and the pegbox bent back.
  stroke(ctx, [p(0.6, 0), p(0.92, 0)], { width: Math.max(1.2, len * 0.055), color: palette.ink, alpha: 0.85, noise, phase: base[0] + 1, taper: 0.2, ends: 0.8 });
  stroke(ctx, [p(0.92, 0), p(1.02, -0.05)], { width: Math.max(1.2, len * 0.05), color: palette.ink, alpha: 0.9, noise, phase: base[0] + 2, taper: 0.3, ends: 0.6 });
  for (const t of [0.93, 0.98]) for (const s of [-1, 1]) stroke(ctx, [p(t, 0), p(t + 0.01, s * 0.06)], { width: Math.max(1, len * 0.015), color: palette.ink, alpha: 0.8, noise, phase: t * 10 + s });
  for (let s = 0; s < 4; s++) {
    const across = (s - 1.5) * 0.022;
    stroke(ctx, [p(0.1, across * 1.3), p(0.9, across * 0.5)], { width: 0.8, color: palette.ink, alpha: 0.45, noise, phase: s, taper: 0.1, ends: 1 });
  }
  stroke(ctx, [p(0.1, -0.07), p(0.1, 0.07)], { width: Math.max(1, len * 0.02), color: palette.ink, alpha: 0.85, noise, phase: base[0] + 4 });
}

/** The qin: a long lacquered board with seven strings and the thirteen inlaid studs (徽), seen from above and a little in front. */
function paintQin(stage: Stage, ctx: Ctx, centre: Pt, len: number): void {
  const { palette, noise } = stage;
  const w = len * 0.16;
  const [cx, cy] = centre;
  const board: Pt[] = [];
  for (let i = 0; i <= 20; i++) {
    const t = i / 20;
    // Wider at the head (left) than the tail, with a waist.
    const half = (w / 2) * (1 - 0.25 * t) * (1 - 0.12 * Math.sin(Math.PI * t * 2) ** 2);
    board.push([cx - len / 2 + t * len, cy - half * 0.45]);
  }
  for (let i = 20; i >= 0; i--) {
    const t = i / 20;
    const half = (w / 2) * (1 - 0.25 * t) * (1 - 0.12 * Math.sin(Math.PI * t * 2) ** 2);
    board.push([cx - len / 2 + t * len, cy + half * 0.45 + w * 0.12]);
  }
  fillPolygon(ctx, board, palette.paper, 1);
  fillPolygon(ctx, board, palette.ink, 0.8 * palette.inkStrength);
  stroke(ctx, [...board, board[0]!], { width: Math.max(1, len * 0.008), color: palette.ink, alpha: 0.95, noise, phase: cx, taper: 0.2, ends: 0.8 });
  const pale = mix(palette.paper, [255, 255, 255], 0.3);
  for (let s = 0; s < 7; s++) {
    const y = cy - w * 0.18 + (s / 6) * w * 0.4;
    stroke(ctx, [[cx - len * 0.44, y], [cx + len * 0.47, y + w * 0.02]], { width: 0.7, color: pale, alpha: 0.7, noise, phase: s, taper: 0.1, ends: 1 });
  }
  for (let k = 0; k < 13; k++) {
    const t = 0.12 + (k / 12) * 0.7;
    dab(ctx, cx - len / 2 + t * len, cy + w * 0.3, Math.max(0.7, len * 0.006), Math.max(0.7, len * 0.006), 0, pale, 0.95, noise, k);
  }
  // Tassels at the head.
  const tassel = palette.minerals?.cinnabar ?? mix(palette.ink, palette.paper, 0.3);
  for (const k of [-1, 1]) stroke(ctx, [[cx - len * 0.46, cy + k * w * 0.1], [cx - len * 0.52, cy + w * 0.5 + k * w * 0.1]], { width: Math.max(1, len * 0.01), color: tassel, alpha: 0.8, noise, phase: k, taper: 1 });
}

export const lute: MotifPainter = {
  layer: 'near',
  order: 68,
  paint({ stage, item, primary }: MotifRequest) {
    const qin = mentions(item, 'zither', 'qin', '琴', '瑟', '筝');
    if (qin) {
      if (stage.ground === 'interior') {
        const table = tableFor(stage, primary);
        const len = table.w * 0.8;
        const x = placeOnTable(table);
        table.taken.push(0.22, 0.78);
        paintQin(stage, stage.layers.near.ctx, [table.x + (x - table.x) * 0.2, table.top - len * 0.02], len);
        anchor(stage, 'lute', table.x, table.top, len * 0.5, 'near', primary);
        return;
      }
      // Outdoors: a seated player with the qin across his knees (弹琴复长啸).
      const who = holder(stage, 'hold', primary, true);
      const len = who.h * 0.62;
      const centre: Pt = [who.feet[0] + who.facing * who.h * 0.22, who.feet[1] - who.h * 0.1];
      paintQin(stage, who.ctx, centre, len);
      anchor(stage, 'lute', centre[0], centre[1], len * 0.5, who.layer, primary);
      return;
    }
    // The pipa, held upright on the lap of a seated musician, its neck toward the shoulder.
    const who = holder(stage, 'hold', primary, true);
    const len = who.h * 0.44;
    const base: Pt = [who.feet[0] + who.facing * who.h * 0.18, who.feet[1] - who.h * 0.05];
    paintPipa(stage, who.ctx, base, len, -who.facing * 0.12);
    // The plucking arm's sleeve, from the shoulder down across the body of the pipa.
    const f = who.facing;
    const [fx, fy] = who.feet;
    sleeve(stage, who.ctx, [[fx + f * who.h * 0.05, fy - who.h * 0.46], [fx + f * who.h * 0.1, fy - who.h * 0.3], [base[0] + f * len * 0.04, base[1] - len * 0.24]], who.h * 0.07);
    anchor(stage, 'lute', base[0], base[1] - len * 0.4, len * 0.5, who.layer, primary);
  },
};

// ---------------------------------------------------------------- flute

export const flute: MotifPainter = {
  layer: 'near',
  order: 68,
  paint({ stage, item, primary }: MotifRequest) {
    const { palette, noise } = stage;
    const vertical = mentions(item, 'vertical', '箫', '角', 'horn');
    const who = holder(stage, 'play', primary, stage.ground === 'interior');
    const f = who.facing;
    const [mx, my] = who.mouth;
    // The transverse 笛 runs out sideways from the lips; the vertical 箫 slants down and forward.
    const from: Pt = vertical ? [mx + f * who.h * 0.01, my] : [mx - f * who.h * 0.015, my - who.h * 0.005];
    const to: Pt = vertical ? [mx + f * who.h * 0.2, my + who.h * 0.42] : [mx + f * who.h * 0.34, my + who.h * 0.07];
    const bamboo: Rgb = palette.minerals ? mix(palette.minerals.ochre, palette.ink, 0.2) : palette.ink;
    stroke(who.ctx, [from, to], { width: Math.max(1.2, who.h * 0.022), color: bamboo, alpha: 0.95, noise, phase: mx, taper: 0.1, ends: 0.9 });
    // Finger holes and nodes, and the far hand on the pipe.
    for (let k = 0; k < 5; k++) {
      const t = 0.45 + k * 0.1;
      dab(who.ctx, from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t, Math.max(0.6, who.h * 0.005), Math.max(0.6, who.h * 0.005), 0, palette.paper, 0.9, noise, k);
    }
    const grip: Pt = [from[0] + (to[0] - from[0]) * 0.7, from[1] + (to[1] - from[1]) * 0.7];
    dab(who.ctx, grip[0], grip[1] + who.h * 0.01, who.h * 0.035, who.h * 0.025, 0, palette.paper, 1, noise, mx + 1);
    stroke(who.ctx, [[grip[0] - f * who.h * 0.06, grip[1] + who.h * 0.08], [grip[0], grip[1] + who.h * 0.015]], { width: Math.max(1, who.h * 0.03), color: palette.ink, alpha: 0.8, noise, phase: mx + 2, taper: 0.6 });
    anchor(stage, 'flute', (from[0] + to[0]) / 2, (from[1] + to[1]) / 2, who.h * 0.3, who.layer, primary);
  },
};

// ---------------------------------------------------------------- sword, bow, halberd

/** A straight double-edged sword (剑) from the hilt at `hand`, blade pointing along `angle`. */
function paintSword(stage: Stage, ctx: Ctx, hand: Pt, angle: number, len: number): Pt {
  const { palette, noise } = stage;
  const ux = Math.cos(angle);
  const uy = Math.sin(angle);
  const p = (t: number, across: number): Pt => [hand[0] + ux * len * t - uy * len * across, hand[1] + uy * len * t + ux * len * across];
  const blade: Pt[] = [p(0.12, -0.025), p(0.94, -0.022), p(1, 0), p(0.94, 0.022), p(0.12, 0.025)];
  const steel: Rgb = palette.minerals ? mix(palette.minerals.shell, palette.minerals.azurite, 0.25) : mix(palette.paper, [255, 255, 255], 0.5);
  fillPolygon(ctx, blade, steel, 1);
  stroke(ctx, [...blade, blade[0]!], { width: Math.max(1, len * 0.012), color: palette.ink, alpha: 0.9, noise, phase: hand[0], taper: 0.2, ends: 0.8 });
  stroke(ctx, [p(0.14, 0), p(0.92, 0)], { width: Math.max(0.7, len * 0.006), color: palette.ink, alpha: 0.45, noise, phase: hand[0] + 1 });
  // Guard, grip and pommel, and the tassel (剑穗) hanging from it.
  stroke(ctx, [p(0.12, -0.06), p(0.12, 0.06)], { width: Math.max(1.2, len * 0.03), color: palette.ink, alpha: 0.95, noise, phase: hand[0] + 2, taper: 0.2, ends: 0.8 });
  stroke(ctx, [p(-0.08, 0), p(0.11, 0)], { width: Math.max(1.2, len * 0.035), color: palette.ink, alpha: 0.95, noise, phase: hand[0] + 3, taper: 0.2, ends: 0.8 });
  const pommel = p(-0.09, 0);
  dab(ctx, pommel[0], pommel[1], Math.max(1, len * 0.025), Math.max(1, len * 0.025), 0, palette.ink, 0.95, noise, hand[0] + 4);
  const tassel: Rgb = palette.minerals?.cinnabar ?? mix(palette.ink, palette.paper, 0.2);
  stroke(ctx, [pommel, [pommel[0] - ux * len * 0.05, pommel[1] + len * 0.12], [pommel[0] - ux * len * 0.02, pommel[1] + len * 0.2]], { width: Math.max(1, len * 0.025), color: tassel, alpha: 0.85, noise, phase: hand[0] + 5, taper: 1.3, ends: 0.3 });
  return p(1, 0);
}

export const sword: MotifPainter = {
  layer: 'near',
  order: 68,
  paint({ stage, item, primary }: MotifRequest) {
    const { palette, noise } = stage;
    const kind = mentions(item, 'bow', '弓', '箭') ? 'bow' : mentions(item, 'halberd', 'spear', '戟', '戈', '枪', '矛') ? 'halberd' : 'sword';
    const who = holder(stage, kind === 'halberd' ? 'stand' : 'hold', primary, false);
    const f = who.facing;
    if (kind === 'bow') {
      // A recurved bow held upright at arm's length, its string drawn straight.
      const [hx, hy] = who.hand;
      const r = who.h * 0.32;
      const limb: Pt[] = Array.from({ length: 13 }, (_, i) => {
        const t = i / 12 - 0.5;
        return [hx + f * who.h * 0.04 + f * r * 0.3 * Math.cos(Math.PI * t) - f * r * 0.05 * Math.sin(4 * Math.PI * t) * Math.abs(t), hy + t * 2 * r] as Pt;
      });
      stroke(who.ctx, limb, { width: Math.max(1.2, who.h * 0.02), color: palette.minerals?.ochre ?? palette.ink, alpha: 0.95, noise, phase: hx, taper: 0.4, ends: 0.5 });
      stroke(who.ctx, [limb[0]!, limb[12]!], { width: 0.8, color: palette.ink, alpha: 0.6, noise, phase: hx + 1, taper: 0.1, ends: 1 });
      anchor(stage, 'sword', hx + f * r * 0.2, hy, r, who.layer, primary);
      return;
    }
    if (kind === 'halberd') {
      // A long halberd standing beside the figure, held at shoulder height.
      const x = who.feet[0] + f * who.h * 0.16;
      const top: Pt = [x, who.feet[1] - who.h * 1.35];
      stroke(who.ctx, [[x, who.feet[1]], top], { width: Math.max(1.2, who.h * 0.018), color: palette.ink, alpha: 0.9, noise, phase: x, taper: 0.1, ends: 0.9 });
      fillPolygon(who.ctx, [[x, top[1] - who.h * 0.1], [x + who.h * 0.025, top[1] + who.h * 0.02], [x - who.h * 0.025, top[1] + who.h * 0.02]], palette.ink, 0.9);
      fillPolygon(who.ctx, [[x, top[1] + who.h * 0.03], [x + f * who.h * 0.09, top[1] + who.h * 0.0], [x + f * who.h * 0.08, top[1] + who.h * 0.08]], palette.ink, 0.85);
      const tassel = palette.minerals?.cinnabar ?? mix(palette.ink, palette.paper, 0.2);
      dab(who.ctx, x - f * who.h * 0.02, top[1] + who.h * 0.08, who.h * 0.02, who.h * 0.04, 0, tassel, 0.8, noise, x + 3);
      anchor(stage, 'sword', x, top[1] + who.h * 0.3, who.h * 0.4, who.layer, primary);
      return;
    }
    // The sword raised before the eyes (醉里挑灯看剑), blade slanting up and forward.
    const len = who.h * 0.55;
    const tip = paintSword(stage, who.ctx, who.hand, f > 0 ? -1.05 : Math.PI + 1.05, len);
    anchor(stage, 'sword', (who.hand[0] + tip[0]) / 2, (who.hand[1] + tip[1]) / 2, len * 0.5, who.layer, primary);
  },
};

// ---------------------------------------------------------------- letter, books, brush and ink

/** A sheet written in columns, right to left, with a cinnabar seal: `centre`, w × h, tilted. */
function paintWrittenSheet(stage: Stage, ctx: Ctx, centre: Pt, w: number, h: number, tilt: number): void {
  const { palette, noise, rng } = stage;
  const c = Math.cos(tilt);
  const s = Math.sin(tilt);
  const at = (x: number, y: number): Pt => [centre[0] + x * c - y * s, centre[1] + x * s + y * c];
  const sheet = [at(-w / 2, -h / 2), at(w / 2, -h / 2), at(w / 2, h / 2), at(-w / 2, h / 2)];
  fillPolygon(ctx, sheet, mix(palette.paper, [255, 252, 240], 0.6), 1);
  stroke(ctx, [...sheet, sheet[0]!], { width: Math.max(0.8, w * 0.02), color: palette.ink, alpha: 0.6, noise, phase: centre[0], taper: 0.2, ends: 0.8 });
  const columns = Math.max(3, Math.min(8, Math.round(w / Math.max(2, h * 0.12))));
  for (let k = 0; k < columns; k++) {
    const x = w / 2 - (k + 1) * (w / (columns + 1));
    const end = h * (0.2 + 0.25 * rng());
    stroke(ctx, [at(x, -h * 0.38), at(x, end)], { width: Math.max(0.7, w * 0.035), color: palette.ink, alpha: 0.55, noise, phase: centre[0] + k, taper: 0.2, ends: 0.8, wobble: 0.8 });
  }
  const seal = palette.minerals?.cinnabar ?? palette.seal;
  const [sx, sy] = at(-w * 0.32, h * 0.36);
  fillPolygon(ctx, [[sx - w * 0.06, sy - w * 0.06], [sx + w * 0.06, sy - w * 0.06], [sx + w * 0.06, sy + w * 0.06], [sx - w * 0.06, sy + w * 0.06]], seal, 0.85);
}

/** A long envelope (信封) with its red address strip, lying flat. */
function paintEnvelope(stage: Stage, ctx: Ctx, x: number, y: number, len: number): void {
  const { palette, noise } = stage;
  const w = len * 0.38;
  const env: Pt[] = [[x - len / 2, y - w * 0.35], [x + len / 2, y - w * 0.5], [x + len / 2 + w * 0.1, y], [x - len / 2 + w * 0.1, y + w * 0.15]];
  fillPolygon(ctx, env, mix(palette.paper, [236, 220, 180], 0.5), 1);
  stroke(ctx, [...env, env[0]!], { width: Math.max(0.8, len * 0.012), color: palette.ink, alpha: 0.7, noise, phase: x, taper: 0.2, ends: 0.8 });
  const red = palette.minerals?.cinnabar ?? palette.seal;
  fillPolygon(ctx, [[x - len * 0.3, y - w * 0.27], [x + len * 0.3, y - w * 0.38], [x + len * 0.31, y - w * 0.2], [x - len * 0.29, y - w * 0.1]], red, 0.7);
}

/** Thread-bound books in a pile and a rolled scroll. */
function paintBooks(stage: Stage, ctx: Ctx, x: number, y: number, len: number): void {
  const { palette, noise } = stage;
  const cover: Rgb = palette.minerals?.azurite ?? mix(palette.ink, palette.paper, 0.35);
  for (let k = 0; k < 3; k++) {
    const by = y - k * len * 0.09;
    const bx = x + (k % 2 ? len * 0.04 : -len * 0.02);
    const book: Pt[] = [[bx - len * 0.3, by - len * 0.09], [bx + len * 0.3, by - len * 0.09], [bx + len * 0.3, by], [bx - len * 0.3, by]];
    fillPolygon(ctx, book, cover, 0.85);
    stroke(ctx, [...book, book[0]!], { width: Math.max(0.8, len * 0.012), color: palette.ink, alpha: 0.8, noise, phase: bx + k, taper: 0.2, ends: 0.8 });
    for (const t of [-0.2, 0, 0.2]) stroke(ctx, [[bx + t * len, by - len * 0.09], [bx + t * len, by]], { width: 0.7, color: palette.paper, alpha: 0.8, noise, phase: t });
  }
  const sy = y - len * 0.02;
  const scroll: Pt[] = [[x + len * 0.35, sy - len * 0.06], [x + len * 0.75, sy - len * 0.06], [x + len * 0.75, sy], [x + len * 0.35, sy]];
  fillPolygon(ctx, scroll, mix(palette.paper, [236, 220, 180], 0.5), 1);
  stroke(ctx, [...scroll, scroll[0]!], { width: Math.max(0.8, len * 0.012), color: palette.ink, alpha: 0.75, noise, phase: x + 9, taper: 0.2, ends: 0.8 });
  stroke(ctx, [[x + len * 0.33, sy - len * 0.03], [x + len * 0.77, sy - len * 0.03]], { width: Math.max(1, len * 0.015), color: palette.minerals?.cinnabar ?? palette.ink, alpha: 0.6, noise, phase: x + 10 });
}

/** The scholar's brush on its rest beside an ink stone. */
function paintBrushAndInk(stage: Stage, ctx: Ctx, x: number, y: number, len: number): void {
  const { palette, noise } = stage;
  const stone: Pt[] = Array.from({ length: 17 }, (_, i) => [x - len * 0.25 + Math.cos((i / 16) * Math.PI * 2) * len * 0.14, y - len * 0.05 + Math.sin((i / 16) * Math.PI * 2) * len * 0.06] as Pt);
  fillPolygon(ctx, stone, palette.ink, 0.75 * palette.inkStrength);
  dab(ctx, x - len * 0.25, y - len * 0.06, len * 0.08, len * 0.03, 0, palette.ink, 1, noise, x);
  stroke(ctx, [[x - len * 0.02, y - len * 0.12], [x + len * 0.45, y - len * 0.2]], { width: Math.max(1, len * 0.025), color: palette.minerals?.ochre ?? palette.ink, alpha: 0.9, noise, phase: x + 1, taper: 0.1, ends: 0.9 });
  stroke(ctx, [[x - len * 0.12, y - len * 0.1], [x - len * 0.02, y - len * 0.12]], { width: Math.max(1.2, len * 0.04), color: palette.ink, alpha: 0.95, noise, phase: x + 2, taper: 1.2, ends: 0.2 });
}

export const letter: MotifPainter = {
  layer: 'near',
  order: 68,
  paint({ stage, item, primary }: MotifRequest) {
    const books = mentions(item, 'scroll', 'book', '书卷', '诗书', '经卷', '典籍', '书册', 'painting', '画');
    const brush = mentions(item, 'brush', '笔', '墨', '砚', '纸', '笺');
    if (stage.ground === 'interior') {
      const table = tableFor(stage, primary);
      const x = placeOnTable(table);
      const len = table.w * 0.36;
      const y = table.top;
      const ctx = stage.layers.near.ctx;
      if (books) paintBooks(stage, ctx, x - len * 0.2, y, len);
      else if (brush) {
        paintWrittenSheet(stage, ctx, [x - len * 0.15, y - len * 0.06], len * 0.55, len * 0.22, 0.02);
        paintBrushAndInk(stage, ctx, x + len * 0.35, y, len);
      } else {
        // A letter from home: the envelope, and the sheet taken out of it.
        paintEnvelope(stage, ctx, x - len * 0.25, y - len * 0.02, len * 0.6);
        paintWrittenSheet(stage, ctx, [x + len * 0.28, y - len * 0.08], len * 0.5, len * 0.2, -0.06);
      }
      anchor(stage, 'letter', x, y - len * 0.08, len * 0.5, 'near', primary);
      return;
    }
    // Outdoors: the letter unfolded in the traveller's hands.
    const who = holder(stage, 'hold', primary, false);
    const w = who.h * 0.16;
    const centre: Pt = [who.hand[0] + who.facing * w * 0.3, who.hand[1] - w * 0.4];
    if (books) paintBooks(stage, who.ctx, centre[0], who.hand[1] + w * 0.1, w * 1.2);
    else paintWrittenSheet(stage, who.ctx, centre, w, w * 1.25, who.facing * -0.12);
    anchor(stage, 'letter', centre[0], centre[1], w, who.layer, primary);
  },
};

// ---------------------------------------------------------------- mirror, jade, pearls

/** A bronze mirror's polished face: a disc with a rim and a soft highlight, `r` across. */
function paintMirrorFace(stage: Stage, ctx: Ctx, x: number, y: number, r: number, material: 'bronze' | 'jade'): void {
  const { palette, noise } = stage;
  const metal: Rgb = material === 'jade' ? mix(palette.minerals?.malachite ?? [150, 170, 140], palette.paper, 0.45) : palette.minerals ? mix(palette.minerals.ochre, [200, 170, 110], 0.4) : mix(palette.paper, [128, 116, 92], 0.55);
  const disc: Pt[] = Array.from({ length: 33 }, (_, i) => [x + Math.cos((i / 32) * Math.PI * 2) * r, y + Math.sin((i / 32) * Math.PI * 2) * r] as Pt);
  fillPolygon(ctx, disc, metal, 1);
  gradedFill(ctx, disc, palette.ink, y - r, 0.3 * palette.inkStrength, y + r, 0.05);
  if (material === 'jade') {
    // A bi disc: the hole in the middle.
    dab(ctx, x, y, r * 0.32, r * 0.32, 0, palette.paper, 1, noise, x);
  } else {
    dab(ctx, x - r * 0.25, y - r * 0.25, r * 0.3, r * 0.18, -0.7, mix(palette.paper, [255, 255, 255], 0.7), 0.8, noise, x);
  }
  stroke(ctx, disc, { width: Math.max(1, r * 0.12), color: palette.ink, alpha: 0.8, noise, phase: x, taper: 0.2, ends: 0.9 });
}

export const mirror: MotifPainter = {
  layer: 'near',
  order: 68,
  paint({ stage, item, primary }: MotifRequest) {
    const { palette, noise } = stage;
    const jade = mentions(item, 'jade', '玉');
    const pearls = mentions(item, 'pearl', '珠');
    const makingUp = mentions(item, 'making up', 'woman', '妆');
    if (stage.ground === 'interior') {
      const table = tableFor(stage, primary);
      const x = placeOnTable(table);
      const ctx = stage.layers.near.ctx;
      const r = table.w * (pearls ? 0.12 : 0.13);
      if (pearls) {
        // Pearls in a shallow dish.
        dab(ctx, x, table.top - r * 0.15, r * 1.1, r * 0.35, 0, palette.ink, 0.45 * palette.inkStrength, noise, x);
        for (let k = 0; k < 9; k++) dab(ctx, x + (k - 4) * r * 0.2, table.top - r * (0.3 + 0.1 * ((k * 7) % 3)), r * 0.12, r * 0.12, 0, mix(palette.paper, [255, 255, 255], 0.6), 1, noise, k);
        anchor(stage, 'mirror', x, table.top - r * 0.3, r, 'near', primary);
        return;
      }
      // The mirror stands in a lacquer stand on the dressing table.
      const cy = table.top - r * 1.55;
      stroke(ctx, [[x - r * 0.6, table.top], [x, cy + r * 0.6], [x + r * 0.6, table.top]], { width: Math.max(1, r * 0.1), color: palette.ink, alpha: 0.85, noise, phase: x, taper: 0.2, ends: 0.8 });
      paintMirrorFace(stage, ctx, x, cy, r, jade ? 'jade' : 'bronze');
      if (makingUp && stateOf(stage).hands === 0) holder(stage, 'hold', false, true);
      anchor(stage, 'mirror', x, cy, r, 'near', primary);
      return;
    }
    // Outdoors: held up in the hand.
    const who = holder(stage, 'hold', primary, false);
    const r = who.h * 0.075;
    const c: Pt = [who.hand[0] + who.facing * r * 0.5, who.hand[1] - r * 0.9];
    if (pearls) {
      for (let k = 0; k < 7; k++) dab(who.ctx, c[0] + Math.cos(k) * r * 0.6, c[1] + Math.sin(k * 1.7) * r * 0.3 + r, r * 0.25, r * 0.25, 0, mix(palette.paper, [255, 255, 255], 0.6), 1, noise, k);
    } else {
      stroke(who.ctx, [who.hand, [c[0], c[1] + r]], { width: Math.max(1, r * 0.2), color: palette.ink, alpha: 0.85, noise, phase: c[0], taper: 0.3 });
      paintMirrorFace(stage, who.ctx, c[0], c[1], r, jade ? 'jade' : 'bronze');
    }
    anchor(stage, 'mirror', c[0], c[1], r, who.layer, primary);
  },
};
