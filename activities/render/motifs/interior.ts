// Inside a room at night: a wall with a round lattice window through which the sky shows (the
// sky layers behind move less than the wall — depth through the window), moonlight falling on
// the floor like frost, a low couch-bed, an oil lamp.
import { blob, dab, fillPolygon, gradedFill, stroke, type Pt } from '../brush.js';
import { mix, rgba } from '../palette.js';
import { LAYER_DEPTH, type Stage } from '../stage.js';
import type { MotifPainter, MotifRequest } from './motif.js';
import { sprite } from './sprites.js';

/** The room: wall (mid layer) with the window cut out, and the floor (near layer). */
export function paintRoom(stage: Stage): void {
  const { palette, noise, rng } = stage;
  const wallCtx = stage.layers.mid.ctx;
  const wallColor = mix(palette.paper, palette.ink, palette.night ? 0.3 : 0.08);
  wallCtx.fillStyle = rgba(palette.paper, 1);
  wallCtx.fillRect(0, 0, stage.width, stage.horizon + 2);
  const g = wallCtx.createLinearGradient(0, 0, 0, stage.horizon);
  g.addColorStop(0, rgba(wallColor, 0.9));
  g.addColorStop(1, rgba(wallColor, 0.55));
  wallCtx.fillStyle = g;
  wallCtx.fillRect(0, 0, stage.width, stage.horizon + 2);
  // Plaster: soft, uneven patches of wash.
  for (let i = 0; i < 14; i++) {
    blob(wallCtx, rng() * stage.width, rng() * stage.horizon, stage.unit * rng.range(0.1, 0.3), palette.ink, rng.range(0.02, 0.05), 0.1);
  }
  // A beam and posts give the room its frame.
  stroke(wallCtx, [[0, stage.oy + stage.frameH * 0.06], [stage.width, stage.oy + stage.frameH * 0.06]], { width: stage.unit * 0.02, color: palette.ink, alpha: 0.5, noise, phase: 1, taper: 0.2, ends: 0.8 });
  for (const fx of [0.06, 0.94]) {
    const x = stage.ox + stage.frameW * fx;
    stroke(wallCtx, [[x, 0], [x, stage.horizon]], { width: stage.unit * 0.025, color: palette.ink, alpha: 0.45, noise, phase: fx * 10, taper: 0.2, ends: 0.8 });
  }
  // The window: a round opening (月洞窗) with a lattice, larger the closer the shot.
  const bySize: Record<string, number> = { 'extreme-wide': 0.22, wide: 0.27, medium: 0.3, 'close-up': 0.36, 'extreme-close-up': 0.4 };
  const portrait = stage.frameW < stage.frameH;
  let r = (portrait ? stage.frameW : stage.frameH * 0.75) * (bySize[stage.shot.camera.shotSize] ?? 0.27);
  // Keep the window between the title (left) and the verse columns (right).
  const mid = stage.ox + stage.frameW / 2;
  const leftEdge = Math.max(stage.ox + stage.frameW * 0.05, ...stage.reserved.filter((b) => b.x1 < mid + stage.frameW * 0.1 && b.y1 < stage.horizon).map((b) => b.x1));
  const rightEdge = Math.min(stage.ox + stage.frameW * 0.95, ...stage.reserved.filter((b) => b.x0 > mid - stage.frameW * 0.1 && b.y1 < stage.horizon).map((b) => b.x0));
  const room = Math.max(stage.frameW * 0.3, rightEdge - leftEdge);
  r = Math.min(r, room * 0.48);
  const wx = (leftEdge + rightEdge) / 2 + rng.range(-0.05, 0.05) * room;
  const wy = stage.oy + stage.frameH * (portrait ? 0.3 : 0.36);
  wallCtx.save();
  wallCtx.globalCompositeOperation = 'destination-out';
  wallCtx.beginPath();
  wallCtx.arc(wx, wy, r, 0, Math.PI * 2);
  wallCtx.fill();
  wallCtx.restore();
  const ring: Pt[] = Array.from({ length: 49 }, (_, i) => {
    const a = (i / 48) * Math.PI * 2;
    return [wx + Math.cos(a) * r, wy + Math.sin(a) * r] as Pt;
  });
  stroke(wallCtx, ring, { width: stage.unit * 0.016, color: palette.ink, alpha: 0.75, noise, phase: 3, taper: 0.2, ends: 0.9 });
  // Lattice: a sparse grid clipped to the circle, leaving the middle open for the view.
  wallCtx.save();
  wallCtx.beginPath();
  wallCtx.arc(wx, wy, r, 0, Math.PI * 2);
  wallCtx.clip();
  const bar = stage.unit * 0.006;
  for (const k of [-0.84, -0.68, 0.68, 0.84]) {
    stroke(wallCtx, [[wx + k * r, wy - r], [wx + k * r, wy + r]], { width: bar, color: palette.ink, alpha: 0.6, noise, phase: k * 7, taper: 0.1, ends: 1 });
    stroke(wallCtx, [[wx - r, wy + k * r], [wx + r, wy + k * r]], { width: bar, color: palette.ink, alpha: 0.6, noise, phase: k * 9, taper: 0.1, ends: 1 });
  }
  wallCtx.restore();
  stage.anchors.set('window', { x: wx, y: wy, size: r, layer: 'mid' });
  stage.view = { x0: wx - r * 0.9, y0: wy - r * 0.9, x1: wx + r * 0.9, y1: wy + r * 0.9 };
  stage.used.push({ box: { x0: wx - r, y0: wy - r, x1: wx + r, y1: wy + r }, weight: 1.5 });

  // The floor, in perspective.
  const floorCtx = stage.layers.near.ctx;
  const floorTop = stage.horizon;
  floorCtx.fillStyle = rgba(palette.paper, 1);
  floorCtx.fillRect(0, floorTop, stage.width, stage.height - floorTop);
  const fg = floorCtx.createLinearGradient(0, floorTop, 0, stage.height);
  fg.addColorStop(0, rgba(palette.ink, palette.night ? 0.42 : 0.15));
  fg.addColorStop(1, rgba(palette.ink, palette.night ? 0.3 : 0.08));
  floorCtx.fillStyle = fg;
  floorCtx.fillRect(0, floorTop, stage.width, stage.height - floorTop);
  stroke(floorCtx, [[0, floorTop], [stage.width, floorTop]], { width: stage.unit * 0.008, color: palette.ink, alpha: 0.6, noise, phase: 5, taper: 0.2, ends: 0.8 });
  const vanishing = stage.ox + stage.frameW * 0.5;
  for (let i = -6; i <= 6; i++) {
    const x = vanishing + i * stage.frameW * 0.22;
    stroke(floorCtx, [[vanishing + i * stage.frameW * 0.06, floorTop], [x, stage.height]], { width: 1.2, color: palette.ink, alpha: 0.18, noise, phase: i });
  }
}

export const window: MotifPainter = {
  layer: 'mid',
  order: 2,
  paint({ stage }: MotifRequest) {
    if (!stage.anchors.has('window')) paintRoom(stage);
  },
};

/** Moonlight through the window, lying on the floor in front of the bed — bright as frost. */
export function paintMoonlightOnFloor(stage: Stage, frosty: boolean): void {
  const win = stage.anchors.get('window');
  if (!win) return;
  const { palette, noise, rng } = stage;
  const ctx = stage.layers.near.ctx;
  const cx = win.x + stage.frameW * 0.12;
  const cy = stage.horizon + (stage.oy + stage.frameH - stage.horizon) * 0.45;
  const rx = win.size * 1.15;
  const ry = win.size * 0.38;
  const light = mix(palette.paper, [255, 255, 255], 0.6);
  ctx.save();
  ctx.beginPath();
  ctx.ellipse(cx, cy, rx, ry, -0.08, 0, Math.PI * 2);
  ctx.clip();
  const g = ctx.createRadialGradient(cx, cy, 0, cx, cy, rx);
  g.addColorStop(0, rgba(light, 0.95));
  g.addColorStop(0.75, rgba(light, 0.75));
  g.addColorStop(1, rgba(light, 0.1));
  ctx.fillStyle = g;
  ctx.fillRect(cx - rx, cy - ry, rx * 2, ry * 2);
  // The lattice's shadow, stretched along the floor.
  for (const k of [-0.84, -0.68, 0.68, 0.84]) {
    stroke(ctx, [[cx + k * rx, cy - ry], [cx + k * rx * 1.1, cy + ry]], { width: stage.unit * 0.008, color: palette.ink, alpha: 0.25, noise, phase: k, taper: 0.1, ends: 1 });
    stroke(ctx, [[cx - rx, cy + k * ry], [cx + rx, cy + k * ry]], { width: stage.unit * 0.005, color: palette.ink, alpha: 0.22, noise, phase: k * 3, taper: 0.1, ends: 1 });
  }
  if (frosty) {
    for (let i = 0; i < 260; i++) {
      const a = rng() * Math.PI * 2;
      const d = Math.sqrt(rng());
      dab(ctx, cx + Math.cos(a) * rx * d, cy + Math.sin(a) * ry * d, stage.unit * rng.range(0.002, 0.005), stage.unit * 0.0015, 0, [255, 255, 255], rng.range(0.4, 0.95), noise, i);
    }
  }
  ctx.restore();
  stage.anchors.set('moonlight', { x: cx, y: cy, size: rx, layer: 'near' });
}

export const bed: MotifPainter = {
  layer: 'front',
  order: 58,
  paint({ stage, primary }: MotifRequest) {
    const { palette, noise } = stage;
    const ctx = stage.layers.front.ctx;
    const w = stage.unit * (primary ? 0.7 : 0.55) * (stage.frameW > stage.frameH ? 0.9 : 1);
    const x = stage.ox + stage.frameW * (stage.frameW > stage.frameH ? 0.3 : 0.5);
    const y = stage.oy + stage.frameH * (stage.frameW > stage.frameH ? 0.8 : 0.85);
    const h = w * 0.12;
    // A low Tang couch: a platform on short cabriole legs, a railing at the back and one side.
    const top: Pt[] = [[x - w / 2, y - h], [x + w / 2, y - h], [x + w / 2 - w * 0.04, y - h * 0.45], [x - w / 2 + w * 0.04, y - h * 0.45]];
    fillPolygon(ctx, top, palette.paper, 1);
    gradedFill(ctx, top, palette.ink, y - h, 0.5 * palette.inkStrength, y - h * 0.45, 0.7 * palette.inkStrength);
    stroke(ctx, [top[0]!, top[1]!], { width: stage.unit * 0.006, color: palette.ink, alpha: 0.9, noise, phase: 1, taper: 0.2, ends: 0.8 });
    for (const lx of [-0.45, -0.15, 0.15, 0.45]) {
      stroke(ctx, [[x + lx * w, y - h * 0.45], [x + lx * w - w * 0.01, y], [x + lx * w + w * 0.015, y]], { width: stage.unit * 0.008, color: palette.ink, alpha: 0.85, noise, phase: lx * 10, taper: 0.3, ends: 0.7 });
    }
    stroke(ctx, [[x - w / 2, y - h], [x - w / 2, y - h * 2.6], [x + w * 0.1, y - h * 2.6]], { width: stage.unit * 0.006, color: palette.ink, alpha: 0.8, noise, phase: 5, taper: 0.2, ends: 0.9 });
    for (let i = 0; i < 8; i++) {
      const bx = x - w / 2 + (i / 8) * w * 0.6;
      stroke(ctx, [[bx, y - h], [bx, y - h * 2.6]], { width: stage.unit * 0.003, color: palette.ink, alpha: 0.6, noise, phase: i });
    }
    // A folded quilt.
    dab(ctx, x + w * 0.25, y - h * 1.2, w * 0.12, h * 0.35, 0, mix(palette.paper, palette.ink, 0.25), 0.9, noise, 9);
    stage.anchors.set('bed', { x, y: y - h, size: w, layer: 'front' });
    stage.used.push({ box: { x0: x - w / 2, y0: y - h * 2.6, x1: x + w / 2, y1: y }, weight: 1 });
  },
};

export const lamp: MotifPainter = {
  layer: 'near',
  order: 59,
  paint({ stage }: MotifRequest) {
    const { palette, noise } = stage;
    const ctx = stage.layers.near.ctx;
    const x = stage.ox + stage.frameW * 0.18;
    const y = stage.horizon + stage.frameH * 0.08;
    const h = stage.frameH * 0.12;
    stroke(ctx, [[x, y], [x, y - h]], { width: stage.unit * 0.008, color: palette.ink, alpha: 0.9, noise, phase: x });
    fillPolygon(ctx, [[x - h * 0.15, y], [x + h * 0.15, y], [x + h * 0.05, y - h * 0.08], [x - h * 0.05, y - h * 0.08]], palette.ink, 0.8);
    fillPolygon(ctx, [[x - h * 0.12, y - h], [x + h * 0.12, y - h], [x + h * 0.06, y - h * 0.92], [x - h * 0.06, y - h * 0.92]], palette.ink, 0.8);
    const flameY = y - h * 1.04;
    const warm: readonly [number, number, number] = [236, 170, 80];
    blob(ctx, x, flameY, h * 0.04, [255, 230, 160], 1, 0.5);
    const glow = sprite(h * 1.2, h * 1.2, (g, w, hh) => {
      const grad = g.createRadialGradient(w / 2, hh / 2, 0, w / 2, hh / 2, w / 2);
      grad.addColorStop(0, rgba([255, 220, 150], 0.6));
      grad.addColorStop(1, rgba(warm, 0));
      g.fillStyle = grad;
      g.fillRect(0, 0, w, hh);
    });
    stage.animations.push({
      depth: LAYER_DEPTH.near,
      draw(c, t, toFrame, scale) {
        const [fx, fy] = toFrame(x, flameY);
        c.globalAlpha = 0.7 + 0.2 * Math.sin(t * 7) * Math.sin(t * 3.1);
        const s = glow.width * scale;
        c.drawImage(glow, fx - s / 2, fy - s / 2, s, s);
        c.globalAlpha = 1;
      },
    });
  },
};
