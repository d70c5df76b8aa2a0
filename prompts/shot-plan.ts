// The ShotPlan: the contract between prompts/ (which writes it), activities/ (which renders
// it) and console/ (which shows it). Validated with zod at every boundary. Bump
// SHOT_PLAN_SCHEMA_VERSION on any incompatible change.
import { z } from 'zod';

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
  /** What the offline renderer draws for it (e.g. `moon`, `boat`), when it has a motif. */
  motif: z.string().optional(),
});

export const Shot = z.object({
  index: z.number().int().min(0),
  lineIndexes: z.array(z.number().int().min(0)).min(1),
  text: z.string().min(1),
  segments: z.array(z.string().min(1)),
  imagery: z.array(ImageryItem),
  setting: z.object({ timeOfDay: TimeOfDay, season: Season, weather: z.string(), place: z.string() }),
  camera: z.object({ move: CameraMove, shotSize: ShotSize }),
  mood: z.string(),
  prompt: z.string().min(1),
  promptZh: z.string().min(1),
  negativePrompt: z.string(),
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
    interpreter: z.object({ kind: z.enum(['deterministic', 'llm']), fallbackReason: z.string().optional() }).optional(),
  })
  .superRefine((plan, ctx) => {
    plan.shots.forEach((shot, s) => {
      shot.imagery.forEach((item, i) => {
        const line = plan.poem.lines[item.line];
        if (line === undefined || line.slice(item.start, item.end) !== item.term) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ['shots', s, 'imagery', i],
            message: `imagery "${item.term}" does not match line ${item.line} at ${item.start}–${item.end}`,
          });
        }
      });
    });
  });

export type ShotPlan = z.infer<typeof ShotPlan>;
export type Shot = z.infer<typeof Shot>;
export type ImageryItem = z.infer<typeof ImageryItem>;
