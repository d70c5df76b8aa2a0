// Motif name (prompts/motifs.ts vocabulary) → the painter that draws it. Land and water forms
// (mountain, river …) shape the whole scene and are painted by the scene builder itself. Any
// motif not listed here is reported in the shot's `notDrawn`.
import { bamboo, chrysanthemum, flowers, grass, lotus, maple, pine, plum, reeds, tree, willow } from './plants.js';
import { banner, beaconSmoke, bridge, cityWall, frontierPass, gate, house, pavilion, road, temple, templeBell, tower, village, wine } from './buildings.js';
import { boat, fisherman, fishingFire, sail } from './boats.js';
import { butterfly, cattle, cicada, crane, crows, dog, egrets, geese, gulls, horse, orioles, swallows } from './creatures.js';
import { apes } from './gibbons.js';
import { flute, letter, lute, mirror, sword } from './belongings.js';
import { fallingLeaves, petals } from './falling.js';
import { figure } from './figures.js';
import { bed, lamp, window } from './interior.js';
import { milkyWay, moon, stars, sun } from './celestial.js';
import { cloud, frost, mist, rain, snow, wind } from './weather.js';
import type { MotifPainter } from './motif.js';

export const MOTIF_PAINTERS: Readonly<Record<string, MotifPainter>> = {
  moon,
  sun,
  stars,
  'milky-way': milkyWay,
  cloud,
  rain,
  snow,
  frost,
  mist,
  wind,
  'falling-leaves': fallingLeaves,
  petals,
  willow,
  pine,
  bamboo,
  lotus,
  plum,
  maple,
  chrysanthemum,
  tree,
  reeds,
  grass,
  flowers,
  boat,
  sail,
  fisherman,
  'fishing-fire': fishingFire,
  geese,
  gulls,
  egrets,
  crows,
  orioles,
  swallows,
  crane,
  apes,
  horse,
  cattle,
  dog,
  butterfly,
  cicada,
  pavilion,
  tower,
  'temple-bell': templeBell,
  temple,
  'city-wall': cityWall,
  'frontier-pass': frontierPass,
  'beacon-smoke': beaconSmoke,
  bridge,
  road,
  house,
  village,
  gate,
  window,
  bed,
  lamp,
  wine,
  lute,
  flute,
  sword,
  banner,
  letter,
  mirror,
  figure,
};

/** Land and water forms the scene builder paints as the ground of the picture. */
export const LANDSCAPE_MOTIFS: ReadonlySet<string> = new Set(['mountain', 'rocks', 'river', 'lake', 'sea', 'waterfall', 'desert', 'field']);

/** Weather and light: never the shot's main subject. */
export const ATMOSPHERE_MOTIFS: ReadonlySet<string> = new Set(['cloud', 'rain', 'snow', 'frost', 'mist', 'wind', 'falling-leaves', 'petals', 'stars', 'milky-way', 'grass', 'flowers', 'road']);

export function canDraw(motif: string): boolean {
  return motif in MOTIF_PAINTERS || LANDSCAPE_MOTIFS.has(motif);
}
