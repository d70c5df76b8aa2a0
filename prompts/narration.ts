// Narration of a shot: `recite` (the verse with pause marks), a word-by-word `paraphrase` in
// modern Chinese and `translation` gloss in English (literal by design — the LLM interpreter
// writes fluent ones when it is on), and the planned duration from syllables, tempo and pauses.
import { readFileSync } from 'node:fs';
import { lexicon } from './lexicon/index.js';
import type { Caesura, Segment } from './segmentation.js';

/** The caesura mark in `recite`; TTS front-ends replace it with a short pause. */
export const CAESURA_MARK = '｜';

export interface NarratedLine {
  text: string;
  /** Closing punctuation of the line (`，` or `。` …). */
  end: string;
  caesura: Caesura;
  segments: readonly Segment[];
}

const glossData = JSON.parse(readFileSync(new URL('./data/glosses.json', import.meta.url), 'utf8')) as { words: Record<string, [string, string]> };
const GLOSSES = new Map(Object.entries(glossData.words));
const MAX_GLOSS_LENGTH = Math.max(...[...GLOSSES.keys()].map((word) => word.length));

/** The verse with `｜` at each major caesura, lines joined by their own punctuation. */
export function reciteText(lines: readonly NarratedLine[]): string {
  return lines
    .map((line) => {
      const cuts = new Set(line.caesura.major);
      let out = '';
      for (let i = 0; i < line.text.length; i++) {
        if (cuts.has(i) && i > 0) out += CAESURA_MARK;
        out += line.text[i] ?? '';
      }
      return out + line.end;
    })
    .join('');
}

/** Recitation text for a speech engine: pause marks become the engine's comma pause. */
export function reciteForSpeech(recite: string): string {
  return recite.split(CAESURA_MARK).join('，');
}

/** A piece of a line with its modern Chinese and, when known, its English gloss. */
interface GlossPiece {
  zh: string;
  en: string | undefined;
  /** Characters of the verse the piece stands for. */
  length: number;
}

/**
 * Gloss pieces of one line: runs of segments matched against the glosses, then lexicon images; a
 * single-character segment takes its own gloss; anything else stays as written, unglossed.
 */
function glossPieces(line: NarratedLine): GlossPiece[] {
  const { bySurface } = lexicon();
  const pieces: GlossPiece[] = [];
  const segments = line.segments;
  let i = 0;
  while (i < segments.length) {
    const first = segments[i];
    if (!first) break;
    let matched = false;
    for (let j = Math.min(segments.length - 1, i + 2); j >= i; j--) {
      const last = segments[j];
      if (!last) continue;
      const word = line.text.slice(first.start, last.end);
      if (word.length > MAX_GLOSS_LENGTH) continue;
      const gloss = GLOSSES.get(word);
      if (gloss) {
        pieces.push({ zh: gloss[0], en: gloss[1], length: [...word].length });
        i = j + 1;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    const word = first.text;
    const entry = bySurface.get(word);
    pieces.push({ zh: word, en: entry?.gloss, length: [...word].length });
    i += 1;
  }
  return pieces;
}

/** Word-by-word modern Chinese (a reading aid, not a literary paraphrase). */
export function paraphraseOf(lines: readonly NarratedLine[]): string {
  return lines.map((line) => glossPieces(line).map((piece) => piece.zh).join('') + (line.end === '，' ? '，' : '。')).join('');
}

/** Lines whose glossed characters are fewer than this share get no English gloss. */
const MIN_GLOSSED_SHARE = 0.5;

/**
 * Literal English gloss, lines separated by ` / `: the glossed words in order. A line mostly
 * without glosses is left out rather than garbled; undefined when no line can be glossed.
 */
export function translationOf(lines: readonly NarratedLine[]): string | undefined {
  const glossed = lines
    .map((line) => {
      const pieces = glossPieces(line);
      const total = pieces.reduce((sum, piece) => sum + piece.length, 0);
      const known = pieces.reduce((sum, piece) => sum + (piece.en ? piece.length : 0), 0);
      if (total === 0 || known / total < MIN_GLOSSED_SHARE) return undefined;
      const text = pieces
        .map((piece) => piece.en)
        .filter((en): en is string => Boolean(en))
        .join(' ');
      return text.charAt(0).toUpperCase() + text.slice(1);
    })
    .filter((text): text is string => Boolean(text));
  return glossed.length > 0 ? glossed.join(' / ') : undefined;
}

/** Seconds per recited syllable at a classical reciting pace (about 2.4 syllables a second). */
const SECONDS_PER_SYLLABLE = 0.42;
const MAJOR_PAUSE = 0.25;
const MINOR_PAUSE = 0.12;
const COMMA_PAUSE = 0.45;
const SENTENCE_PAUSE = 0.8;
/** Lead-in before the voice and hold after it, so a shot can breathe. */
const SHOT_PADDING = 1.0;
export const MIN_SHOT_SECONDS = 3;
export const MAX_SHOT_SECONDS = 60;

/** Slower for grief and longing, brisker for joy and heroism. */
const TEMPO: Record<string, number> = { grief: 1.15, longing: 1.08, melancholy: 1.08, lonely: 1.08, desolate: 1.05, joyful: 0.94, heroic: 0.92, carefree: 0.96 };

/** Planned duration of a shot's narration (audio sync sets the final value). */
export function plannedDuration(lines: readonly NarratedLine[], mood: string): number {
  let seconds = SHOT_PADDING;
  for (const line of lines) {
    const syllables = [...line.text].filter((char) => /\p{Script=Han}/u.test(char)).length || [...line.text].length;
    seconds += syllables * SECONDS_PER_SYLLABLE * (TEMPO[mood] ?? 1);
    seconds += line.caesura.major.length * MAJOR_PAUSE + line.caesura.minor.length * MINOR_PAUSE;
    seconds += line.end === '，' || line.end === '、' ? COMMA_PAUSE : SENTENCE_PAUSE;
  }
  return Math.round(Math.min(MAX_SHOT_SECONDS, Math.max(MIN_SHOT_SECONDS, seconds)) * 10) / 10;
}
