// Palettes a renderer can use for a whole film (`style.palette`), chosen from the poem's dominant
// setting and mood: ink is grey at low opacity on warm paper, with a red seal as the only
// saturated colour; the palette shifts the paper, the wash and one accent.
import type { Setting } from './setting.js';

export interface Palette {
  description: string;
  /** Paper (background), ink (darkest stroke), wash (mid grey-tone), accent (one colour note). */
  paper: string;
  ink: string;
  wash: string;
  accent: string;
}

export const PALETTES = {
  ink: { description: 'pure ink greys on warm paper', paper: '#f3efe6', ink: '#1f1f1f', wash: '#8a8a8a', accent: '#b0302a' },
  'moonlit-indigo': { description: 'cool moonlit indigo greys', paper: '#e9ecef', ink: '#1e2530', wash: '#7d8a99', accent: '#c9b26b' },
  'dusk-amber': { description: 'fading amber dusk over grey ink', paper: '#f1e6d6', ink: '#2b2320', wash: '#9c7f63', accent: '#c0562f' },
  'spring-celadon': { description: 'soft celadon greens and blossom pink', paper: '#f2f0e4', ink: '#25302a', wash: '#7f9a7a', accent: '#d77a8a' },
  'summer-jade': { description: 'deep jade greens, humid air', paper: '#eef0e6', ink: '#1f2a24', wash: '#6f8f7a', accent: '#c45a3b' },
  'autumn-ochre': { description: 'ochre, rust and thinning grey', paper: '#f2e8d5', ink: '#2a2420', wash: '#9a8466', accent: '#b4462e' },
  'snow-silver': { description: 'silver-white snow light, very sparse ink', paper: '#f5f6f7', ink: '#202428', wash: '#a3aab2', accent: '#9e2b25' },
  'frontier-ochre': { description: 'dusty yellow sand and pale sky', paper: '#efe4cf', ink: '#2d261e', wash: '#a88d62', accent: '#a0382a' },
  'mourning-grey': { description: 'heavy dark ink, almost no colour', paper: '#e8e6e1', ink: '#141414', wash: '#5e5e5e', accent: '#7a2a26' },
} as const satisfies Record<string, Palette>;

export type PaletteName = keyof typeof PALETTES;

function dominant<T extends string>(values: readonly T[], ignore: T): T | undefined {
  const counts = new Map<T, number>();
  for (const value of values) if (value !== ignore) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: T | undefined;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

/** The film's palette from its shots' settings and the poem's mood. */
export function paletteFor(settings: readonly Setting[], poemMood: string): PaletteName {
  if (poemMood === 'grief') return 'mourning-grey';
  const place = dominant(settings.map((setting) => setting.place), 'unspecified');
  if (place === 'frontier') return 'frontier-ochre';
  const weather = dominant(settings.map((setting) => setting.weather), 'unspecified');
  const season = dominant(settings.map((setting) => setting.season), 'unspecified');
  if (weather === 'snow' || season === 'winter') return 'snow-silver';
  const time = dominant(settings.map((setting) => setting.timeOfDay), 'unspecified');
  if (time === 'night') return 'moonlit-indigo';
  if (time === 'dusk') return 'dusk-amber';
  if (season === 'autumn') return 'autumn-ochre';
  if (season === 'spring') return 'spring-celadon';
  if (season === 'summer') return 'summer-jade';
  return 'ink';
}
