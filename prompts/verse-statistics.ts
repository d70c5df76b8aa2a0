// How strongly two characters belong together in classical verse: pointwise mutual information
// of the pair in 全唐诗 + 全宋词 (counts generated into prompts/data/verse-bigrams.txt by
// prompts/lexicon/build-user-dict.ts). Segmentation uses it to divide a three-character tail the
// way poets' usage suggests (依山|尽, 人|未还) where no dictionary decides.
import { readFileSync } from 'node:fs';

interface VerseCounts {
  characters: Map<string, number>;
  pairs: Map<string, number>;
  total: number;
}

let counts: VerseCounts | undefined;

function verseCounts(): VerseCounts {
  if (counts) return counts;
  const characters = new Map<string, number>();
  const pairs = new Map<string, number>();
  let total = 0;
  for (const row of readFileSync(new URL('./data/verse-bigrams.txt', import.meta.url), 'utf8').split('\n')) {
    if (row.length === 0 || row.startsWith('#')) continue;
    const space = row.lastIndexOf(' ');
    const key = row.slice(0, space);
    const count = Number(row.slice(space + 1));
    if ([...key].length === 1) {
      characters.set(key, count);
      total += count;
    } else pairs.set(key, count);
  }
  counts = { characters, pairs, total };
  return counts;
}

/**
 * Association of a two-character pair: log(P(ab) / (P(a)·P(b))), or undefined when the pair is too
 * rare in the corpus to say.
 */
export function pairAssociation(pair: string): number | undefined {
  const chars = [...pair];
  if (chars.length !== 2) return undefined;
  const { characters, pairs, total } = verseCounts();
  const together = pairs.get(pair);
  const a = characters.get(chars[0] ?? '');
  const b = characters.get(chars[1] ?? '');
  if (!together || !a || !b) return undefined;
  return Math.log((together * total) / (a * b));
}
