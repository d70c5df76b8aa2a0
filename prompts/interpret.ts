// Entry point: a poem in, a ShotPlan out. Pure and deterministic (dictionaries and data files are
// loaded once per process; nothing else is read, and no clock or randomness is used).
//
//   verse lines → segmentation (caesura first) → prosody → imagery (lexicon + fallback)
//   → setting (with continuity) → mood → shots (起承转合, camera, 三远, continuity)
//   → narration and prompts → validated ShotPlan
//
// The optional LLM refinement is separate and asynchronous: see llm-interpreter.ts.
import * as OpenCC from 'opencc-js';
import { formOf } from './form.js';
import { extractImagery, type ExtractedImage } from './imagery.js';
import { addScores, DEFAULT_MOOD, moodScoresOfText, strongestMood, type MoodScores } from './mood.js';
import { paraphraseOf, plannedDuration, reciteText, translationOf, type NarratedLine } from './narration.js';
import { paletteFor } from './palettes.js';
import { PoemInputError, splitVerseLines, type VerseLine } from './poem-input.js';
import { analyseProsody } from './prosody.js';
import { shotPrompts } from './provider-prompts.js';
import { segmentLine, type LineSegmentation } from './segmentation.js';
import { settingOfLine, settingsOfPoem } from './setting.js';
import { compositionOf, continuityOf, groupLines, planCamera, roleOf } from './shot-planner.js';
import { SHOT_PLAN_SCHEMA_VERSION, ShotPlan, type ImageryItem, type Shot } from './shot-plan.js';

export interface PoemToInterpret {
  id: string | null;
  title: string;
  author: string;
  dynasty: string;
  form?: string;
  /** Simplified text: one entry per line or per sentence (punctuation allowed; it is split on). */
  lines: string[];
  linesTraditional?: string[];
}

export interface InterpretOptions {
  aspect?: '9:16' | '16:9';
  look?: 'ink-wash' | 'gongbi' | 'blue-green';
  fps?: number;
}

const RESOLUTIONS = { '9:16': { width: 720, height: 1280 }, '16:9': { width: 1280, height: 720 } } as const;
const DEFAULT_FPS = 24;

type Converter = (text: string) => string;
let toTraditional: Converter | undefined;
let toSimplified: Converter | undefined;

function traditionalOf(text: string): string {
  const convert = (toTraditional ??= OpenCC.Converter({ from: 'cn', to: 't' }));
  return convert(text);
}

function simplifiedOf(text: string): string {
  const convert = (toSimplified ??= OpenCC.Converter({ from: 't', to: 'cn' }));
  return convert(text);
}

/**
 * Simplified lines for analysis. Pasted Traditional text is converted (and kept as the
 * Traditional lines); Simplified text passes unchanged.
 */
function normaliseScripts(poem: PoemToInterpret): { simplified: VerseLine[]; traditional: string[] } {
  const given = splitVerseLines(poem.lines);
  if (given.length === 0) {
    throw new PoemInputError('empty', 'The poem has no lines with text.');
  }
  const joined = given.map((line) => line.text).join('');
  const converted = simplifiedOf(joined);
  let changed = 0;
  for (let i = 0; i < joined.length; i++) if (joined[i] !== converted[i]) changed++;
  const looksTraditional = converted.length === joined.length && changed >= Math.max(2, Math.ceil(joined.length * 0.03));
  const simplified = looksTraditional ? given.map((line) => ({ ...line, text: simplifiedOf(line.text) })) : given;
  const sameShape = (candidate: string[]) =>
    candidate.length === simplified.length && candidate.every((text, i) => text.length > 0 && [...text].length === [...(simplified[i]?.text ?? '')].length);
  const declaredTraditional = poem.linesTraditional ? splitVerseLines(poem.linesTraditional).map((line) => line.text) : undefined;
  let traditional: string[];
  if (declaredTraditional && sameShape(declaredTraditional)) traditional = declaredTraditional;
  else if (looksTraditional) traditional = given.map((line) => line.text);
  else traditional = simplified.map((line) => traditionalOf(line.text));
  if (!sameShape(traditional)) traditional = simplified.map((line) => traditionalOf(line.text));
  return { simplified, traditional };
}

function moodOfImages(images: readonly ExtractedImage[]): MoodScores {
  const scores: MoodScores = new Map();
  for (const image of images) {
    const mood = image.entry?.mood;
    if (mood) scores.set(mood, (scores.get(mood) ?? 0) + 0.5);
  }
  return scores;
}

function withTranslation(translation: string | undefined): { translation?: string } {
  return translation ? { translation } : {};
}

function toItem(image: ExtractedImage): ImageryItem {
  const { entry: _entry, scale: _scale, ...item } = image;
  return item;
}

/** Interprets a poem into a validated ShotPlan. Throws PoemInputError when there is no verse. */
export function interpretPoem(poem: PoemToInterpret, options: InterpretOptions = {}): ShotPlan {
  const aspect = options.aspect ?? '9:16';
  const look = options.look ?? 'ink-wash';
  const { simplified: verse, traditional } = normaliseScripts(poem);
  const lines = verse.map((line) => line.text);
  const form = formOf(lines, poem.form);

  const segmentations: LineSegmentation[] = lines.map((line) => segmentLine(line, form.kind === 'shi' ? 'regular' : 'free'));
  const prosody = analyseProsody(
    lines,
    segmentations.map((segmentation) => segmentation.caesura),
  );
  const imagesByLine = lines.map((line, index) => extractImagery(line, index, segmentations[index]?.segments ?? []));
  const settingsByLine = settingsOfPoem(lines.map((line, index) => settingOfLine(line, imagesByLine[index] ?? [])));

  // Mood: feeling words first, the symbolism of images second; the poem's mood fills silent lines.
  // Feeling words inside a place name are not feelings (寒 in 寒山寺).
  const feelingByLine = lines.map((line, index) => {
    let text = line;
    for (const image of imagesByLine[index] ?? []) {
      if (image.category === 'place' || (image.source === 'fallback' && image.scale === 'vast')) {
        text = text.slice(0, image.start) + '\u3000'.repeat(image.end - image.start) + text.slice(image.end);
      }
    }
    return moodScoresOfText(text);
  });
  const poemScores: MoodScores = new Map();
  lines.forEach((_, index) => {
    addScores(poemScores, feelingByLine[index] ?? new Map());
    addScores(poemScores, moodOfImages(imagesByLine[index] ?? []));
  });
  const poemMood = strongestMood(poemScores) ?? DEFAULT_MOOD;
  const poemHasFeeling = feelingByLine.some((scores) => [...scores.values()].some((score) => score >= 1));

  const groups = groupLines(verse, form.kind);
  const analysed = groups.map((lineIndexes, shotIndex) => {
    const images = lineIndexes.flatMap((index) => imagesByLine[index] ?? []);
    const feeling: MoodScores = new Map();
    for (const index of lineIndexes) addScores(feeling, feelingByLine[index] ?? new Map());
    const emotional = [...feeling.values()].some((score) => score >= 1);
    // A line that names a feeling sets its own mood; a line of pure scene takes the poem's mood
    // (its images' symbolism only decides when the whole poem names no feeling).
    const mood = emotional ? (strongestMood(addScores(new Map(feeling), moodOfImages(images))) ?? poemMood) : poemHasFeeling ? poemMood : (strongestMood(moodOfImages(images)) ?? poemMood);
    const lastLine = lineIndexes[lineIndexes.length - 1] ?? 0;
    // A shot's setting is its last line's (the scene the shot settles on), named place from any line.
    const lineSettings = lineIndexes.map((index) => settingsByLine[index]).filter((setting) => setting !== undefined);
    const placeName = lineSettings.find((setting) => setting.placeName)?.placeName;
    const base = settingsByLine[lastLine] ?? { timeOfDay: 'unspecified', season: 'unspecified', weather: 'unspecified', place: 'unspecified' };
    const { placeName: _ignored, ...rest } = base;
    const setting = placeName ? { ...rest, placeName } : rest;
    const text = lineIndexes.map((index, k) => (verse[index]?.text ?? '') + (k < lineIndexes.length - 1 ? (verse[index]?.end ?? '，') : '')).join('');
    return { lineIndexes, images, emotional, mood, setting, text, role: roleOf(shotIndex, groups.length) };
  });

  const continuity = continuityOf(analysed.map((shot) => ({ images: shot.images, setting: shot.setting })));
  let previousCamera: Shot['camera'] | undefined;
  const shots: Shot[] = analysed.map((shot, index) => {
    const camera = planCamera(shot, previousCamera);
    previousCamera = camera;
    const composition = compositionOf(shot, camera);
    const carryOver = continuity[index] ?? [];
    const narrated: NarratedLine[] = shot.lineIndexes.map((lineIndex) => ({
      text: lines[lineIndex] ?? '',
      end: verse[lineIndex]?.end ?? '。',
      caesura: segmentations[lineIndex]?.caesura ?? { major: [], minor: [] },
      segments: segmentations[lineIndex]?.segments ?? [],
    }));
    const prompts = shotPrompts({
      look,
      aspect,
      dynasty: poem.dynasty,
      imagery: shot.images.map((image) => ({ visual: image.visual, ...(image.visualZh ? { visualZh: image.visualZh } : {}), ...(image.entry?.notes ? { notes: image.entry.notes } : {}) })),
      carryOver,
      setting: shot.setting,
      camera,
      composition,
      mood: shot.mood,
      text: shot.text,
    });
    return {
      index,
      lineIndexes: shot.lineIndexes,
      text: shot.text,
      segments: shot.lineIndexes.flatMap((lineIndex) => segmentations[lineIndex]?.segments.map((segment) => segment.text) ?? []),
      imagery: shot.images.map(toItem),
      setting: shot.setting,
      camera,
      mood: shot.mood,
      role: shot.role,
      composition,
      prosody: shot.lineIndexes.map((lineIndex) => prosody.lines[lineIndex]).filter((line) => line !== undefined),
      continuity: { carryOver },
      ...prompts,
      narration: { recite: reciteText(narrated), paraphrase: paraphraseOf(narrated), ...withTranslation(translationOf(narrated)) },
      durationSec: plannedDuration(narrated, shot.mood),
    };
  });

  const plan: ShotPlan = {
    schemaVersion: SHOT_PLAN_SCHEMA_VERSION,
    poem: { id: poem.id, title: poem.title, author: poem.author, dynasty: poem.dynasty, form: form.name, lines, linesTraditional: traditional },
    style: {
      look,
      palette: paletteFor(
        shots.map((shot) => shot.setting as Parameters<typeof paletteFor>[0][number]),
        poemMood,
      ),
      aspect,
      fps: options.fps ?? DEFAULT_FPS,
      resolution: { ...RESOLUTIONS[aspect] },
    },
    shots,
    interpreter: { kind: 'deterministic' },
  };
  return ShotPlan.parse(plan);
}
