// The shot planner: which lines each shot covers, its place in the poem's structure (起承转合),
// camera (size and move), composition (Guo Xi's three distances) and continuity (the same moon,
// boat and figure across shots until the poem changes them). Pure functions of the analysed lines.
import type { PoemKind } from './form.js';
import type { ExtractedImage } from './imagery.js';
import type { VerseLine } from './poem-input.js';
import type { Setting } from './setting.js';
import type { Composition, ImageryItem, Shot, StructureRole } from './shot-plan.js';

/** At most this many shots per film; longer poems group more lines per shot. */
export const MAX_SHOTS = 24;
/** 词 phrase groups: at most this many lines or characters per shot (before capping). */
const LYRIC_GROUP_MAX_LINES = 3;
const LYRIC_GROUP_MAX_CHARS = 20;
/** A 诗 longer than this is planned by couplets. */
const SHI_LINES_ONE_SHOT_EACH = 16;

type Camera = Shot['camera'];

function charCount(text: string): number {
  return [...text].length;
}

/** Merges adjacent groups (the smallest pair first) until there are at most `max`. */
function capGroups(groups: number[][], max: number, size: (group: number[]) => number): number[][] {
  const result = groups.map((group) => [...group]);
  while (result.length > max) {
    let best = 0;
    let bestSize = Infinity;
    for (let i = 0; i + 1 < result.length; i++) {
      const a = result[i] ?? [];
      const b = result[i + 1] ?? [];
      const combined = size(a) + size(b);
      if (combined < bestSize) {
        bestSize = combined;
        best = i;
      }
    }
    const merged = [...(result[best] ?? []), ...(result[best + 1] ?? [])];
    result.splice(best, 2, merged);
  }
  return result;
}

/**
 * Groups line indexes into shots: one line per shot for 诗 (quatrain 4, 律诗 8), couplets for long
 * 诗, phrase groups (up to a sentence end) for 词; never more than MAX_SHOTS.
 */
export function groupLines(lines: readonly VerseLine[], kind: PoemKind): number[][] {
  const size = (group: number[]) => group.reduce((sum, index) => sum + charCount(lines[index]?.text ?? ''), 0);
  let groups: number[][];
  if (kind === 'shi') {
    if (lines.length <= SHI_LINES_ONE_SHOT_EACH) groups = lines.map((_, index) => [index]);
    else {
      groups = [];
      for (let index = 0; index < lines.length; index += 2) groups.push(index + 1 < lines.length ? [index, index + 1] : [index]);
    }
  } else {
    groups = [];
    let current: number[] = [];
    lines.forEach((line, index) => {
      const wouldBe = size(current) + charCount(line.text);
      if (current.length > 0 && (current.length >= LYRIC_GROUP_MAX_LINES || wouldBe > LYRIC_GROUP_MAX_CHARS)) {
        groups.push(current);
        current = [];
      }
      current.push(index);
      if (line.end !== '，') {
        groups.push(current);
        current = [];
      }
    });
    if (current.length > 0) groups.push(current);
  }
  return capGroups(groups, MAX_SHOTS, size);
}

/** 起承转合 by position: quarters of the poem (a quatrain: one line each; 律诗: one couplet each). */
export function roleOf(index: number, count: number): StructureRole {
  if (count <= 1) return 'open';
  if (count === 2) return index === 0 ? 'open' : 'close';
  if (count === 3) return (['open', 'turn', 'close'] as const)[index] ?? 'close';
  const quarter = Math.min(3, Math.floor((index * 4) / count));
  return (['open', 'continue', 'turn', 'close'] as const)[quarter] ?? 'close';
}

export interface ShotAnalysis {
  /** The shot's verse, lines joined. */
  text: string;
  images: readonly ExtractedImage[];
  setting: Setting;
  role: StructureRole;
  /** The line speaks feeling (愁, 泪, 思 …), not only scene. */
  emotional: boolean;
}

const LOOK_UP = /举头|仰|登|凌|九天|青天|云间|天外|高/u;
const LOOK_DOWN = /低头|俯|直下|飞流|落|坠|下/u;
const DEEP = /深|幽|入|曲径|通/u;
const FLOWING = /流|东去|奔|逝|淘/u;

/** Shot size and camera move for one shot, given the previous shot's camera. */
export function planCamera(shot: ShotAnalysis, previous: Camera | undefined): Camera {
  const scales = new Set(shot.images.map((image) => image.scale));
  const has = (scale: ExtractedImage['scale']) => scales.has(scale);
  const landscape = has('vast') || has('tall') || has('flowing') || has('deep');
  let shotSize: Camera['shotSize'];
  if (has('vast') && !has('figure') && !has('detail') && !has('near')) shotSize = 'extreme-wide';
  else if (landscape) shotSize = 'wide';
  else if (has('near')) shotSize = 'medium';
  else if (has('detail')) shotSize = shot.emotional && !has('figure') ? 'extreme-close-up' : 'close-up';
  else if (has('figure')) shotSize = shot.emotional ? 'close-up' : 'medium';
  else shotSize = shot.emotional ? 'close-up' : 'wide';

  const skyward = shot.images.some((image) => image.category === 'sky') && LOOK_UP.test(shot.text);
  // A river the verse sets moving (长江天际流, 大江东去) is followed like a flowing one.
  const flowing = has('flowing') || (shot.images.some((image) => image.motif === 'river') && FLOWING.test(shot.text));
  let move: Camera['move'];
  if (has('tall') || skyward) move = LOOK_DOWN.test(shot.text) && !/举头|仰/u.test(shot.text) ? 'tilt-down' : 'tilt-up';
  else if (flowing) move = /西/u.test(shot.text) ? 'pan-left' : 'pan-right';
  else if (shot.role === 'open' && (shotSize === 'extreme-wide' || shotSize === 'wide')) move = 'crane-up';
  else if (shot.role === 'close') move = has('vast') ? 'crane-up' : 'pull-out';
  else if (shot.emotional || shotSize === 'close-up' || shotSize === 'extreme-close-up') move = 'push-in';
  else move = 'static';

  if (previous) {
    // The turn (转) changes the view: a new shot size, and not the same move again.
    if (shot.role === 'turn' && shotSize === previous.shotSize) {
      shotSize = previous.shotSize === 'extreme-wide' || previous.shotSize === 'wide' ? 'medium' : 'wide';
    }
    if (move === previous.move && (shot.role === 'turn' || shotSize === previous.shotSize)) move = contrastingMove(move);
  }
  return { move, shotSize };
}

function contrastingMove(move: Camera['move']): Camera['move'] {
  const opposite: Record<Camera['move'], Camera['move']> = {
    static: 'push-in',
    'push-in': 'static',
    'pull-out': 'static',
    'pan-left': 'pan-right',
    'pan-right': 'pan-left',
    'tilt-up': 'crane-up',
    'tilt-down': 'static',
    'crane-up': 'pull-out',
    'crane-down': 'push-in',
  };
  return opposite[move];
}

/** Guo Xi's three distances: 高远 for heights, 深远 for layered depth, 平远 for the level view. */
export function compositionOf(shot: ShotAnalysis, camera: Camera): Composition {
  const scales = new Set(shot.images.map((image) => image.scale));
  if (scales.has('tall') || camera.move === 'tilt-up') return 'high-distance';
  if (scales.has('deep') || (DEEP.test(shot.text) && shot.images.some((image) => image.entry?.place === 'mountain' || image.scale === 'deep'))) {
    return 'deep-distance';
  }
  return 'level-distance';
}

/** Motifs that stay in view once a poem has shown them, and what has to hold for them to stay. */
const PERSISTENT: Record<string, (origin: Setting, now: Setting) => boolean> = {
  moon: (origin, now) => now.timeOfDay === origin.timeOfDay,
  stars: (origin, now) => now.timeOfDay === origin.timeOfDay,
  'milky-way': (origin, now) => now.timeOfDay === origin.timeOfDay,
  sun: (origin, now) => now.timeOfDay === origin.timeOfDay,
  boat: (origin, now) => now.place === origin.place,
  sail: (origin, now) => now.place === origin.place,
  fisherman: (origin, now) => now.place === origin.place,
  'fishing-fire': (origin, now) => now.place === origin.place && now.timeOfDay === origin.timeOfDay,
  bed: (origin, now) => now.place === origin.place,
  window: (origin, now) => now.place === origin.place,
  lamp: (origin, now) => now.place === origin.place && now.timeOfDay === origin.timeOfDay,
  tower: (origin, now) => now.place === origin.place,
  'city-wall': (origin, now) => now.place === origin.place,
  'frontier-pass': (origin, now) => now.place === origin.place,
};

const MAX_CARRY_OVER = 3;

/**
 * For each shot, the images established earlier that stay in view: persistent motifs (moon, boat,
 * fisherman …) while their condition holds, not already shown by the shot itself. Each keeps its
 * origin's line and offsets, so it still traces back to its words.
 */
export function continuityOf(shots: readonly { images: readonly ImageryItem[]; setting: Setting }[]): ImageryItem[][] {
  const established = new Map<string, { item: ImageryItem; setting: Setting }>();
  return shots.map((shot) => {
    const ownMotifs = new Set(shot.images.map((image) => image.motif).filter((motif): motif is string => Boolean(motif)));
    const carried: ImageryItem[] = [];
    for (const [motif, { item, setting }] of established) {
      const stays = PERSISTENT[motif]?.(setting, shot.setting) ?? false;
      if (!stays) established.delete(motif);
      else if (!ownMotifs.has(motif) && carried.length < MAX_CARRY_OVER) carried.push(item);
    }
    for (const image of shot.images) {
      // The first image that showed a motif stays its source (the same moon throughout).
      if (image.motif && PERSISTENT[image.motif] && !established.has(image.motif)) {
        const { term, visual, symbolism, line, start, end, motif, category, source, visualZh } = image;
        const item: ImageryItem = { term, visual, symbolism, line, start, end, motif };
        if (category) item.category = category;
        if (source) item.source = source;
        if (visualZh) item.visualZh = visualZh;
        established.set(image.motif, { item, setting: shot.setting });
      }
    }
    return carried;
  });
}
