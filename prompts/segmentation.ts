// Segmentation of one verse line into words (tokens), caesura first.
//
// jieba alone is weak on verse: it swallows phrases (欲穷千里目 as one idiom) and splits imagery
// compounds (孤/帆). So we cut at the caesura first — 五言 2|3, 七言 2|2|3 — and only then run
// jieba inside each piece, with a classical user dictionary (prompts/data/classical.dict.utf8,
// hand-written) and the imagery lexicon (prompts/data/lexicon.dict.utf8, generated, weighted by
// how often poets used each word). A two-character foot stays one word (孤帆, 白帝, 月落).
//
// Lines of 词 and 曲 (and irregular 古体 lines) have no fixed meter: there jieba segments the
// whole line and only tokens that run across the expected pause points are cut there (大江东去 →
// 大江|东去), which keeps 领字 such as 对 / 念 / 渐 free to stand alone.
//
// Offsets are JavaScript string indices (UTF-16 code units), so `line.slice(start, end)` is the
// token; for the Chinese characters of classical verse that is one index per character.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodejieba from 'nodejieba';
import { lexicon } from './lexicon/index.js';
import { pairAssociation } from './verse-statistics.js';

const dataDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');
export const CLASSICAL_DICT_PATH = path.join(dataDir, 'classical.dict.utf8');
export const LEXICON_DICT_PATH = path.join(dataDir, 'lexicon.dict.utf8');

export interface Segment {
  text: string;
  /** Offset of the first character in the line. */
  start: number;
  /** Offset just past the last character: `line.slice(start, end) === text`. */
  end: number;
}

export interface Caesura {
  /** Offsets after which the main pause falls (五言: after the 2nd character; 七言: after the 4th). */
  major: number[];
  /** Lighter pauses (七言: after the 2nd character). */
  minor: number[];
}

export interface LineSegmentation {
  line: string;
  segments: Segment[];
  caesura: Caesura;
}

/**
 * `regular`: a line of 近体/古体 诗 with fixed 2|3 or 2|2|3 rhythm; `free`: 词, 曲 and irregular
 * lines, where the pause points are only a guide.
 */
export type Meter = 'regular' | 'free';

let loaded = false;

/** Loads jieba with the classical dictionaries (once per process; about a second). */
export function loadSegmenter(): void {
  if (loaded) return;
  nodejieba.load({ userDict: `${CLASSICAL_DICT_PATH}|${LEXICON_DICT_PATH}` });
  loaded = true;
}

/** Character (code point) boundaries of a string, as UTF-16 offsets: [0, …, s.length]. */
function codePointOffsets(text: string): number[] {
  const offsets = [0];
  let offset = 0;
  for (const char of text) {
    offset += char.length;
    offsets.push(offset);
  }
  return offsets;
}

/** Pause points in characters for a line of `n` characters. */
export function caesuraInCharacters(n: number): Caesura {
  if (n <= 3) return { major: [], minor: [] };
  if (n === 4) return { major: [2], minor: [] };
  if (n === 5) return { major: [2], minor: [] };
  if (n === 6) return { major: [2, 4], minor: [] };
  if (n === 7) return { major: [4], minor: [2] };
  // Long 词 / 曲 lines: a 7-character tail (2|2|3) after a head that is cut the same way.
  const head = n - 7;
  const inner = caesuraInCharacters(head);
  return {
    major: [...inner.major, head, head + 4],
    minor: [...inner.minor, head + 2],
  };
}

/** Pause points for a line, as string offsets. */
export function caesuraFor(line: string): Caesura {
  const offsets = codePointOffsets(line);
  const inCharacters = caesuraInCharacters(offsets.length - 1);
  const toOffset = (position: number): number => offsets[position] ?? line.length;
  return { major: inCharacters.major.map(toOffset), minor: inCharacters.minor.map(toOffset) };
}

/** jieba's cut of `text`, or one token per character if jieba's tokens do not rebuild the text. */
function jiebaCut(text: string): string[] {
  if (text.length === 0) return [];
  loadSegmenter();
  const words = nodejieba.cut(text).filter((word) => word.length > 0);
  if (words.join('') === text) return words;
  return [...text];
}

let classicalWords: ReadonlySet<string> | undefined;

/** Is `word` a word we know from verse (lexicon or classical dictionary)? */
export function isKnownVerseWord(word: string): boolean {
  classicalWords ??= new Set(
    readFileSync(CLASSICAL_DICT_PATH, 'utf8')
      .split('\n')
      .map((row) => row.split(' ')[0] ?? '')
      .filter((word) => word.length > 0),
  );
  return lexicon().bySurface.has(word) || classicalWords.has(word);
}

const NUMERALS: ReadonlySet<string> = new Set('一二三四五六七八九十百千万两几数半');
/** Measure words and counted units of time and distance that bind to a preceding number. */
const MEASURES: ReadonlySet<string> = new Set('杯片层行叶枝点声曲尊壶盏春秋月年日岁更尺丈里重峰条只双番回度遍时朝代');

/** A pair jieba's own dictionary knows as a word. */
function jiebaKnows(pair: string): boolean {
  return jiebaCut(pair).length === 1;
}

/** Extra weight of a pair jieba knows as a word, against the corpus association of the other pair. */
const JIEBA_WORD_BONUS = 1;
/** Association assumed for a pair too rare in the corpus to measure. */
const RARE_PAIR_ASSOCIATION = 0;

/**
 * Segments of a three-character piece (the tail of a 五言 or 七言 line), which divides 2|1 or 1|2:
 * a verse word (lexicon or classical dictionary) decides first (明月|光, 望|明月); then how strongly
 * each pair belongs together in classical verse, with a bonus for a pair jieba knows (依山|尽,
 * 人|未还); a three-character verse word stays whole (寒山寺).
 */
function segmentTail(piece: string): string[] {
  const chars = [...piece];
  if (chars.length !== 3) return jiebaCut(piece);
  if (isKnownVerseWord(piece)) return [piece];
  const [a = '', b = '', c = ''] = chars;
  const first = a + b;
  const last = b + c;
  // A number stays whole, and so does a number with its measure (三千|尺, 八十|寺, 一杯|酒, 三春|晖).
  if (NUMERALS.has(a) && (NUMERALS.has(b) || MEASURES.has(b))) return [first, c];
  const firstIsVerse = isKnownVerseWord(first);
  const lastIsVerse = isKnownVerseWord(last);
  if (firstIsVerse !== lastIsVerse) return firstIsVerse ? [first, c] : [a, last];
  const firstAssociation = pairAssociation(first);
  const lastAssociation = pairAssociation(last);
  // Neither pair is common in verse: a single verb or noun then a two-character word (花|溅泪).
  if (firstAssociation === undefined && lastAssociation === undefined && !jiebaKnows(first) && !jiebaKnows(last)) return [a, last];
  const score = (association: number | undefined, pair: string) => (association ?? RARE_PAIR_ASSOCIATION) + (jiebaKnows(pair) ? JIEBA_WORD_BONUS : 0);
  return score(firstAssociation, first) >= score(lastAssociation, last) ? [first, c] : [a, last];
}

function segmentRegular(line: string, caesura: Caesura): string[] {
  const cuts = [...new Set([...caesura.major, ...caesura.minor])].sort((a, b) => a - b);
  const bounds = [0, ...cuts, line.length];
  const words: string[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const piece = line.slice(bounds[i], bounds[i + 1]);
    const n = [...piece].length;
    if (n === 0) continue;
    if (n <= 2) words.push(piece);
    else if (n === 3) words.push(...segmentTail(piece));
    else words.push(...jiebaCut(piece));
  }
  return words;
}

/** AABB reduplication (寻寻觅觅, 冷冷清清): two doubled characters. */
function splitReduplication(word: string): string[] | undefined {
  const chars = [...word];
  if (chars.length === 4 && chars[0] === chars[1] && chars[2] === chars[3] && chars[0] !== chars[2]) {
    return [chars.slice(0, 2).join(''), chars.slice(2).join('')];
  }
  if (chars.length === 6 && chars[0] === chars[1] && chars[2] === chars[3] && chars[4] === chars[5]) {
    return [chars.slice(0, 2).join(''), chars.slice(2, 4).join(''), chars.slice(4).join('')];
  }
  return undefined;
}

/** Cuts `word` (at `start` in the line) at every pause point strictly inside it. */
function cutAtPauses(line: string, word: string, start: number, cuts: readonly number[]): string[] {
  const end = start + word.length;
  const inside = cuts.filter((cut) => cut > start && cut < end);
  if (inside.length === 0) return [word];
  const bounds = [start, ...inside, end];
  const pieces: string[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const piece = line.slice(bounds[i], bounds[i + 1]);
    pieces.push(...([...piece].length === 3 ? segmentTail(piece) : [piece]));
  }
  return pieces;
}

/**
 * In a line of four or six characters (2|2 or 2|2|2, firm in 词 too), a two-character foot that
 * jieba left as two single characters is one word (晓风|残月, 梧桐|更兼|细雨).
 */
function joinSingleFeet(line: string, words: string[], cuts: readonly number[]): string[] {
  const n = [...line].length;
  if ((n !== 4 && n !== 6) || n !== line.length) return words;
  const feet = new Set([0, ...cuts]);
  const joined: string[] = [];
  let offset = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const next = words[i + 1];
    if (word.length === 1 && next?.length === 1 && feet.has(offset) && feet.has(offset + 2)) {
      joined.push(word + next);
      offset += 2;
      i += 1;
      continue;
    }
    joined.push(word);
    offset += word.length;
  }
  return joined;
}

function segmentFree(line: string, caesura: Caesura): string[] {
  const cuts = [...new Set([...caesura.major, ...caesura.minor])].sort((a, b) => a - b);
  if ([...line].length === 3) return segmentTail(line);
  const words: string[] = [];
  let offset = 0;
  for (const word of jiebaCut(line)) {
    const start = offset;
    offset += word.length;
    const crossesPause = cuts.some((cut) => cut > start && cut < start + word.length);
    // A long token across a pause point is a swallowed phrase (前不见古人, 一江春水向东流): re-cut it
    // with words of at most three characters, then at the pause points if a piece still spans one.
    if (!crossesPause || [...word].length < 4 || isKnownVerseWord(word)) {
      words.push(word);
      continue;
    }
    const reduplicated = splitReduplication(word);
    if (reduplicated) {
      words.push(...reduplicated);
      continue;
    }
    loadSegmenter();
    const small = nodejieba.cutSmall(word, 3);
    const pieces = small.join('') === word ? small : [...word];
    let pieceStart = start;
    for (const piece of pieces) {
      words.push(...([...piece].length >= 3 ? cutAtPauses(line, piece, pieceStart, cuts) : [piece]));
      pieceStart += piece.length;
    }
  }
  return joinSingleFeet(line, words, cuts);
}

/** Segments one line. Never throws; the segments always rebuild the line exactly. */
export function segmentLine(line: string, meter: Meter = 'regular'): LineSegmentation {
  const caesura = caesuraFor(line);
  const n = codePointOffsets(line).length - 1;
  const words = meter === 'regular' && (n === 5 || n === 7) ? segmentRegular(line, caesura) : segmentFree(line, caesura);
  const segments: Segment[] = [];
  let offset = 0;
  for (const text of words) {
    segments.push({ text, start: offset, end: offset + text.length });
    offset += text.length;
  }
  return { line, segments, caesura };
}

/**
 * jieba's part-of-speech tag for one word (`n` noun, `ns` place name, `nr` person name, `v` verb …),
 * or `x` when jieba does not see the word as a single token.
 */
export function partOfSpeech(word: string): string {
  if (word.length === 0) return 'x';
  loadSegmenter();
  const tagged = nodejieba.tag(word);
  const only = tagged.length === 1 ? tagged[0] : undefined;
  return only && only.word === word ? only.tag : 'x';
}
