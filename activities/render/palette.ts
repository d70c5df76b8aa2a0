// Colour for a shot: paper, ink and washes chosen by time of day, season, weather and look.
// Ink painting is mostly greys; colour is a light tint, and the seal is the only saturated red.
// The gongbi look (工笔) is the exception: flat mineral colours (azurite, malachite, cinnabar,
// ochre) inside fine, even outlines, on silk rather than paper.
import { PALETTES } from '../../prompts/palettes.js';
import type { Shot, ShotPlan } from '../../prompts/shot-plan.js';
import { GONGBI_MANNER, INK_WASH_MANNER, type BrushManner } from './brush.js';

export type Rgb = readonly [number, number, number];

/** The mineral pigments of gongbi and blue-green painting. */
export interface Minerals {
  /** 石青 */
  azurite: Rgb;
  /** 石绿 */
  malachite: Rgb;
  /** 朱砂 */
  cinnabar: Rgb;
  /** 赭石 */
  ochre: Rgb;
  /** 蛤粉: shell white. */
  shell: Rgb;
}

export const MINERALS: Minerals = {
  azurite: [40, 88, 150],
  malachite: [58, 146, 118],
  cinnabar: [194, 56, 38],
  ochre: [164, 102, 54],
  shell: [246, 242, 230],
};

/** Aged silk (绢), the gongbi ground. */
const SILK: Rgb = [228, 211, 172];

export interface Palette {
  paper: Rgb;
  ink: Rgb;
  /** Wash over the sky, strongest at the top; null for a bare paper sky. */
  sky: { color: Rgb; top: number; horizon: number } | null;
  /** A warm band of light near the horizon (dawn, dusk). */
  glow: { color: Rgb; alpha: number } | null;
  /** Mist colour (paper-like) and how much mist the air holds (0–1). */
  mist: Rgb;
  haze: number;
  /** Tinted inks for foliage and the seasonal accent (blossom, maple, willow). */
  foliage: Rgb;
  accent: Rgb;
  water: Rgb;
  /** Colour for mountains' washes (ink, or mineral blue-green for that look). */
  mountain: Rgb;
  mountainAccent: Rgb | null;
  seal: Rgb;
  /** Multiplies ink opacity: lower in snow and mist. */
  inkStrength: number;
  night: boolean;
  snowy: boolean;
  /** Text colour that reads on this sky (ink, or pale on a dark night wash). */
  moonlight: Rgb;
  /** Wash for the land (ink; ochre on silk for gongbi). */
  land: Rgb;
  /** Mineral colours to fill outlined shapes with (gongbi), or null: shapes get graded ink washes. */
  minerals: Minerals | null;
  /** How strokes are laid down (each layer of the stage uses it). */
  brush: BrushManner;
  /** What the picture is painted on: rice paper, or silk (gongbi). */
  support: 'paper' | 'silk';
}

export function rgba(color: Rgb, alpha: number): string {
  return `rgba(${Math.round(color[0])},${Math.round(color[1])},${Math.round(color[2])},${Math.max(0, Math.min(1, alpha)).toFixed(4)})`;
}

export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

export function hexColour(hex: string): Rgb {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) throw new Error(`not a colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

/** The film's palette (prompts/palettes.ts) named by the plan, if it is one we know. */
function filmPalette(name: string): { paper: Rgb; ink: Rgb; wash: Rgb; accent: Rgb } | undefined {
  const known = (PALETTES as Record<string, { paper: string; ink: string; wash: string; accent: string } | undefined>)[name];
  return known ? { paper: hexColour(known.paper), ink: hexColour(known.ink), wash: hexColour(known.wash), accent: hexColour(known.accent) } : undefined;
}

export function paletteFor(shot: Shot, style: ShotPlan['style']): Palette {
  const palette = filmTinted(shotPalette(shot, style), style);
  return style.look === 'gongbi' ? gongbi(palette) : palette;
}

/**
 * Gongbi: silk instead of paper, mineral colours for mountains, water, land and foliage, less mist
 * (forms are contoured, not dissolved), fine even lines. The hour and weather still tint it.
 */
function gongbi(palette: Palette): Palette {
  const paper = mix(palette.paper, SILK, 0.8);
  return {
    ...palette,
    paper,
    mist: paper,
    haze: palette.haze * 0.6,
    ink: mix(palette.ink, [58, 36, 26], 0.4),
    sky: palette.sky ? { ...palette.sky, color: mix(palette.sky.color, MINERALS.azurite, 0.25) } : null,
    mountain: MINERALS.azurite,
    mountainAccent: MINERALS.malachite,
    foliage: mix(palette.foliage, MINERALS.malachite, 0.7),
    accent: mix(palette.accent, MINERALS.cinnabar, 0.6),
    water: mix(palette.water, MINERALS.azurite, 0.7),
    land: MINERALS.ochre,
    minerals: MINERALS,
    brush: GONGBI_MANNER,
    support: 'silk',
  };
}

function filmTinted(base: Palette, style: ShotPlan['style']): Palette {
  const film = filmPalette(style.palette);
  if (!film) return base;
  // The film's palette sets paper, ink and wash for every shot; the shot's hour and weather
  // still darken the sky and cool the paper on top of it.
  const paper = mix(film.paper, base.paper, 0.35);
  return {
    ...base,
    paper,
    mist: paper,
    ink: film.ink,
    land: film.ink,
    sky: base.sky ? { ...base.sky, color: mix(base.sky.color, mix(film.ink, film.wash, 0.5), 0.6) } : null,
    mountain: style.look === 'blue-green' ? base.mountain : mix(film.ink, film.wash, 0.3),
    water: mix(base.water, film.wash, 0.4),
    accent: mix(base.accent, film.accent, 0.5),
  };
}

function shotPalette(shot: Shot, style: ShotPlan['style']): Palette {
  const { timeOfDay, season } = shot.setting;
  const weather = shot.setting.weather.toLowerCase();
  const motifs = new Set(shot.imagery.map((item) => item.motif));
  const snowy = weather.includes('snow') || motifs.has('snow') || (season === 'winter' && weather.includes('frost'));
  const rainy = weather.includes('rain') || motifs.has('rain');
  const misty = weather.includes('mist') || weather.includes('fog') || motifs.has('mist');
  const night = timeOfDay === 'night';
  const cold = season === 'winter' || snowy || weather.includes('frost') || motifs.has('frost');

  let paper: Rgb = [244, 239, 227];
  if (cold) paper = [240, 239, 234];
  if (night) paper = [236, 232, 222];
  if (season === 'autumn' && !night) paper = [245, 237, 222];

  const ink: Rgb = cold || night ? [26, 29, 36] : [30, 27, 24];
  let sky: Palette['sky'] = null;
  let glow: Palette['glow'] = null;
  if (night) sky = { color: [40, 46, 62], top: 0.62, horizon: 0.2 };
  else if (timeOfDay === 'dusk') {
    sky = { color: [70, 62, 66], top: 0.16, horizon: 0.0 };
    glow = { color: [206, 128, 86], alpha: 0.22 };
  } else if (timeOfDay === 'dawn') {
    sky = { color: [90, 96, 112], top: 0.1, horizon: 0.0 };
    glow = { color: [222, 170, 150], alpha: 0.18 };
  } else if (snowy) sky = { color: [104, 110, 118], top: 0.3, horizon: 0.06 };
  else if (rainy) sky = { color: [96, 100, 104], top: 0.34, horizon: 0.1 };
  else if (weather.includes('cloud')) sky = { color: [110, 112, 116], top: 0.14, horizon: 0.02 };

  const accents: Record<string, Rgb> = {
    spring: [222, 142, 156],
    summer: [96, 140, 104],
    autumn: [186, 72, 44],
    winter: [178, 40, 56],
    unspecified: [150, 120, 90],
  };
  const foliageBy: Record<string, Rgb> = {
    spring: [96, 128, 88],
    summer: [52, 78, 58],
    autumn: [92, 70, 48],
    winter: [44, 46, 50],
    unspecified: [44, 48, 44],
  };

  let mountain: Rgb = ink;
  let mountainAccent: Rgb | null = null;
  if (style.look === 'blue-green') {
    mountain = [40, 80, 96];
    mountainAccent = [66, 140, 118];
  } else if (season === 'spring' && !night) mountainAccent = [110, 140, 110];
  else if (season === 'autumn' && !night) mountainAccent = [170, 120, 70];

  return {
    paper,
    ink,
    sky,
    glow,
    mist: paper,
    haze: misty ? 0.85 : rainy ? 0.6 : snowy ? 0.55 : night ? 0.35 : 0.4,
    foliage: foliageBy[season] ?? foliageBy.unspecified!,
    accent: accents[season] ?? accents.unspecified!,
    water: night ? [38, 44, 58] : cold ? [70, 80, 90] : [60, 66, 70],
    mountain,
    mountainAccent,
    seal: [178, 34, 34],
    inkStrength: snowy ? 0.75 : misty ? 0.7 : rainy ? 0.8 : 1,
    night,
    snowy,
    moonlight: [246, 244, 236],
    land: ink,
    minerals: null,
    brush: INK_WASH_MANNER,
    support: 'paper',
  };
}
