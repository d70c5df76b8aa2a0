// The stage a shot is painted on: five transparent layers from far to near (each later seen
// through the camera with its own parallax), the ground plan (horizon, water line), a registry of
// used positions so motifs do not collide, and the animations drawn per frame on top.
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import type { Shot, ShotPlan } from '../../prompts/shot-plan.js';
import { useBrushManner, type Ctx } from './brush.js';
import { layerSize, type LayerGeometry } from './camera.js';
import type { Noise } from './noise.js';
import type { Palette } from './palette.js';
import type { Rng } from './random.js';

/** Each layer is the frame plus this margin (fraction of the frame) on every side, room for the camera to move. */
export const STAGE_MARGIN = 0.12;

export const LAYERS = ['sky', 'far', 'mid', 'near', 'front'] as const;
export type LayerName = (typeof LAYERS)[number];

/** Parallax depth of each layer: how strongly it follows the camera (0 = at infinity). */
export const LAYER_DEPTH: Record<LayerName, number> = { sky: 0.1, far: 0.3, mid: 0.6, near: 0.9, front: 1.2 };

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Something that moves within the shot (snow, birds, a flickering fire), drawn every frame. */
export interface Animation {
  /** Parallax depth it lives at (as LAYER_DEPTH). */
  depth: number;
  /**
   * Draws at time `t` seconds (shot-local; negative during the incoming cross-fade). `toFrame`
   * maps layer coordinates to frame coordinates for this depth; `scale` is the zoom at this depth.
   */
  draw(ctx: Ctx, t: number, toFrame: (x: number, y: number) => [number, number], scale: number): void;
}

export type Ground = 'water' | 'land' | 'interior';

export interface Stage {
  shot: Shot;
  plan: ShotPlan;
  /** Layer canvas size (frame plus margins) and where the frame sits at rest. */
  width: number;
  height: number;
  ox: number;
  oy: number;
  frameW: number;
  frameH: number;
  /** A length unit: the frame's shorter side. */
  unit: number;
  /** Scale of subjects for the shot size (close-ups paint larger). */
  scale: number;
  geometry: LayerGeometry;
  layers: Record<LayerName, { canvas: Canvas; ctx: Ctx }>;
  palette: Palette;
  noise: Noise;
  rng: Rng;
  /** y of the horizon in layer pixels. */
  horizon: number;
  ground: Ground;
  /** y where water begins (water scenes). */
  waterTop: number;
  /** Where the eye should go (frame fractions), set by the main subject; camera pushes toward it. */
  focus: { x: number; y: number } | undefined;
  /** Boxes already used by motifs (layer pixels). */
  used: { box: Box; weight: number }[];
  animations: Animation[];
  /** Where the outside world shows (layer pixels): the whole frame, or a room's window. */
  view: Box;
  /** Where the subtitle columns will be (layer pixels), kept clear of main subjects. */
  reserved: Box[];
  /** Words of the shot's text, for pose hints (举头 looks up, 低头 bows). */
  text: string;
  /** Everything that has been painted, for later motifs to anchor on (e.g. a fisherman in the boat). */
  anchors: Map<string, Anchor>;
}

/** Where something was painted: its foot (or centre, for things in the sky), size and layer. */
export interface Anchor {
  x: number;
  y: number;
  size: number;
  layer: LayerName;
  /** Which way it faces (1 right, -1 left), for things that face somewhere (a figure). */
  facing?: 1 | -1;
}

const SIZE_SCALE: Record<Shot['camera']['shotSize'], number> = {
  'extreme-wide': 0.62,
  wide: 0.8,
  medium: 1,
  'close-up': 1.35,
  'extreme-close-up': 1.7,
};

export function createStage(input: {
  shot: Shot;
  plan: ShotPlan;
  frameW: number;
  frameH: number;
  palette: Palette;
  noise: Noise;
  rng: Rng;
  horizon: number;
  ground: Ground;
  waterTop: number;
  reserved: Box[];
}): Stage {
  const geometry: LayerGeometry = { frameW: input.frameW, frameH: input.frameH, margin: STAGE_MARGIN };
  const { width, height, ox, oy } = layerSize(geometry);
  const layers = Object.fromEntries(
    LAYERS.map((name) => {
      const canvas = createCanvas(width, height);
      return [name, { canvas, ctx: canvas.getContext('2d') }];
    }),
  ) as Record<LayerName, { canvas: Canvas; ctx: Ctx }>;
  for (const name of LAYERS) useBrushManner(layers[name].ctx, input.palette.brush);
  return {
    shot: input.shot,
    plan: input.plan,
    width,
    height,
    ox,
    oy,
    frameW: input.frameW,
    frameH: input.frameH,
    unit: Math.min(input.frameW, input.frameH),
    scale: SIZE_SCALE[input.shot.camera.shotSize] ?? 1,
    geometry,
    layers,
    palette: input.palette,
    noise: input.noise,
    rng: input.rng,
    horizon: input.horizon,
    ground: input.ground,
    waterTop: input.waterTop,
    focus: undefined,
    used: [],
    animations: [],
    view: { x0: ox, y0: oy, x1: ox + input.frameW, y1: oy + input.frameH },
    reserved: input.reserved,
    text: input.shot.text,
    anchors: new Map(),
  };
}

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Finds a spot for a motif of size w×h (layer pixels) whose anchor (bottom-centre) lies in the
 * region, preferring spots that overlap used and reserved boxes least. Records the box.
 */
export function place(
  stage: Stage,
  w: number,
  h: number,
  region: Box,
  options: { tries?: number; weight?: number; avoidReserved?: boolean } = {},
): { x: number; y: number } {
  const tries = options.tries ?? 24;
  let best = { x: (region.x0 + region.x1) / 2, y: (region.y0 + region.y1) / 2 };
  let bestCost = Infinity;
  for (let i = 0; i < tries; i++) {
    const x = stage.rng.range(region.x0, Math.max(region.x0, region.x1));
    const y = stage.rng.range(region.y0, Math.max(region.y0, region.y1));
    const box = { x0: x - w / 2, y0: y - h, x1: x + w / 2, y1: y };
    let cost = 0;
    for (const used of stage.used) cost += overlap(box, used.box) * used.weight;
    if (options.avoidReserved !== false) for (const r of stage.reserved) cost += overlap(box, r) * 2;
    // Keep subjects inside the visible frame.
    const outside =
      Math.max(0, stage.ox - box.x0) + Math.max(0, box.x1 - (stage.ox + stage.frameW)) + Math.max(0, stage.oy - box.y0);
    cost += outside * h * 4;
    if (cost < bestCost) {
      bestCost = cost;
      best = { x, y };
    }
    if (cost === 0) break;
  }
  stage.used.push({ box: { x0: best.x - w / 2, y0: best.y - h, x1: best.x + w / 2, y1: best.y }, weight: options.weight ?? 1 });
  return best;
}

/** Frame fractions → layer pixels (at rest). */
export function at(stage: Stage, fx: number, fy: number): [number, number] {
  return [stage.ox + fx * stage.frameW, stage.oy + fy * stage.frameH];
}

/** A region given in fractions of the outside view (the frame, or a room's window), as layer pixels. */
export function viewRegion(stage: Stage, fx0: number, fy0: number, fx1: number, fy1: number): Box {
  const v = stage.view;
  return { x0: v.x0 + fx0 * (v.x1 - v.x0), y0: v.y0 + fy0 * (v.y1 - v.y0), x1: v.x0 + fx1 * (v.x1 - v.x0), y1: v.y0 + fy1 * (v.y1 - v.y0) };
}

/** A region given in frame fractions, as layer pixels. */
export function region(stage: Stage, fx0: number, fy0: number, fx1: number, fy1: number): Box {
  const [x0, y0] = at(stage, fx0, fy0);
  const [x1, y1] = at(stage, fx1, fy1);
  return { x0, y0, x1, y1 };
}
