// Paints one shot as layers, once: decides the ground (land, water, a room) and the horizon from
// the shot's setting, composition and imagery; paints paper, sky, distant ranges, mountains,
// water or land; then every imagery item's motif. Items that have no motif, or a motif the
// renderer cannot draw, are reported in `notDrawn` so reviewers see coverage.
import type { ImageryItem, Shot, ShotPlan } from '../../prompts/shot-plan.js';
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { mistBand } from './brush.js';
import { paintBank, paintDesert, paintFields, paintLand } from './landscape/ground.js';
import { paintDistantRange, paintMountain, paintRocks } from './landscape/mountains.js';
import { paintSky } from './landscape/sky.js';
import { paintWater, paintWaterfall } from './landscape/water.js';
import { paintMoonlightOnFloor, paintRoom } from './motifs/interior.js';
import { paintCottageAt } from './motifs/buildings.js';
import { ATMOSPHERE_MOTIFS, LANDSCAPE_MOTIFS, MOTIF_PAINTERS } from './motifs/registry.js';
import { createNoise } from './noise.js';
import { paletteFor } from './palette.js';
import { paintPaper } from './paper.js';
import { createRng, seedFrom } from './random.js';
import { layerSize } from './camera.js';
import { createStage, LAYER_DEPTH, STAGE_MARGIN, LAYERS, type Animation, type Box, type Ground, type LayerName, type Stage } from './stage.js';

export interface NotDrawn {
  term: string;
  motif: string | null;
  reason: string;
}

export interface PaintedLayer {
  name: LayerName;
  canvas: Canvas;
  depth: number;
  /** Painted area (layer pixels), or null when the layer is empty; the sky layer is full. */
  bbox: Box | null;
}

export interface PaintedScene {
  stage: Stage;
  layers: PaintedLayer[];
  animations: Animation[];
  focus: { x: number; y: number };
  drawn: { term: string; motif: string }[];
  notDrawn: NotDrawn[];
}

const WATER_PLACES = new Set(['river', 'lake', 'sea']);
const WATER_MOTIFS = ['river', 'lake', 'sea', 'boat', 'sail', 'fisherman', 'fishing-fire', 'lotus'];
const MOUNTAIN_PLACES = new Set(['mountain', 'temple']);

/** The stable seed of a shot: its poem and words, not its position in a list of edits. */
export function shotSeed(plan: ShotPlan, shot: Shot): number {
  return seedFrom(`${plan.poem.title}|${plan.poem.author}|${shot.index}|${shot.text}`);
}

function motifsOf(shot: Shot): ImageryItem[] {
  // Carried-over imagery (the same moon from the previous shot) is drawn too.
  return [...shot.imagery, ...(shot.continuity?.carryOver ?? [])];
}

export function paintScene(plan: ShotPlan, shotIndex: number, frameW: number, frameH: number, reserved: Box[] = []): PaintedScene {
  const shot = plan.shots[shotIndex];
  if (!shot) throw new Error(`shot ${shotIndex} is not in the plan`);
  const seed = shotSeed(plan, shot);
  const rng = createRng(seed);
  const noise = createNoise(seed ^ 0x5f3759df);
  const items = motifsOf(shot);
  const motifs = new Set(items.map((i) => i.motif).filter((m): m is string => Boolean(m)));
  const own = new Set(shot.imagery.map((i) => i.motif).filter((m): m is string => Boolean(m)));
  const place = shot.setting.place;

  // Indoors: the room with its window — unless the shot pulls right back (extreme-wide) and has
  // nothing of its own inside, when we see the house from outside under the same sky.
  const roomAsked = own.has('bed') || own.has('window') || own.has('lamp');
  const indoors = roomAsked || ((place === 'interior' || motifs.has('bed') || motifs.has('window')) && shot.camera.shotSize !== 'extreme-wide');
  const houseFromOutside = !indoors && place === 'interior';
  const ground: Ground = indoors
    ? 'interior'
    : WATER_PLACES.has(place) || WATER_MOTIFS.some((m) => motifs.has(m))
      ? 'water'
      : 'land';
  const mountainous = motifs.has('mountain') || motifs.has('waterfall') || MOUNTAIN_PLACES.has(place);
  const manyPeaks = items.some((i) => i.motif === 'mountain' && /[千万群众诸重叠乱]/.test(i.term));
  const composition =
    shot.composition ?? (ground === 'interior' ? 'deep-distance' : mountainous && ground !== 'water' ? 'high-distance' : ground === 'water' ? 'level-distance' : 'deep-distance');
  const portrait = frameH > frameW;
  const horizonFrac =
    ground === 'interior'
      ? 0.64
      : composition === 'high-distance'
        ? portrait ? 0.74 : 0.7
        : composition === 'level-distance'
          ? portrait ? 0.44 : 0.52
          : portrait ? 0.56 : 0.58;

  const palette = paletteFor(shot, plan.style);
  const { oy } = layerSize({ frameW, frameH, margin: STAGE_MARGIN });
  const horizon = oy + frameH * horizonFrac;
  const stage = createStage({
    shot,
    plan,
    frameW,
    frameH,
    palette,
    noise,
    rng,
    horizon,
    ground,
    waterTop: horizon + frameH * 0.005,
    reserved,
  });

  // Paper and sky.
  paintPaper(stage.layers.sky.ctx, stage.width, stage.height, palette.paper, rng.fork('paper'), noise, palette.support);
  paintSky(stage);

  const drawn: PaintedScene['drawn'] = [];
  const notDrawn: NotDrawn[] = [];
  const painted = new Set<string>();

  const landscape = new Set<string>();
  if (ground === 'interior') {
    paintRoom(stage);
    // Through the window: distant hills when the shot looks out to a place.
    if (['village', 'mountain', 'river', 'lake', 'road', 'field'].some((m) => motifs.has(m)) || rng() < 0.5) {
      const v = stage.view;
      paintDistantRange(stage, stage.layers.far.ctx, { base: v.y0 + (v.y1 - v.y0) * 0.78, amplitude: (v.y1 - v.y0) * 0.14, alpha: 0.3, phase: rng() * 50, roughness: 3 });
      paintDistantRange(stage, stage.layers.far.ctx, { base: v.y0 + (v.y1 - v.y0) * 0.88, amplitude: (v.y1 - v.y0) * 0.1, alpha: 0.4, phase: rng() * 50, roughness: 4 });
      landscape.add('mountain');
    }
  } else {
    for (const m of paintLandscape(stage, motifs, composition, portrait, manyPeaks)) landscape.add(m);
    if (houseFromOutside) paintCottageAt(stage, true);
  }
  for (const m of landscape) painted.add(m);

  // The main subject: the first item with a drawable, non-atmospheric motif.
  const primaryItem = items.find((i) => i.motif && i.motif in MOTIF_PAINTERS && !ATMOSPHERE_MOTIFS.has(i.motif));
  const INDOOR_ONLY = new Set(['bed', 'window', 'lamp']);
  const jobs = items
    .filter((item) => item.motif && item.motif in MOTIF_PAINTERS)
    .filter((item) => ground === 'interior' || !INDOOR_ONLY.has(item.motif!))
    .filter((item, i, all) => all.findIndex((other) => other.motif === item.motif) === i)
    .map((item) => ({ item, painter: MOTIF_PAINTERS[item.motif!]! }))
    .sort((a, b) => a.painter.order - b.painter.order);
  for (const { item, painter } of jobs) {
    painter.paint({ stage: stage, item, primary: item === primaryItem });
    painted.add(item.motif!);
  }
  if (ground === 'interior' && painted.has('moon')) paintMoonlightOnFloor(stage, motifs.has('frost'));

  // The shot's own imagery is accounted for; carried-over images are drawn when they fit.
  for (const item of shot.imagery) {
    if (!item.motif) notDrawn.push({ term: item.term, motif: null, reason: 'no motif in the plan for this image' });
    else if (!painted.has(item.motif)) {
      const reason = item.motif in MOTIF_PAINTERS || LANDSCAPE_MOTIFS.has(item.motif) ? `"${item.motif}" does not fit this ${ground === 'interior' ? 'room' : 'scene'}` : `the local renderer has no painter for "${item.motif}"`;
      notDrawn.push({ term: item.term, motif: item.motif, reason });
    }
    else drawn.push({ term: item.term, motif: item.motif });
  }

  // Depth: a veil of mist between the far and middle distance.
  mistBand(stage.layers.far.ctx, 0, stage.width, stage.horizon - frameH * 0.02, frameH * 0.05, palette.mist, 0.35 * palette.haze);

  const layers: PaintedLayer[] = LAYERS.map((name) => ({
    name,
    canvas: stage.layers[name].canvas,
    depth: LAYER_DEPTH[name],
    bbox: name === 'sky' ? { x0: 0, y0: 0, x1: stage.width, y1: stage.height } : paintedBox(stage.layers[name].canvas),
  }));
  return {
    stage,
    layers,
    animations: stage.animations.slice().sort((a, b) => a.depth - b.depth),
    focus: stage.focus ?? { x: 0.5, y: 0.45 },
    drawn,
    notDrawn,
  };
}

/** Ranges, mountains, water or land, rocks; returns the landscape motifs it painted. */
function paintLandscape(stage: Stage, motifs: Set<string>, composition: string, portrait: boolean, manyPeaks: boolean): Set<string> {
  const { rng, frameH, frameW, ox } = stage;
  const painted = new Set<string>();
  const far = stage.layers.far.ctx;
  const mid = stage.layers.mid.ctx;
  const desert = motifs.has('desert');
  // Distant ranges at the horizon, lighter and lower with distance.
  const ranges = desert ? 1 : composition === 'high-distance' ? 2 : 3;
  for (let i = 0; i < ranges; i++) {
    paintDistantRange(stage, far, {
      base: stage.horizon - frameH * (0.005 + i * 0.012),
      amplitude: frameH * (desert ? 0.03 : 0.05 + 0.035 * (ranges - i)) * (composition === 'level-distance' ? 0.7 : 1),
      alpha: 0.12 + 0.08 * (ranges - 1 - i),
      phase: i * 13.7 + rng() * 10,
      roughness: 3 + i,
    });
  }

  // Main mountains: the many peaks of 千山, one towering peak for 高远, low hills otherwise.
  const wantMountains = motifs.has('mountain') || motifs.has('waterfall') || composition === 'high-distance' || (!desert && rng() < 0.55);
  if (wantMountains) {
    painted.add('mountain');
    const many = manyPeaks || (motifs.has('mountain') && composition !== 'high-distance');
    const count = manyPeaks ? 6 : composition === 'high-distance' ? 2 : many ? 4 : 2;
    const base = stage.ground === 'water' ? stage.waterTop + 1 : stage.horizon + frameH * 0.03;
    const side = rng() < 0.5 ? -1 : 1;
    for (let i = 0; i < count; i++) {
      const towering = composition === 'high-distance' && i === 0 && !manyPeaks;
      const height = frameH * (towering ? (portrait ? 0.58 : 0.5) : manyPeaks ? rng.range(0.16, 0.34) * (1 - i * 0.06) : composition === 'level-distance' ? rng.range(0.08, 0.14) : rng.range(0.14, 0.26));
      const width = frameW * (towering ? 0.75 : rng.range(0.35, 0.6)) * (portrait ? 1.1 : 0.8);
      const x = towering ? ox + frameW * (0.5 + side * 0.12) : ox + frameW * (0.5 + (i % 2 === 0 ? -side : side) * rng.range(0.15, 0.42));
      paintMountain(stage, mid, {
        x,
        base: base + (towering ? 0 : frameH * 0.01 * i),
        width,
        height,
        tone: towering ? 0.85 : rng.range(0.4, 0.7),
        phase: i * 31.7 + rng() * 100,
        crag: towering ? 0.7 : rng.range(0.2, 0.6),
      });
    }
    if (motifs.has('waterfall')) {
      painted.add('waterfall');
      const x = ox + frameW * (0.5 - side * 0.15);
      paintWaterfall(stage, mid, x, stage.oy + frameH * 0.28, base - frameH * 0.02, frameW * 0.05);
    }
  }

  // Water or land below.
  if (stage.ground === 'water') {
    paintWater(stage, stage.layers.near.ctx, stage.waterTop, { waves: motifs.has('sea') });
    for (const m of ['river', 'lake', 'sea']) if (motifs.has(m)) painted.add(m);
    const landThings = ['pine', 'willow', 'bamboo', 'plum', 'maple', 'tree', 'figure', 'house', 'pavilion', 'reeds', 'rocks', 'horse', 'gate', 'chrysanthemum'];
    if (landThings.some((m) => motifs.has(m)) || rng() < 0.6) paintBank(stage, rng() < 0.5 ? 'left' : 'right');
  } else if (desert) {
    paintDesert(stage);
    painted.add('desert');
  } else if (motifs.has('field')) {
    paintFields(stage);
    painted.add('field');
  } else {
    paintLand(stage);
  }
  if (motifs.has('rocks')) {
    const size = stage.unit * 0.12 * stage.scale;
    const bank = stage.anchors.get('bank');
    const x = bank ? bank.x : ox + frameW * rng.range(0.2, 0.8);
    const y = bank ? bank.y + frameH * 0.08 : stage.oy + frameH * rng.range(0.8, 0.92);
    paintRocks(stage, stage.layers.near.ctx, x, y, size);
    painted.add('rocks');
  }
  if ((motifs.has('river') || motifs.has('lake')) && stage.ground !== 'water') {
    // A stream across the land.
    paintWater(stage, stage.layers.near.ctx, stage.horizon + frameH * 0.25, { density: 0.6 });
    for (const m of ['river', 'lake']) if (motifs.has(m)) painted.add(m);
  }
  return painted;
}

/**
 * The bounding box of painted pixels (alpha > 0) in a layer, or null when empty. Found on a copy
 * an eighth the size (reading a full layer back is the expensive part), then widened by a cell.
 */
export function paintedBox(canvas: Canvas): Box | null {
  const scale = 8;
  const w = Math.ceil(canvas.width / scale);
  const h = Math.ceil(canvas.height / scale);
  const small = createCanvas(w, h);
  const ctx = small.getContext('2d');
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'low';
  ctx.drawImage(canvas, 0, 0, canvas.width, canvas.height, 0, 0, w, h);
  const data = small.data();
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (data[(y * w + x) * 4 + 3]! > 0) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) return null;
  return {
    x0: Math.max(0, (x0 - 1) * scale),
    y0: Math.max(0, (y0 - 1) * scale),
    x1: Math.min(canvas.width, (x1 + 2) * scale),
    y1: Math.min(canvas.height, (y1 + 2) * scale),
  };
}
