// Linking anthology entries (唐诗三百首, 宋词三百首) to the same poem in their base collection
// (全唐诗, 宋词). The anthologies carry no ids and often a different reading or title
// (静夜思: 床前明月光 against 全唐诗's 牀前看月光; 蜀道难 against 相和歌辞 蜀道难), so entries
// are matched on shared lines, helped by author and title.
import type { BuiltPoem } from './poem-record.js';

/** Lines shorter than this (in key characters) are too common to suggest a match. */
const MIN_LINE_KEY = 4;
/** Accept a match at this score: share of the entry's lines found + 0.25 author + 0.25 title. */
const ACCEPT_SCORE = 0.75;

export interface AnthologyLink {
  entry: BuiltPoem;
  base: BuiltPoem;
  score: number;
}

export function matchScore(entry: BuiltPoem, base: BuiltPoem): number {
  const baseKeys = new Set(base.lineKeys);
  const entryKeys = [...new Set(entry.lineKeys.filter((key) => key.length > 0))];
  if (entryKeys.length === 0) return 0;
  const shared = entryKeys.filter((key) => baseKeys.has(key)).length;
  if (shared === 0) return 0;
  const sameAuthor = entry.poem.authorKey === base.poem.authorKey;
  const entryTitle = entry.poem.titleKey;
  const baseTitle = base.poem.titleKey;
  const sameTitle = entryTitle.length > 0 && (baseTitle === entryTitle || baseTitle.endsWith(entryTitle) || baseTitle.includes(entryTitle));
  return shared / entryKeys.length + (sameAuthor ? 0.25 : 0) + (sameTitle ? 0.25 : 0);
}

/**
 * Collects the base poems that could be an anthology entry's poem while the base collection
 * streams past, then pairs entries with their best candidates (each base poem at most once).
 */
export class AnthologyLinker {
  private readonly byLine = new Map<string, number[]>();
  private readonly candidates = new Map<number, BuiltPoem[]>();
  private readonly held: BuiltPoem[] = [];

  constructor(readonly entries: readonly BuiltPoem[]) {
    entries.forEach((entry, index) => {
      for (const key of new Set(entry.lineKeys)) {
        if (key.length < MIN_LINE_KEY) continue;
        const list = this.byLine.get(key);
        if (list) list.push(index);
        else this.byLine.set(key, [index]);
      }
    });
  }

  /** Offers a base poem; returns true when it may be linked (the caller must then hold it back). */
  offer(base: BuiltPoem): boolean {
    let wanted = false;
    const seen = new Set<number>();
    for (const key of base.lineKeys) {
      const entries = this.byLine.get(key);
      if (!entries) continue;
      for (const index of entries) {
        if (seen.has(index)) continue;
        seen.add(index);
        const list = this.candidates.get(index);
        if (list) list.push(base);
        else this.candidates.set(index, [base]);
        wanted = true;
      }
    }
    if (wanted) this.held.push(base);
    return wanted;
  }

  /** The base poems held back by `offer`, to be written once links are known. */
  heldBases(): readonly BuiltPoem[] {
    return this.held;
  }

  /** Pairs entries with base poems, best matches first. */
  resolve(): { links: AnthologyLink[]; unlinked: BuiltPoem[] } {
    const scored: Array<{ entryIndex: number; base: BuiltPoem; score: number }> = [];
    for (const [entryIndex, bases] of this.candidates) {
      const entry = this.entries[entryIndex]!;
      for (const base of bases) {
        const score = matchScore(entry, base);
        if (score >= ACCEPT_SCORE) scored.push({ entryIndex, base, score });
      }
    }
    scored.sort((a, b) => b.score - a.score || a.entryIndex - b.entryIndex || (b.base.poem.fame ?? -1) - (a.base.poem.fame ?? -1));
    const linkedEntries = new Set<number>();
    const usedBases = new Set<string>();
    const links: AnthologyLink[] = [];
    for (const { entryIndex, base, score } of scored) {
      if (linkedEntries.has(entryIndex) || usedBases.has(base.poem.id)) continue;
      linkedEntries.add(entryIndex);
      usedBases.add(base.poem.id);
      links.push({ entry: this.entries[entryIndex]!, base, score });
    }
    const unlinked = this.entries.filter((_, index) => !linkedEntries.has(index));
    return { links, unlinked };
  }
}
