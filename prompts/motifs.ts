// The fixed vocabulary of things the offline (procedural ink-wash) renderer knows how to draw.
// Every lexicon entry names at most one motif from this list; `imagery[].motif` in a ShotPlan is
// always one of these, so a renderer can switch on it. Add motifs at the end; never rename one
// (stored plans refer to them).

export const MOTIFS = [
  // sky and weather
  'moon',
  'sun',
  'stars',
  'milky-way',
  'cloud',
  'rain',
  'snow',
  'frost',
  'mist',
  'wind',
  // falling things
  'falling-leaves',
  'petals',
  // plants
  'willow',
  'pine',
  'bamboo',
  'lotus',
  'plum',
  'maple',
  'chrysanthemum',
  'tree',
  'reeds',
  'grass',
  'flowers',
  // water craft and people on water
  'boat',
  'sail',
  'fisherman',
  'fishing-fire',
  // birds and animals
  'geese',
  'gulls',
  'egrets',
  'crows',
  'orioles',
  'swallows',
  'crane',
  'apes',
  'horse',
  'cattle',
  'dog',
  'butterfly',
  'cicada',
  // buildings and made things
  'pavilion',
  'tower',
  'temple-bell',
  'temple',
  'city-wall',
  'frontier-pass',
  'beacon-smoke',
  'bridge',
  'road',
  'house',
  'village',
  'gate',
  'window',
  'bed',
  'lamp',
  'wine',
  'lute',
  'flute',
  'sword',
  'banner',
  'letter',
  'mirror',
  // people
  'figure',
  // land and water
  'mountain',
  'rocks',
  'river',
  'lake',
  'sea',
  'waterfall',
  'desert',
  'field',
] as const;

export type Motif = (typeof MOTIFS)[number];

const motifSet: ReadonlySet<string> = new Set(MOTIFS);

export function isMotif(value: unknown): value is Motif {
  return typeof value === 'string' && motifSet.has(value);
}
