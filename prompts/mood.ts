// Mood: what a line or poem feels, kept separate from what the scene shows. Read from feeling
// words in the verse (愁, 泪, 闲 …) first and from the symbolism of its images second; the poem's
// mood colours lines that say nothing of feeling (scene carries feeling: 情景交融).
import { readFileSync } from 'node:fs';

interface MoodData {
  moods: Record<string, { zh: string; treatment: string; words: string[] }>;
  default: string;
}

const moodData = JSON.parse(readFileSync(new URL('./data/moods.json', import.meta.url), 'utf8')) as MoodData;

/** The mood vocabulary (values of `shot.mood`). */
export const MOODS = Object.keys(moodData.moods);
export const DEFAULT_MOOD = moodData.default;

export function moodZh(mood: string): string {
  return moodData.moods[mood]?.zh ?? mood;
}

/** How a frame shows the mood (palette, emptiness, weather), for prompts. */
export function moodTreatment(mood: string): string {
  return moodData.moods[mood]?.treatment ?? '';
}

/** Feeling words, longest first, with their mood. */
const moodWords: [string, string][] = Object.entries(moodData.moods)
  .flatMap(([mood, { words }]) => words.map((word): [string, string] => [word, mood]))
  .sort((a, b) => b[0].length - a[0].length);

export type MoodScores = Map<string, number>;

/** Scores of each mood from the feeling words in `text` (longest match, each character used once). */
export function moodScoresOfText(text: string): MoodScores {
  const scores: MoodScores = new Map();
  const used = new Array<boolean>(text.length).fill(false);
  for (const [word, mood] of moodWords) {
    let from = text.indexOf(word);
    while (from !== -1) {
      const span = used.slice(from, from + word.length);
      if (!span.some(Boolean)) {
        for (let k = from; k < from + word.length; k++) used[k] = true;
        scores.set(mood, (scores.get(mood) ?? 0) + 1 + (word.length > 1 ? 0.5 : 0));
      }
      from = text.indexOf(word, from + word.length);
    }
  }
  return scores;
}

export function addScores(into: MoodScores, from: MoodScores, weight = 1): MoodScores {
  for (const [mood, score] of from) into.set(mood, (into.get(mood) ?? 0) + score * weight);
  return into;
}

/** The strongest mood, ties broken by the vocabulary order; undefined when nothing scored. */
export function strongestMood(scores: MoodScores): string | undefined {
  let best: string | undefined;
  let bestScore = 0;
  for (const mood of MOODS) {
    const score = scores.get(mood) ?? 0;
    if (score > bestScore) {
      best = mood;
      bestScore = score;
    }
  }
  return best;
}
