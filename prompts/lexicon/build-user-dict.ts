// Regenerates prompts/data/lexicon.dict.utf8, the part of jieba's user dictionary that comes from
// the imagery lexicon: every multi-character surface form, weighted by how often it occurs in
// classical verse (全唐诗 and 全宋词 from the `chinese-poetry` package), so that where two
// readings compete (明月|光 or 明|月光) the one poets used more wins.
//
//   node --import tsx prompts/lexicon/build-user-dict.ts
//
// Run it after editing the lexicon; a unit test fails while the file is out of date.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import { lexicon } from './index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const LEXICON_DICT_PATH = path.join(here, '..', 'data', 'lexicon.dict.utf8');

/** Base weight of a lexicon word in jieba's dictionary, plus this much per occurrence in the corpus. */
const BASE_FREQ = 30000;
const PER_OCCURRENCE = 200;
const MAX_FREQ = 2_000_000;

/** Multi-character surface forms of the lexicon, sorted, one per dictionary line. */
export function lexiconSurfaces(): string[] {
  return [...lexicon().bySurface.keys()].filter((surface) => [...surface].length > 1).sort();
}

export function userDictLine(surface: string, occurrences: number): string {
  return `${surface} ${Math.min(MAX_FREQ, BASE_FREQ + PER_OCCURRENCE * occurrences)} n`;
}

function corpusText(): string {
  const root = path.join(here, '..', '..', 'node_modules', 'chinese-poetry', 'dist');
  const files = [
    ...readdirSync(path.join(root, 'quantangshi'))
      .filter((name) => /^poet\.tang\.\d+\.json$/.test(name))
      .map((name) => path.join(root, 'quantangshi', name)),
    ...readdirSync(path.join(root, 'songci'))
      .filter((name) => /^ci\.song\.\d+\.json$/.test(name))
      .map((name) => path.join(root, 'songci', name)),
  ];
  const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
  const parts: string[] = [];
  for (const file of files) {
    const poems = JSON.parse(readFileSync(file, 'utf8')) as { paragraphs?: string[] }[];
    const text = poems.map((poem) => (poem.paragraphs ?? []).join('')).join('\n');
    // 全唐诗 is Traditional; 全宋词 in the package is already Simplified (converting is harmless).
    parts.push(toSimplified(text));
  }
  return parts.join('\n');
}

export function countOccurrences(text: string, surfaces: string[]): Map<string, number> {
  const counts = new Map<string, number>(surfaces.map((surface) => [surface, 0]));
  const lengths = [...new Set(surfaces.map((surface) => surface.length))].sort((a, b) => a - b);
  for (let i = 0; i < text.length; i++) {
    for (const length of lengths) {
      const piece = text.slice(i, i + length);
      const count = counts.get(piece);
      if (count !== undefined) counts.set(piece, count + 1);
    }
  }
  return counts;
}

function main(): void {
  const surfaces = lexiconSurfaces();
  const counts = countOccurrences(corpusText(), surfaces);
  const lines = surfaces.map((surface) => userDictLine(surface, counts.get(surface) ?? 0));
  writeFileSync(LEXICON_DICT_PATH, `${lines.join('\n')}\n`);
  console.log(`wrote ${lines.length} words to ${path.relative(process.cwd(), LEXICON_DICT_PATH)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
