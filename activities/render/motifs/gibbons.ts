// Gibbons (猿) on the cliffs of a gorge, the way the old masters painted them: a rock face
// entering from one side of the picture, a gnarled tree leaning out of it over the void, one
// gibbon hanging from the branch by a long arm and another crouched on the ledge. Small against
// the cliff; their calls are what the verse hears.
import { dab, dryStroke, stroke, tracePolygon, type Ctx, type Pt } from '../brush.js';
import { mix, rgba, type Rgb } from '../palette.js';
import { region, type Box, type Stage } from '../stage.js';
import type { MotifPainter, MotifRequest } from './motif.js';
import { sprite } from './sprites.js';

function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The side of the frame the cliff comes in from: the one the subtitles and other subjects leave freer. */
function cliffSide(stage: Stage): 1 | -1 {
  const left = region(stage, 0, 0.1, 0.4, 0.7);
  const right = region(stage, 0.6, 0.1, 1, 0.7);
  const cost = (box: Box) => stage.reserved.reduce((sum, r) => sum + overlapArea(box, r) * 2, 0) + stage.used.reduce((sum, u) => sum + overlapArea(box, u.box) * u.weight, 0);
  const l = cost(left);
  const r = cost(right);
  if (Math.abs(l - r) < stage.unit * stage.unit * 0.002) return stage.rng() < 0.5 ? -1 : 1;
  return l < r ? -1 : 1;
}

/** The cliff: a rock mass from the frame edge, its face a noisy line with a ledge near the top. Returns the ledge. */
function paintCliff(stage: Stage, ctx: Ctx, side: 1 | -1, top: number, bottom: number, reach: number): { ledge: Pt; face: Pt[] } {
  const { palette, noise, rng } = stage;
  const edge = side < 0 ? stage.ox - stage.frameW * 0.05 : stage.ox + stage.frameW * 1.05;
  const inward = -side;
  const phase = rng() * 100;
  const face: Pt[] = [];
  const n = 28;
  for (let i = 0; i <= n; i++) {
    const t = i / n;
    // Widest just below the top (the overhanging ledge), narrowing and steepening below.
    const bulge = t < 0.12 ? 0.75 + 2 * t : 1 - 0.45 * Math.pow((t - 0.12) / 0.88, 0.8);
    const jag = 0.1 * noise.fbm1(phase + t * 6, 3);
    face.push([edge + inward * reach * (bulge + jag), top + t * (bottom - top)]);
  }
  // The crown of the cliff: a rounded, uneven brow rising from the face back to the frame edge.
  const crown: Pt[] = [];
  for (let i = 0; i <= 10; i++) {
    const t = i / 10;
    const lift = Math.sin(Math.PI * t * 0.9) * stage.frameH * 0.05 + noise.n1(phase + 40 + t * 4) * stage.frameH * 0.01;
    crown.push([edge + inward * reach * 0.75 * (1 - t), top - lift]);
  }
  const mass: Pt[] = [...crown.slice().reverse(), ...face, [edge, bottom]];
  // Every coat fades out over the lowest part, so the cliff's foot dissolves into the air of the gorge.
  const fadeFrom = top + (bottom - top) * 0.7;
  const coat = (color: Rgb, alpha: number) => {
    const g = ctx.createLinearGradient(0, top, 0, bottom);
    g.addColorStop(0, rgba(color, alpha));
    g.addColorStop((fadeFrom - top) / (bottom - top), rgba(color, alpha));
    g.addColorStop(1, rgba(color, 0));
    ctx.fillStyle = g;
    tracePolygon(ctx, mass);
    ctx.fill();
  };
  coat(palette.paper, 1);
  if (palette.minerals) {
    coat(palette.minerals.ochre, 0.35 * palette.inkStrength);
    coat(palette.minerals.malachite, 0.4 * palette.inkStrength);
  }
  // Darker toward the face, where the rock turns away from the light; painted apart, then faded
  // like the other coats and laid on.
  const x0 = Math.floor(Math.min(edge, ...face.map((p) => p[0])) - 2);
  const x1 = Math.ceil(Math.max(edge, ...face.map((p) => p[0])) + 2);
  const y0 = Math.floor(Math.min(...mass.map((p) => p[1])) - 2);
  const shadeLayer = sprite(x1 - x0, bottom - y0 + 2, (sctx) => {
    sctx.translate(-x0, -y0);
    tracePolygon(sctx, mass);
    const shade = sctx.createLinearGradient(edge, 0, face[6]![0], 0);
    shade.addColorStop(0, rgba(palette.ink, 0.04 * palette.inkStrength));
    shade.addColorStop(1, rgba(palette.ink, 0.24 * palette.inkStrength));
    sctx.fillStyle = shade;
    sctx.fill();
    sctx.globalCompositeOperation = 'destination-in';
    const fade = sctx.createLinearGradient(0, fadeFrom, 0, bottom);
    fade.addColorStop(0, 'rgba(0,0,0,1)');
    fade.addColorStop(1, 'rgba(0,0,0,0)');
    sctx.fillStyle = fade;
    sctx.fillRect(x0, y0, x1 - x0, bottom - y0 + 2);
  });
  ctx.drawImage(shadeLayer, x0, y0);
  stroke(ctx, face.slice(0, Math.round(n * 0.85)), { width: stage.unit * 0.007, color: palette.ink, alpha: 0.75 * palette.inkStrength, noise, phase, taper: 0.5, ends: 0.3 });
  stroke(ctx, crown.slice(0, 9), { width: stage.unit * 0.005, color: palette.ink, alpha: 0.6 * palette.inkStrength, noise, phase: phase + 3, taper: 0.7 });
  // Shrubs along the brow.
  for (let k = 0; k < 5; k++) {
    const p = crown[rng.int(1, 8)]!;
    for (let d = 0; d < 3; d++) dab(ctx, p[0] + rng.range(-1, 1) * stage.unit * 0.012, p[1] - rng.range(0, stage.unit * 0.012), stage.unit * 0.009, stage.unit * 0.005, rng.range(-0.5, 0.5), palette.ink, 0.45 * palette.inkStrength, noise, phase + k * 5 + d);
  }
  // Axe-cut texture (斧劈皴): short slanting dry strokes down the face.
  for (let k = 0; k < 16; k++) {
    const p = face[rng.int(2, Math.round(n * 0.7))]!;
    const dx = -inward * reach * rng.range(0.1, 0.6);
    dryStroke(ctx, [[p[0] + dx * 0.2, p[1]], [p[0] + dx, p[1] + (bottom - top) * rng.range(0.04, 0.1)]], {
      width: stage.unit * 0.012,
      color: palette.ink,
      alpha: rng.range(0.18, 0.35) * palette.inkStrength,
      noise,
      phase: phase + k * 3.3,
      rng,
      bristles: 3,
    });
  }
  // Moss dots on the ledge.
  for (let k = 0; k < 6; k++) {
    const p = face[rng.int(1, 5)]!;
    dab(ctx, p[0] - inward * rng.range(0, reach * 0.4), p[1] + rng.range(-2, 3), stage.unit * 0.006, stage.unit * 0.0035, rng.range(-0.4, 0.4), palette.ink, 0.6 * palette.inkStrength, noise, phase + k);
  }
  return { ledge: face[3]!, face };
}

/** A gnarled tree growing out of the cliff and leaning over the void; returns the bough the gibbon hangs from. */
function paintOverhangingTree(stage: Stage, ctx: Ctx, root: Pt, dir: 1 | -1, length: number): Pt[] {
  const { palette, noise, rng } = stage;
  const bough: Pt[] = [root];
  let [x, y] = root;
  let a = dir > 0 ? -0.35 : Math.PI + 0.35;
  for (let i = 1; i <= 7; i++) {
    a += noise.n1(root[0] * 0.01 + i * 0.8) * 0.35 + (dir > 0 ? 0.07 : -0.07);
    x += Math.cos(a) * (length / 7);
    y += Math.sin(a) * (length / 7);
    bough.push([x, y]);
  }
  // Thick at the root, thinning to the tip: two overlapping strokes, the second only on the root half.
  stroke(ctx, bough, { width: length * 0.04, color: palette.ink, alpha: 0.8 * palette.inkStrength, noise, phase: root[0], taper: 0.9, ends: 0.25 });
  stroke(ctx, bough.slice(0, 4), { width: length * 0.05, color: palette.ink, alpha: 0.5 * palette.inkStrength, noise, phase: root[0] + 1, taper: 0.8, ends: 0.6 });
  const leaf: Rgb = mix(palette.ink, palette.foliage, 0.4);
  for (let k = 2; k < bough.length; k++) {
    const [bx, by] = bough[k]!;
    const up = rng() < 0.6 ? -1 : 1;
    const twig: Pt = [bx + dir * length * rng.range(0.04, 0.12), by + up * length * rng.range(0.04, 0.1)];
    stroke(ctx, [[bx, by], [(bx + twig[0]) / 2 + dir * length * 0.01, (by + twig[1]) / 2], twig], { width: length * 0.012, color: palette.ink, alpha: 0.7 * palette.inkStrength, noise, phase: k * 3.1, taper: 1 });
    // A cluster of small leaf dabs (点叶) around the twig's end.
    for (let l = 0; l < 7; l++) {
      const a = rng() * Math.PI * 2;
      const r = length * rng.range(0.01, 0.045);
      dab(ctx, twig[0] + Math.cos(a) * r, twig[1] + Math.sin(a) * r * 0.7, length * 0.018, length * 0.009, a, leaf, 0.5 * palette.inkStrength, noise, k * 7 + l);
    }
  }
  return bough;
}

/** A gibbon: small round body, small head with a pale face ring, very long arms. */
function paintGibbon(stage: Stage, ctx: Ctx, body: Pt, s: number, pose: 'hang' | 'crouch', facing: 1 | -1, grip?: Pt): Pt {
  const { palette, noise } = stage;
  const fur = mix(palette.ink, palette.paper, 0.25);
  const [bx, by] = body;
  const limb = Math.max(1, s * 0.07);
  if (pose === 'hang' && grip) {
    // Hanging by one arm: the arm from the shoulder straight up to the bough, the body swinging below.
    const shoulder: Pt = [bx + facing * s * 0.08, by - s * 0.18];
    stroke(ctx, [shoulder, [(shoulder[0] + grip[0]) / 2 + facing * s * 0.05, (shoulder[1] + grip[1]) / 2], grip], { width: limb, color: palette.ink, alpha: 0.9, noise, phase: bx, taper: 0.3, ends: 0.6 });
    dab(ctx, grip[0], grip[1], s * 0.05, s * 0.04, 0, palette.ink, 0.9, noise, bx + 1);
    // The other arm reaching down and out, the legs drawn up.
    stroke(ctx, [[bx - facing * s * 0.05, by - s * 0.12], [bx - facing * s * 0.4, by + s * 0.1], [bx - facing * s * 0.55, by + s * 0.45]], { width: limb * 0.9, color: palette.ink, alpha: 0.85, noise, phase: bx + 2, taper: 0.4, ends: 0.5 });
    stroke(ctx, [[bx, by + s * 0.15], [bx + facing * s * 0.18, by + s * 0.32], [bx + facing * s * 0.05, by + s * 0.42]], { width: limb, color: palette.ink, alpha: 0.85, noise, phase: bx + 3, taper: 0.4, ends: 0.5 });
    stroke(ctx, [[bx - facing * s * 0.04, by + s * 0.15], [bx - facing * s * 0.12, by + s * 0.35], [bx - facing * s * 0.02, by + s * 0.44]], { width: limb, color: palette.ink, alpha: 0.8, noise, phase: bx + 4, taper: 0.4, ends: 0.5 });
    dab(ctx, bx, by, s * 0.16, s * 0.22, facing * 0.15, fur, 0.85, noise, bx + 5);
  } else {
    // Crouched on the ledge, one long arm hanging down over it.
    dab(ctx, bx, by - s * 0.16, s * 0.2, s * 0.17, 0, fur, 0.85, noise, bx + 5);
    stroke(ctx, [[bx + facing * s * 0.1, by - s * 0.2], [bx + facing * s * 0.3, by - s * 0.02], [bx + facing * s * 0.32, by + s * 0.35]], { width: limb, color: palette.ink, alpha: 0.85, noise, phase: bx + 6, taper: 0.4, ends: 0.5 });
    stroke(ctx, [[bx - facing * s * 0.15, by - s * 0.06], [bx - facing * s * 0.05, by + s * 0.01]], { width: limb, color: palette.ink, alpha: 0.8, noise, phase: bx + 7, taper: 0.4, ends: 0.5 });
  }
  // Head: dark crown, pale face ring.
  const head: Pt = pose === 'hang' ? [bx + facing * s * 0.06, by - s * 0.3] : [bx + facing * s * 0.12, by - s * 0.36];
  dab(ctx, head[0], head[1], s * 0.1, s * 0.1, 0, palette.ink, 0.9, noise, bx + 8);
  const face = mix(palette.paper, [255, 255, 255], 0.4);
  dab(ctx, head[0] + facing * s * 0.03, head[1] + s * 0.015, s * 0.055, s * 0.06, 0, face, 0.85, noise, bx + 9);
  dab(ctx, head[0] + facing * s * 0.04, head[1] + s * 0.01, s * 0.02, s * 0.012, 0, palette.ink, 0.9, noise, bx + 10);
  return head;
}

export const apes: MotifPainter = {
  layer: 'near',
  order: 64,
  paint({ stage, primary }: MotifRequest) {
    const { rng } = stage;
    const ctx = stage.layers.near.ctx;
    const side = cliffSide(stage);
    const inward = -side as 1 | -1;
    const top = stage.oy + stage.frameH * rng.range(0.12, 0.2);
    const bottom = Math.max(top + stage.frameH * 0.3, stage.horizon + stage.frameH * 0.06);
    // Sized by the frame's shorter side, so a landscape frame does not stretch the cliff and bough.
    const reach = stage.unit * (primary ? 0.3 : 0.22);
    const { ledge } = paintCliff(stage, ctx, side, top, bottom, reach);
    const s = stage.unit * (primary ? 0.11 : 0.08) * Math.min(1.5, stage.scale);
    const bough = paintOverhangingTree(stage, ctx, [ledge[0] - inward * reach * 0.05, ledge[1] + s * 0.1], inward, stage.unit * (primary ? 0.34 : 0.26));
    // One gibbon hangs from the far part of the bough, another crouches on the ledge.
    const grip = bough[5]!;
    const hanging: Pt = [grip[0] - inward * s * 0.05, grip[1] + s * 0.75];
    paintGibbon(stage, ctx, hanging, s, 'hang', inward, grip);
    const crouch: Pt = [ledge[0] - inward * reach * 0.25, ledge[1] + 1];
    paintGibbon(stage, ctx, crouch, s * 0.9, 'crouch', inward);
    const box = { x0: Math.min(crouch[0], hanging[0]) - s, y0: Math.min(grip[1], crouch[1]) - s, x1: Math.max(crouch[0], hanging[0]) + s, y1: hanging[1] + s * 0.5 };
    stage.used.push({ box, weight: 2 });
    stage.anchors.set('apes', { x: hanging[0], y: hanging[1], size: s, layer: 'near', facing: inward });
    if (primary) stage.focus = { x: (hanging[0] - stage.ox) / stage.frameW, y: (hanging[1] - stage.oy) / stage.frameH };
  },
};
