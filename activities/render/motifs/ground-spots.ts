// Where things that stand on the ground can go: on land between the horizon and the bottom of the
// picture, or on the near bank in a water scene. Nearer spots paint larger (simple perspective).
import { place, type Stage } from '../stage.js';

export interface GroundSpot {
  x: number;
  y: number;
  /** Perspective scale at that depth (≈0.4 far … 1 at the bottom of the frame). */
  depthScale: number;
}

export function groundSpot(stage: Stage, w: number, h: number, options: { near?: boolean; far?: boolean; weight?: number; side?: 'left' | 'right' } = {}): GroundSpot {
  const bank = stage.anchors.get('bank');
  const frameBottom = stage.oy + stage.frameH;
  let x0 = stage.ox + stage.frameW * 0.08;
  let x1 = stage.ox + stage.frameW * 0.92;
  let y0 = stage.horizon + stage.frameH * (options.near ? 0.22 : 0.06);
  let y1 = frameBottom - stage.frameH * (options.far ? 0.2 : 0.04);
  if (stage.ground === 'water' && bank) {
    // On the bank: its top edge runs near bank.y, on one side of the picture.
    const onLeft = bank.x < stage.ox + stage.frameW / 2;
    x0 = onLeft ? stage.ox + stage.frameW * 0.04 : stage.ox + stage.frameW * 0.55;
    x1 = onLeft ? stage.ox + stage.frameW * 0.45 : stage.ox + stage.frameW * 0.96;
    y0 = bank.y + stage.frameH * 0.03;
    y1 = Math.min(frameBottom - stage.frameH * 0.03, bank.y + stage.frameH * 0.2);
  } else if (stage.ground === 'interior') {
    y0 = stage.horizon + stage.frameH * 0.05;
    y1 = frameBottom - stage.frameH * 0.06;
  }
  if (options.side === 'left') x1 = Math.min(x1, stage.ox + stage.frameW * 0.5);
  if (options.side === 'right') x0 = Math.max(x0, stage.ox + stage.frameW * 0.5);
  const spot = place(stage, w, h, { x0, y0, x1, y1: Math.max(y0, y1) }, { weight: options.weight ?? 1 });
  const depthScale = 0.45 + 0.55 * Math.max(0, Math.min(1, (spot.y - stage.horizon) / Math.max(1, frameBottom - stage.horizon)));
  return { ...spot, depthScale };
}
