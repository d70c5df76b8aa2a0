// The ShotPlan: the contract between prompts/ (which writes it), activities/ (which renders
// it) and console/ (which shows it). Validated with zod at every boundary. Bump
// SHOT_PLAN_SCHEMA_VERSION on any incompatible change.
import { z } from 'zod';
import { MOTIFS } from './motifs.js';

export { MOTIFS };

export const SHOT_PLAN_SCHEMA_VERSION = 1;

export const TimeOfDay = z.enum(['dawn', 'morning', 'noon', 'afternoon', 'dusk', 'night', 'unspecified']);
export const Season = z.enum(['spring', 'summer', 'autumn', 'winter', 'unspecified']);
export const CameraMove = z.enum(['static', 'push-in', 'pull-out', 'pan-left', 'pan-right', 'tilt-up', 'tilt-down', 'crane-up', 'crane-down']);
export const ShotSize = z.enum(['extreme-wide', 'wide', 'medium', 'close-up', 'extreme-close-up']);
export const Look = z.enum(['ink-wash', 'gongbi', 'blue-green']);
export const Aspect = z.enum(['9:16', '16:9']);

export const ImageryItem = z.object({
  /** The words that asked for this image, exactly as they appear in the line. */
  term: z.string().min(1),
  visual: z.string().min(1),
  symbolism: z.string(),
  /** Index into poem.lines; `lines[line].slice(start, end) === term`. */
  line: z.number().int().min(0),
  start: z.number().int().min(0),
  end: z.number().int().min(1),
  /** What the offline renderer draws for it, when it has a motif: one of `MOTIFS` (prompts/motifs.ts). */
  motif: z.string().optional(),
  /** Lexicon category (`sky`, `land`, `water`, `plant`, `creature`, `thing`, `building`, `person`, `place`), or `unknown` for the fallback. */
  category: z.string().optional(),
  /** `lexicon` (a known image), `fallback` (a noun the lexicon lacks, generic visual) or `llm`. */
  source: z.enum(['lexicon', 'fallback', 'llm']).optional(),
  /** Chinese visual description (for `promptZh`). */
  visualZh: z.string().optional(),
});

/** 起承转合: the role of a shot in the poem's structure (the turn changes shot size or direction). */
export const StructureRole = z.enum(['open', 'continue', 'turn', 'close']);
/** Guo Xi's three distances: 高远 looking up at heights, 深远 into depth behind, 平远 across flat distance. */
export const Composition = z.enum(['high-distance', 'deep-distance', 'level-distance']);

/** Prosody of one poem line: used for narration pauses and timing. */
export const LineProsody = z.object({
  line: z.number().int().min(0),
  /** Pinyin with tone marks, one per character (empty string for a non-Han character). */
  pinyin: z.array(z.string()),
  /** 平仄 per character: `平`, `仄`, or `?` when unknown; 入声 characters count as 仄. */
  tones: z.string(),
  /** Character offsets after which the reciter pauses: major (the caesura) and minor. */
  caesura: z.object({ major: z.array(z.number().int().min(1)), minor: z.array(z.number().int().min(1)) }),
  /** The line's last character, its rhyme group, and whether it rhymes with the poem's main rhyme. */
  rhyme: z.object({ char: z.string(), group: z.string(), rhymes: z.boolean() }).nullable(),
});

export const Shot = z.object({
  index: z.number().int().min(0),
  lineIndexes: z.array(z.number().int().min(0)).min(1),
  text: z.string().min(1),
  segments: z.array(z.string().min(1)),
  imagery: z.array(ImageryItem),
  setting: z.object({
    timeOfDay: TimeOfDay,
    season: Season,
    /** `clear`, `cloudy`, `rain`, `snow`, `frost`, `mist`, `wind`, `dust` or `unspecified`. */
    weather: z.string(),
    /** Kind of place: `river`, `lake`, `sea`, `mountain`, `frontier`, `city`, `courtyard`, `interior`, `garden`, `field`, `temple`, `road`, `sky` or `unspecified`. */
    place: z.string(),
    /** A named place from the poem (长安, 黄鹤楼 …), when there is one. */
    placeName: z.string().optional(),
  }),
  camera: z.object({ move: CameraMove, shotSize: ShotSize }),
  /** One of `MOODS` (prompts/mood.ts); kept separate from the scene, shown through palette, emptiness and weather. */
  mood: z.string(),
  role: StructureRole.optional(),
  composition: Composition.optional(),
  prosody: z.array(LineProsody).optional(),
  /** Images established by earlier shots that stay in view (the same moon, boat, palette), traced to their words. */
  continuity: z.object({ carryOver: z.array(ImageryItem) }).optional(),
  prompt: z.string().min(1),
  promptZh: z.string().min(1),
  negativePrompt: z.string(),
  /** `recite` is the line with pause marks: `｜` at the caesura; `，`/`。` between lines. */
  narration: z.object({ recite: z.string().min(1), paraphrase: z.string().optional(), translation: z.string().optional() }),
  durationSec: z.number().positive().max(60),
});

export const ShotPlan = z
  .object({
    schemaVersion: z.literal(SHOT_PLAN_SCHEMA_VERSION),
    poem: z.object({
      id: z.string().nullable(),
      title: z.string(),
      author: z.string(),
      dynasty: z.string(),
      form: z.string(),
      lines: z.array(z.string().min(1)).min(1),
      linesTraditional: z.array(z.string().min(1)).min(1),
    }),
    style: z.object({
      look: Look,
      palette: z.string(),
      aspect: Aspect,
      fps: z.number().int().min(1).max(60),
      resolution: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }),
    }),
    shots: z.array(Shot).min(1),
    /** How the plan was made, and why an LLM refinement was not used when it was asked for. */
    interpreter: z
      .object({ kind: z.enum(['deterministic', 'llm']), fallbackReason: z.string().optional(), model: z.string().optional() })
      .optional(),
  })
  .superRefine((plan, ctx) => {
    const check = (item: { term: string; line: number; start: number; end: number }, path: (string | number)[]) => {
      const line = plan.poem.lines[item.line];
      if (line === undefined || line.slice(item.start, item.end) !== item.term) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path,
          message: `imagery "${item.term}" does not match line ${item.line} at ${item.start}–${item.end}`,
        });
      }
    };
    plan.shots.forEach((shot, s) => {
      shot.imagery.forEach((item, i) => check(item, ['shots', s, 'imagery', i]));
      shot.continuity?.carryOver.forEach((item, i) => check(item, ['shots', s, 'continuity', 'carryOver', i]));
    });
  });

/**
 * Problems with how shots cover the poem: every line must belong to exactly one shot, and shots
 * must be numbered 0…n-1 in order. Returns human-readable problems (empty when the plan is sound).
 */
export function lineCoverageProblems(plan: Pick<ShotPlan, 'poem' | 'shots'>): string[] {
  const problems: string[] = [];
  const owner = new Map<number, number>();
  plan.shots.forEach((shot, s) => {
    if (shot.index !== s) problems.push(`shot ${s} has index ${shot.index}`);
    for (const line of shot.lineIndexes) {
      if (line >= plan.poem.lines.length) problems.push(`shot ${s} covers line ${line}, which does not exist`);
      else if (owner.has(line)) problems.push(`line ${line} is covered by shots ${owner.get(line)} and ${s}`);
      else owner.set(line, s);
    }
  });
  plan.poem.lines.forEach((_, line) => {
    if (!owner.has(line)) problems.push(`line ${line} is not covered by any shot`);
  });
  return problems;
}

export type ShotPlan = z.infer<typeof ShotPlan>;
export type Shot = z.infer<typeof Shot>;
export type ImageryItem = z.infer<typeof ImageryItem>;
export type LineProsody = z.infer<typeof LineProsody>;
export type StructureRole = z.infer<typeof StructureRole>;
export type Composition = z.infer<typeof Composition>;
