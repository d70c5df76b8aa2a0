// People, small against the landscape: a scholar in a robe (standing, looking up at the moon,
// head bowed, walking, seated, holding something before him, playing a flute), and the fisherman
// in straw cloak and bamboo hat. In gongbi the robe is a flat mineral colour inside its outline.
import { dab, fillPolygon, gradedFill, stroke, type Ctx, type Pt } from '../brush.js';
import type { Rgb } from '../palette.js';
import type { Stage } from '../stage.js';
import { groundSpot } from './ground-spots.js';
import type { MotifPainter, MotifRequest } from './motif.js';

/** `hold` raises the forearm before the chest (a letter, a mirror, a lute); `play` lifts the sleeve to the mouth (a flute). */
export type Pose = 'stand' | 'look-up' | 'bow' | 'walk' | 'sit' | 'hold' | 'play';

export interface PaintedFigure {
  headX: number;
  headY: number;
  /** Where the forward hand is (the end of the front sleeve), and the mouth. */
  hand: Pt;
  mouth: Pt;
  facing: 1 | -1;
}

/** A figure whose feet are at (x, y), `h` tall. `facing` 1 = right, -1 = left. `seated` sits any pose down. */
export function paintFigure(stage: Stage, ctx: Ctx, x: number, y: number, h: number, pose: Pose, facing: 1 | -1 = 1, options: { seated?: boolean } = {}): PaintedFigure {
  const { palette, noise } = stage;
  const seated = pose === 'sit' || options.seated === true;
  const bodyH = seated ? h * 0.5 : h * 0.8;
  const shoulderY = y - bodyH;
  // Leaning: forward when bowed or walking, back when looking up.
  const lean = pose === 'bow' ? 0.1 : pose === 'walk' ? 0.05 : pose === 'look-up' ? -0.04 : 0;
  const sx = x + facing * lean * h;
  const hemW = seated ? h * 0.55 : h * 0.42;
  const shoulderW = h * 0.2;
  // The robe: a long gown flaring to the hem, drawn as one curved shape.
  const robe: Pt[] = [];
  for (let i = 0; i <= 12; i++) {
    const t = i / 12;
    const w = shoulderW / 2 + (hemW / 2 - shoulderW / 2) * Math.pow(t, 1.4);
    robe.push([sx + (x - sx) * t + facing * h * 0.02 * t - w, shoulderY + bodyH * t]);
  }
  for (let i = 12; i >= 0; i--) {
    const t = i / 12;
    const w = shoulderW / 2 + (hemW / 2 - shoulderW / 2) * Math.pow(t, 1.4);
    robe.push([sx + (x - sx) * t + facing * h * 0.02 * t + w, shoulderY + bodyH * t]);
  }
  fillPolygon(ctx, robe, palette.paper, 1);
  const robeColour = palette.minerals ? robeMineral(palette.minerals, x, y) : null;
  if (robeColour) fillPolygon(ctx, robe, robeColour, 0.8);
  else gradedFill(ctx, robe, palette.ink, shoulderY, 0.1, y, 0.28 * palette.inkStrength);
  const w = Math.max(1, h * 0.03);
  stroke(ctx, robe.slice(0, 13), { width: w, color: palette.ink, alpha: 0.85, noise, phase: x, taper: 0.6, ends: 0.3 });
  stroke(ctx, robe.slice(13), { width: w * 0.9, color: palette.ink, alpha: 0.8, noise, phase: x + 3, taper: 0.6, ends: 0.3 });
  // Folds of the gown (衣纹): two long strokes down the front.
  for (const k of [-0.2, 0.15]) {
    stroke(ctx, [[sx + k * shoulderW, shoulderY + bodyH * 0.2], [x + k * hemW * 0.6, y - h * 0.02]], { width: w * 0.6, color: palette.ink, alpha: 0.45, noise, phase: x + k * 10, taper: 1.2 });
  }
  // A wide sleeve: hanging, or lifted when looking up.
  const shoulder: Pt = [sx + facing * shoulderW * 0.45, shoulderY + h * 0.04];
  const sleeve: Pt[] =
    pose === 'look-up'
      ? [[sx + facing * shoulderW * 0.4, shoulderY + h * 0.04], [sx + facing * h * 0.16, shoulderY + h * 0.02], [sx + facing * h * 0.22, shoulderY - h * 0.06]]
      : pose === 'hold'
        ? [shoulder, [sx + facing * h * 0.12, shoulderY + h * 0.22], [sx + facing * h * 0.22, shoulderY + h * 0.18]]
        : pose === 'play'
          ? [shoulder, [sx + facing * h * 0.15, shoulderY + h * 0.12], [sx + facing * h * 0.13, shoulderY - h * 0.01]]
          : [shoulder, [sx + facing * h * 0.15, shoulderY + h * 0.25], [sx + facing * h * 0.06, shoulderY + h * 0.36]];
  const sleeveOutline: Pt[] = [...sleeve, ...sleeve.slice().reverse().map(([px, py]) => [px - facing * h * 0.07, py + h * 0.05] as Pt)];
  fillPolygon(ctx, sleeveOutline, palette.paper, 1);
  if (robeColour) fillPolygon(ctx, sleeveOutline, robeColour, 0.8);
  else gradedFill(ctx, sleeveOutline, palette.ink, shoulderY, 0.15, shoulderY + h * 0.4, 0.3);
  stroke(ctx, sleeve, { width: w * 1.1, color: palette.ink, alpha: 0.8, noise, phase: x + 7, taper: 0.8 });
  const cuff = sleeve[sleeve.length - 1]!;
  const hand: Pt = [cuff[0] - facing * h * 0.035, cuff[1] + h * 0.025];
  // Head (tilted back to look up, forward and down when bowed), hair in a topknot with a cap.
  const headR = h * 0.065;
  const hx = sx + facing * (pose === 'bow' ? h * 0.07 : pose === 'look-up' ? -h * 0.01 : 0);
  const hy = shoulderY - headR * (pose === 'bow' ? 0.55 : 1.2);
  dab(ctx, hx, hy, headR, headR * 1.1, 0, palette.paper, 1, noise, x);
  ctx.strokeStyle = `rgba(${palette.ink.join(',')},0.8)`;
  ctx.lineWidth = Math.max(1, w * 0.7);
  ctx.beginPath();
  ctx.arc(hx, hy, headR, 0, Math.PI * 2);
  ctx.stroke();
  const knotAngle = pose === 'look-up' ? -Math.PI / 2 - facing * 0.9 : pose === 'bow' ? -Math.PI / 2 + facing * 0.8 : -Math.PI / 2 - facing * 0.3;
  dab(ctx, hx + Math.cos(knotAngle) * headR * 1.05, hy + Math.sin(knotAngle) * headR * 1.05, headR * 0.55, headR * 0.45, knotAngle, palette.ink, 0.9, noise, x + 1);
  dab(ctx, hx - facing * headR * 0.3, hy - headR * 0.35, headR * 0.85, headR * 0.5, 0, palette.ink, 0.75, noise, x + 2);
  return { headX: hx, headY: hy, hand, mouth: [hx + facing * headR * 0.85, hy + headR * 0.45], facing };
}

/** A gongbi robe colour, the same for a figure in the same place. */
function robeMineral(minerals: NonNullable<Stage['palette']['minerals']>, x: number, y: number): Rgb {
  const choices = [minerals.azurite, minerals.malachite, minerals.cinnabar, minerals.shell];
  return choices[Math.abs(Math.round(x * 7 + y * 13)) % choices.length]!;
}

/** The fisherman: straw cloak (a fringe of short downward strokes) and a wide conical hat, seated, with a rod. */
export function paintFisherman(stage: Stage, ctx: Ctx, x: number, y: number, h: number, facing: 1 | -1): void {
  const { palette, noise, rng } = stage;
  const bodyTop = y - h * 0.55;
  const cloak: Pt[] = [
    [x - h * 0.08, bodyTop],
    [x + h * 0.08, bodyTop],
    [x + h * 0.24, y],
    [x - h * 0.2, y],
  ];
  fillPolygon(ctx, cloak, palette.paper, 1);
  gradedFill(ctx, cloak, palette.ink, bodyTop, 0.3 * palette.inkStrength, y, 0.45 * palette.inkStrength);
  for (let i = 0; i < 18; i++) {
    const t = rng();
    const sx = x - h * 0.08 + t * h * 0.16 + (rng() - 0.5) * h * 0.2 * (rng());
    const sy = bodyTop + rng() * h * 0.45;
    stroke(ctx, [[sx, sy], [sx + rng.range(-2, 2), sy + h * 0.12]], { width: Math.max(1, h * 0.015), color: palette.ink, alpha: 0.6, noise, phase: i, taper: 1.3 });
  }
  // Hat: a wide flat cone.
  const hatY = bodyTop - h * 0.02;
  fillPolygon(ctx, [[x - h * 0.2, hatY], [x + h * 0.2, hatY], [x + h * 0.02, hatY - h * 0.14]], palette.paper, 1);
  gradedFill(ctx, [[x - h * 0.2, hatY], [x + h * 0.2, hatY], [x + h * 0.02, hatY - h * 0.14]], palette.ink, hatY - h * 0.14, 0.6, hatY, 0.35);
  stroke(ctx, [[x - h * 0.22, hatY + 1], [x + h * 0.02, hatY - h * 0.14], [x + h * 0.22, hatY + 1]], { width: Math.max(1, h * 0.02), color: palette.ink, alpha: 0.85, noise, phase: x, taper: 0.5 });
  if (palette.snowy) {
    dab(ctx, x - h * 0.06, hatY - h * 0.06, h * 0.1, h * 0.03, -0.5, palette.paper, 0.95, noise, 3);
    dab(ctx, x + h * 0.02, bodyTop + h * 0.05, h * 0.08, h * 0.03, 0, palette.paper, 0.9, noise, 4);
  }
  // The rod and its line, out over the water.
  const hand: Pt = [x + facing * h * 0.12, bodyTop + h * 0.25];
  const tip: Pt = [x + facing * h * 1.1, bodyTop - h * 0.45];
  stroke(ctx, [hand, [(hand[0] + tip[0]) / 2, (hand[1] + tip[1]) / 2 - h * 0.05], tip], { width: Math.max(1, h * 0.018), color: palette.ink, alpha: 0.85, noise, phase: x + 9, taper: 0.4, ends: 0.6 });
  ctx.strokeStyle = `rgba(${palette.ink.join(',')},0.35)`;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(tip[0], tip[1]);
  ctx.quadraticCurveTo(tip[0] + facing * h * 0.05, tip[1] + h * 0.5, tip[0] + facing * h * 0.02, y + h * 0.35);
  ctx.stroke();
}

function poseFromText(text: string): Pose {
  if (/举头|仰|望|看|观/.test(text)) return 'look-up';
  if (/低头|俯|思|愁/.test(text)) return 'bow';
  if (/行|走|归|过|游/.test(text)) return 'walk';
  if (/坐|卧|眠|醉|钓/.test(text)) return 'sit';
  return 'stand';
}

export const figure: MotifPainter = {
  layer: 'near',
  order: 70,
  paint({ stage, primary }: MotifRequest) {
    // Already painted holding something (belongings.ts paints first): that is the shot's figure.
    const holding = stage.anchors.get('figure');
    if (holding) {
      if (primary) stage.focus = { x: (holding.x - stage.ox) / stage.frameW, y: (holding.y - holding.size * 0.8 - stage.oy) / stage.frameH };
      return;
    }
    const pose = poseFromText(stage.text);
    const close = stage.shot.camera.shotSize === 'close-up' || stage.shot.camera.shotSize === 'extreme-close-up';
    const h = stage.frameH * (close && primary ? 0.34 : primary ? 0.17 : 0.12) * Math.min(1.2, stage.scale);
    const spot = groundSpot(stage, h * 0.6, h, { near: true, weight: 2 });
    const moon = stage.anchors.get('moon');
    const facing: 1 | -1 = moon ? (moon.x > spot.x ? 1 : -1) : stage.rng() < 0.5 ? 1 : -1;
    const size = h * (stage.ground === 'interior' ? 1 : spot.depthScale);
    const head = paintFigure(stage, stage.layers.near.ctx, spot.x, spot.y, size, pose, facing);
    stage.anchors.set('figure', { x: spot.x, y: spot.y, size, layer: 'near', facing });
    stage.anchors.set('figure-hand', { x: head.hand[0], y: head.hand[1], size, layer: 'near', facing });
    if (primary) stage.focus = { x: (head.headX - stage.ox) / stage.frameW, y: (head.headY - stage.oy) / stage.frameH };
  },
};
