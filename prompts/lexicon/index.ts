// The imagery lexicon (意象): readable JSON data, one file per category, loaded and checked once.
// Each entry says what a term looks like on screen (English and Chinese), what it means in the
// tradition, which season / time of day / weather / kind of place it suggests, how big it is in the
// frame, which motif the offline renderer draws for it, and notes that keep the visual true to
// the period. `also` lists other spellings that share the entry's visual.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MOTIFS } from '../motifs.js';
import { Season, TimeOfDay } from '../shot-plan.js';

export const LEXICON_CATEGORIES = {
  'sky-weather': 'sky',
  'land-water': 'land',
  plants: 'plant',
  creatures: 'creature',
  'things-buildings': 'thing',
  people: 'person',
  places: 'place',
} as const;

export type LexiconCategory = (typeof LEXICON_CATEGORIES)[keyof typeof LEXICON_CATEGORIES];

export const WEATHERS = ['clear', 'cloudy', 'rain', 'snow', 'frost', 'mist', 'wind', 'dust'] as const;
export const PLACE_KINDS = ['river', 'lake', 'sea', 'mountain', 'frontier', 'city', 'courtyard', 'interior', 'garden', 'field', 'temple', 'road', 'sky'] as const;
/**
 * How an image sits in the frame, which drives camera and composition: `vast` (a whole landscape
 * or sky), `tall` (heights: peaks, towers, waterfalls), `flowing` (rivers and roads that lead the
 * eye), `deep` (layered depth: valleys, courtyards, paths into hills), `near` (a boat, a tree, a
 * pavilion), `detail` (a cup, a hairpin, a blossom), `figure` (people).
 */
export const SCALES = ['vast', 'tall', 'flowing', 'deep', 'near', 'detail', 'figure'] as const;
export type Scale = (typeof SCALES)[number];

const ENTRY_SEASONS = Season.options.filter((s) => s !== 'unspecified') as [string, ...string[]];
const ENTRY_TIMES = TimeOfDay.options.filter((t) => t !== 'unspecified') as [string, ...string[]];

export const LexiconEntrySchema = z
  .object({
    term: z.string().regex(/^\p{Script=Han}+$/u),
    also: z.array(z.string().regex(/^\p{Script=Han}+$/u)).optional(),
    en: z.string().min(3),
    zh: z.string().min(1),
    gloss: z.string().min(1),
    symbolism: z.string(),
    season: z.enum(ENTRY_SEASONS as [string, ...string[]]).optional(),
    time: z.enum(ENTRY_TIMES as [string, ...string[]]).optional(),
    weather: z.enum(WEATHERS).optional(),
    place: z.enum(PLACE_KINDS).optional(),
    scale: z.enum(SCALES),
    motif: z.enum(MOTIFS).optional(),
    mood: z.string().optional(),
    notes: z.string().optional(),
  })
  .strict();

export type LexiconEntryData = z.infer<typeof LexiconEntrySchema>;

export interface LexiconEntry extends LexiconEntryData {
  category: LexiconCategory;
}

export interface Lexicon {
  entries: readonly LexiconEntry[];
  /** Every surface form (term and `also`) → its entry. */
  bySurface: ReadonlyMap<string, LexiconEntry>;
  /** Length of the longest surface form, for longest-match scanning. */
  maxLength: number;
}

function loadCategory(file: string, category: LexiconCategory): LexiconEntry[] {
  const url = new URL(`./${file}.json`, import.meta.url);
  const raw: unknown = JSON.parse(readFileSync(url, 'utf8'));
  const parsed = z.array(LexiconEntrySchema).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`prompts/lexicon/${file}.json: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data.map((entry) => ({ ...entry, category }));
}

/** Builds the lexicon from the category files; throws on a malformed file or a duplicated surface form. */
export function buildLexicon(): Lexicon {
  const entries: LexiconEntry[] = [];
  for (const [file, category] of Object.entries(LEXICON_CATEGORIES)) entries.push(...loadCategory(file, category));
  const bySurface = new Map<string, LexiconEntry>();
  let maxLength = 1;
  for (const entry of entries) {
    for (const surface of [entry.term, ...(entry.also ?? [])]) {
      const previous = bySurface.get(surface);
      if (previous) throw new Error(`lexicon: "${surface}" appears in both "${previous.term}" and "${entry.term}"`);
      bySurface.set(surface, entry);
      maxLength = Math.max(maxLength, [...surface].length);
    }
  }
  return { entries, bySurface, maxLength };
}

let cached: Lexicon | undefined;

/** The lexicon, loaded once per process. */
export function lexicon(): Lexicon {
  cached ??= buildLexicon();
  return cached;
}
