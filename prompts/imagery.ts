// Extraction of imagery from one segmented line: every visual element traces back to the words
// that asked for it (`line.slice(start, end) === term`).
//
// 1. Longest match of consecutive segments against the lexicon (孤帆, 黄鹤楼, 万重山).
// 2. Inside a segment that matched nothing, the longest lexicon terms it contains (窗含 → 窗,
//    月落 → 月), unless the segment is a word whose image character shows no image (今日, 风流).
// 3. Fallback for what the lexicon lacks: a segment jieba tags as a noun or place/person name
//    becomes an image with a generic visual, so an unknown image still reaches the screen.
import { readFileSync } from 'node:fs';
import { pinyin } from 'pinyin-pro';
import { lexicon, type LexiconEntry, type Scale } from './lexicon/index.js';
import { partOfSpeech, type Segment } from './segmentation.js';
import type { ImageryItem } from './shot-plan.js';

interface NonImageryData {
  notImages: string[];
  abstract: string[];
  abstractCharacters: string;
}

const nonImagery = JSON.parse(readFileSync(new URL('./data/non-imagery.json', import.meta.url), 'utf8')) as NonImageryData;
const NOT_IMAGES: ReadonlySet<string> = new Set(nonImagery.notImages);
const ABSTRACT: ReadonlySet<string> = new Set(nonImagery.abstract);
const ABSTRACT_CHARACTERS: ReadonlySet<string> = new Set(nonImagery.abstractCharacters);

/**
 * Noun-like jieba tags that may become fallback images (jieba's tags on single classical
 * characters are too noisy — 空, 寒, 翠 come back as nouns — so the fallback takes words of two or
 * more characters; the common single-character images are all in the lexicon).
 */
const FALLBACK_TAGS: ReadonlySet<string> = new Set(['n', 'ns', 'nr', 'nz', 'nrt', 'nrfg']);

/** Abstract: a listed abstraction, a word with a feeling/affair character, or a doubled descriptive (点点, 脉脉). */
function isAbstract(word: string): boolean {
  const chars = [...word];
  if (chars.length === 2 && chars[0] === chars[1]) return true;
  return ABSTRACT.has(word) || chars.some((char) => ABSTRACT_CHARACTERS.has(char));
}

/** An imagery item plus what the planner needs from its lexicon entry. */
export interface ExtractedImage extends ImageryItem {
  entry: LexiconEntry | undefined;
  scale: Scale;
}

const HAN_ONLY = /^\p{Script=Han}+$/u;

function fromEntry(entry: LexiconEntry, term: string, line: number, start: number): ExtractedImage {
  return {
    term,
    visual: entry.en,
    visualZh: entry.zh,
    symbolism: entry.symbolism,
    line,
    start,
    end: start + term.length,
    ...(entry.motif ? { motif: entry.motif } : {}),
    category: entry.category,
    source: 'lexicon',
    entry,
    scale: entry.scale,
  };
}

function fallback(term: string, tag: string, line: number, start: number): ExtractedImage {
  const reading = pinyin(term, { toneSandhi: false });
  const base = { term, symbolism: '', line, start, end: start + term.length, category: 'unknown', source: 'fallback' as const, entry: undefined };
  if (tag === 'ns') {
    return { ...base, visual: `the land of ${term} (${reading}), as the poem names it`, visualZh: `${term}一带的风景`, motif: 'mountain', scale: 'vast' };
  }
  if (tag.startsWith('nr')) {
    return { ...base, visual: `${term} (${reading}), a small figure in period dress`, visualZh: `身着古装的${term}`, motif: 'figure', scale: 'figure' };
  }
  return { ...base, visual: `${term} (${reading}), shown plainly as the verse names it`, visualZh: `诗中所写的${term}`, scale: 'near' };
}

/** Longest lexicon terms inside `text` (forward maximum matching), as [offset in text, term, entry]. */
function termsInside(text: string): [number, string, LexiconEntry][] {
  const { bySurface, maxLength } = lexicon();
  const found: [number, string, LexiconEntry][] = [];
  let i = 0;
  while (i < text.length) {
    let matched = false;
    for (let length = Math.min(maxLength, text.length - i); length >= 1; length--) {
      const candidate = text.slice(i, i + length);
      const entry = bySurface.get(candidate);
      if (entry) {
        found.push([i, candidate, entry]);
        i += length;
        matched = true;
        break;
      }
    }
    if (!matched) i += 1;
  }
  return found;
}

/** Images in one line, in order, from its segments (which must rebuild the line). */
export function extractImagery(line: string, lineIndex: number, segments: readonly Segment[]): ExtractedImage[] {
  const { bySurface, maxLength } = lexicon();
  const items: ExtractedImage[] = [];
  let i = 0;
  while (i < segments.length) {
    const first = segments[i];
    if (!first) break;
    // 1. Longest run of whole segments that is a lexicon term.
    let matchedUntil = -1;
    for (let j = i; j < segments.length; j++) {
      const last = segments[j];
      if (!last || last.end - first.start > maxLength * 2) break;
      const surface = line.slice(first.start, last.end);
      if (bySurface.has(surface)) matchedUntil = j;
    }
    if (matchedUntil >= 0) {
      const last = segments[matchedUntil];
      if (last) {
        const term = line.slice(first.start, last.end);
        const entry = bySurface.get(term);
        if (entry) items.push(fromEntry(entry, term, lineIndex, first.start));
      }
      i = matchedUntil + 1;
      continue;
    }
    const text = first.text;
    i += 1;
    if (NOT_IMAGES.has(text) || !HAN_ONLY.test(text)) continue;
    // 2. Terms inside the segment.
    const inside = termsInside(text);
    if (inside.length > 0) {
      for (const [offset, term, entry] of inside) items.push(fromEntry(entry, term, lineIndex, first.start + offset));
      continue;
    }
    // 3. Fallback: a noun the lexicon lacks (two characters or more, not an abstraction).
    if ([...text].length < 2 || isAbstract(text)) continue;
    const tag = partOfSpeech(text);
    if (FALLBACK_TAGS.has(tag)) items.push(fallback(text, tag, lineIndex, first.start));
  }
  return items;
}
