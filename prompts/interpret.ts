// Entry point: a poem in, a ShotPlan out. Pure and deterministic.
// (First, simple version: one shot per line; the full interpreter replaces the internals, the
// signature stays.)
import { ShotPlan, SHOT_PLAN_SCHEMA_VERSION } from './shot-plan.js';

export interface PoemToInterpret {
  id: string | null;
  title: string;
  author: string;
  dynasty: string;
  form?: string;
  lines: string[];
  linesTraditional?: string[];
}

export interface InterpretOptions {
  aspect?: '9:16' | '16:9';
  look?: 'ink-wash' | 'gongbi' | 'blue-green';
}

export function interpretPoem(poem: PoemToInterpret, options: InterpretOptions = {}): ShotPlan {
  const aspect = options.aspect ?? '9:16';
  const lines = poem.lines.flatMap((l) => l.split(/[，。！？；、,.!?;\s]+/u)).filter((l) => l.length > 0);
  const plan: ShotPlan = {
    schemaVersion: SHOT_PLAN_SCHEMA_VERSION,
    poem: { id: poem.id, title: poem.title, author: poem.author, dynasty: poem.dynasty, form: poem.form ?? '', lines, linesTraditional: lines },
    style: {
      look: options.look ?? 'ink-wash',
      palette: 'ink',
      aspect,
      fps: 24,
      resolution: aspect === '9:16' ? { width: 720, height: 1280 } : { width: 1280, height: 720 },
    },
    shots: lines.map((line, index) => ({
      index,
      lineIndexes: [index],
      text: line,
      segments: [...line],
      imagery: [],
      setting: { timeOfDay: 'unspecified', season: 'unspecified', weather: 'unspecified', place: 'unspecified' },
      camera: { move: 'static', shotSize: 'wide' },
      mood: 'serene',
      prompt: `Chinese ink-wash painting illustrating the verse line “${line}”`,
      promptZh: `水墨画：${line}`,
      negativePrompt: 'text, watermark, modern objects',
      narration: { recite: line },
      durationSec: 4,
    })),
    interpreter: { kind: 'deterministic' },
  };
  return ShotPlan.parse(plan);
}
