// The camera: a shot's move (push-in, pan, crane …) as a pure function of time, and how each
// painted layer is seen through it. Nearer layers move more than farther ones (parallax), so a
// handful of pre-painted layers composited per frame gives depth without repainting anything.
import type { Shot } from '../../prompts/shot-plan.js';

export type CameraMove = Shot['camera']['move'];
export type ShotSize = Shot['camera']['shotSize'];

export interface CameraState {
  /** Zoom of a layer at depth 1 (1 = the framing at rest). */
  zoom: number;
  /** Offset of the view centre in frame widths / heights (positive: right / down). */
  panX: number;
  panY: number;
  /** 'rotate' (pan, tilt: little parallax) or 'travel' (dolly, crane: full parallax). */
  kind: 'rotate' | 'travel';
}

/** Eased progress: slow start, slow end (a camera operator's ease-in-out). */
export function ease(u: number): number {
  const t = Math.max(0, Math.min(1, u));
  return 0.5 - 0.5 * Math.cos(Math.PI * t);
}

const AMPLITUDE: Record<ShotSize, number> = {
  'extreme-wide': 0.6,
  wide: 0.8,
  medium: 1,
  'close-up': 1.1,
  'extreme-close-up': 1.2,
};

/** The camera at progress `u` (0…1 over the whole shot, cross-fades included). */
export function cameraAt(move: CameraMove, size: ShotSize, u: number, focus: { x: number; y: number } = { x: 0.5, y: 0.5 }): CameraState {
  const e = ease(u);
  const a = AMPLITUDE[size] ?? 1;
  const zoomSpan = 0.14 * a;
  const pan = 0.065 * a;
  // Push-ins drift toward the focus (the shot's main subject), by at most a quarter of the way.
  const fx = Math.max(-0.08, Math.min(0.08, (focus.x - 0.5) * 0.25));
  const fy = Math.max(-0.08, Math.min(0.08, (focus.y - 0.5) * 0.25));
  switch (move) {
    case 'push-in':
      return { zoom: 1 + zoomSpan * e, panX: fx * e, panY: fy * e, kind: 'travel' };
    case 'pull-out':
      return { zoom: 1 + zoomSpan * (1 - e), panX: fx * (1 - e), panY: fy * (1 - e), kind: 'travel' };
    case 'pan-left':
      return { zoom: 1.02, panX: pan * (1 - 2 * e), panY: 0, kind: 'rotate' };
    case 'pan-right':
      return { zoom: 1.02, panX: -pan * (1 - 2 * e), panY: 0, kind: 'rotate' };
    case 'tilt-up':
      return { zoom: 1.02, panX: 0, panY: pan * (1 - 2 * e), kind: 'rotate' };
    case 'tilt-down':
      return { zoom: 1.02, panX: 0, panY: -pan * (1 - 2 * e), kind: 'rotate' };
    case 'crane-up':
      return { zoom: 1.04 - 0.03 * e, panX: 0, panY: pan * (1 - 2 * e), kind: 'travel' };
    case 'crane-down':
      return { zoom: 1.01 + 0.03 * e, panX: 0, panY: -pan * (1 - 2 * e), kind: 'travel' };
    case 'static':
    default:
      // Even a still shot breathes: a very slow push.
      return { zoom: 1 + 0.03 * e, panX: fx * 0.2 * e, panY: fy * 0.2 * e, kind: 'travel' };
  }
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Geometry of the painted layers: each is the frame plus a margin on every side. */
export interface LayerGeometry {
  frameW: number;
  frameH: number;
  /** Margin on each side, as a fraction of the frame size. */
  margin: number;
}

export function layerSize(geometry: LayerGeometry): { width: number; height: number; ox: number; oy: number } {
  const ox = Math.round(geometry.frameW * geometry.margin);
  const oy = Math.round(geometry.frameH * geometry.margin);
  return { width: geometry.frameW + 2 * ox, height: geometry.frameH + 2 * oy, ox, oy };
}

/**
 * The rectangle of a layer at `depth` (0 far … ~1.2 nearest) that fills the frame for this camera
 * state, in layer pixels; always inside the layer.
 */
export function viewRect(camera: CameraState, depth: number, geometry: LayerGeometry): Rect {
  const { width, height, ox, oy } = layerSize(geometry);
  const weight = camera.kind === 'travel' ? depth : 0.75 + 0.25 * depth;
  const zoom = Math.max(1, 1 + (camera.zoom - 1) * (camera.kind === 'travel' ? depth : 1));
  const w = geometry.frameW / zoom;
  const h = geometry.frameH / zoom;
  const cx = ox + geometry.frameW / 2 + camera.panX * geometry.frameW * weight;
  const cy = oy + geometry.frameH / 2 + camera.panY * geometry.frameH * weight;
  const x = Math.max(0, Math.min(width - w, cx - w / 2));
  const y = Math.max(0, Math.min(height - h, cy - h / 2));
  return { x, y, w, h };
}
