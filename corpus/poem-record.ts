// Turning one source record into the rows the corpus stores: the poem (both scripts, form, fame,
// search keys) and its membership in the collection.
import { createHash } from 'node:crypto';
import { PRE_QIN_CHUCI_AUTHORS, type Script } from './collections.js';
import { alignStrains, detectForm, isFragmentTitle } from './forms.js';
import { hashedPoemId } from './ids.js';
import { hasChineseCharacter, verseLines } from './lines.js';
import { searchKey } from './normalise.js';
import { inBothScripts, toSimplified } from './scripts.js';
import { rankKind, type RankIndex, type SourceRecord } from './sources.js';

export interface PoemRow {
  id: string;
  source: 'corpus' | 'pasted';
  script: Script;
  title: string;
  titleTraditional: string;
  author: string;
  authorTraditional: string;
  dynasty: string;
  form: string;
  tune: string | null;
  lines: string[];
  linesTraditional: string[];
  strains: string[] | null;
  fame: number | null;
  anthologised: boolean;
  /** The collections the poem is in. */
  collections: string[];
  titleKey: string;
  altTitleKey: string | null;
  authorKey: string;
  textKey: string;
}

export interface SourceRow {
  collection: string;
  sourceKey: string;
  poemId: string;
  /** As in the source, in its script. */
  title: string;
  author: string;
  /** This source's reading, set only when it differs from the poem's lines. */
  lines: string[] | null;
  linesTraditional: string[] | null;
  notes: string[] | null;
}

export interface BuiltPoem {
  poem: PoemRow;
  source: SourceRow;
  /** Search key of each line (for linking anthology entries to their base poem). */
  lineKeys: string[];
}

export interface BuildContext {
  composites?: ReadonlyMap<string, string>;
  ranks?: RankIndex;
  quTunes?: ReadonlySet<string>;
  /** The tune of the previous 曲 in the file (`同前`). */
  previousTune?: string | null;
}

export const UNTITLED = '无题';

/** Builds the poem and membership rows of a source record; null when it holds no verse. */
export function buildPoem(record: SourceRecord, context: BuildContext = {}): BuiltPoem | null {
  const { collection } = record;
  const composites = collection.script === 'traditional' ? context.composites : undefined;
  const { lines, notes } = verseLines(record.paragraphs, composites);
  // Nothing but punctuation, notes or lost characters (□): no verse to keep.
  if (!lines.some(hasChineseCharacter)) return null;
  const rawTitle = record.title.trim();
  const rawAuthor = record.author.trim() || '佚名';
  const converted = inBothScripts([rawTitle || UNTITLED, rawAuthor, ...lines], collection.script);
  const [title, author, ...simplifiedLines] = converted.simplified as [string, string, ...string[]];
  const [titleTraditional, authorTraditional, ...traditionalLines] = converted.traditional as [string, string, ...string[]];
  const strains = alignStrains(lines, record.strains);
  const { form, tune } = detectForm({
    kind: collection.kind,
    lines: simplifiedLines,
    title,
    rhythmic: record.rhythmic ? simplify(record.rhythmic, collection.script) : null,
    hint: record.formHint ? toSimplified(record.formHint) : null,
    strains,
    quTunes: context.quTunes,
    previousTune: context.previousTune,
  });
  const kind = rankKind(collection);
  const ranked = kind && context.ranks ? context.ranks.take(kind, record.author, kind === 'ci' ? (record.rhythmic ?? '') : record.title) : null;
  // Hits for "author 句" measure how often the author is quoted, not this fragment.
  const fame = isFragmentTitle(title) ? null : ranked;
  const id = record.sourceId ?? hashedPoemId(collection.name, record.title, record.author, record.paragraphs);
  const lineKeys = simplifiedLines.map(searchKey);
  const poem: PoemRow = {
    id,
    source: 'corpus',
    script: collection.script,
    title,
    titleTraditional,
    author,
    authorTraditional,
    dynasty: dynastyOf(collection.slug, collection.dynasty, author),
    form,
    tune,
    lines: simplifiedLines,
    linesTraditional: traditionalLines,
    strains,
    fame,
    anthologised: Boolean(collection.anthologyOf),
    collections: [collection.name],
    titleKey: searchKey(title),
    altTitleKey: null,
    authorKey: searchKey(author),
    textKey: lineKeys.join(''),
  };
  const source: SourceRow = {
    collection: collection.name,
    sourceKey: record.sourceId ?? id,
    poemId: id,
    title: record.title,
    author: record.author,
    lines: null,
    linesTraditional: null,
    notes: notes.length > 0 ? notes : null,
  };
  return { poem, source, lineKeys };
}

function simplify(text: string, script: Script): string {
  return script === 'traditional' ? toSimplified(text) : text;
}

function dynastyOf(slug: string, dynasty: string, author: string): string {
  if (slug === 'chuci') return PRE_QIN_CHUCI_AUTHORS.has(author) ? '先秦' : '汉';
  return dynasty;
}

/** Whether two readings are the same text once folded (script, variant characters, punctuation). */
export function sameReading(a: readonly string[], b: readonly string[]): boolean {
  return a.map(searchKey).join('') === b.map(searchKey).join('');
}

/**
 * A poem in its base collection (全唐诗) joined by its anthology entry (唐诗三百首): the poem keeps
 * its base id and fame, and takes the anthology's title, reading and form label, which are the
 * ones readers know (静夜思's 床前明月光, not 全唐诗's 牀前看月光). The base reading, when it
 * differs, is kept on the base membership row and stays searchable.
 */
export function mergeAnthologyEntry(base: BuiltPoem, entry: BuiltPoem): { poem: PoemRow; baseSource: SourceRow; entrySource: SourceRow } {
  const differs = !sameReading(base.poem.lines, entry.poem.lines);
  const poem: PoemRow = {
    ...base.poem,
    title: entry.poem.title,
    titleTraditional: entry.poem.titleTraditional,
    lines: entry.poem.lines,
    linesTraditional: entry.poem.linesTraditional,
    // Tone patterns belong to the base reading.
    strains: differs ? null : base.poem.strains,
    form: entry.poem.form === '词' || entry.poem.form === '曲' ? base.poem.form : entry.poem.form,
    tune: base.poem.tune ?? entry.poem.tune,
    anthologised: true,
    collections: [...new Set([...base.poem.collections, ...entry.poem.collections])],
    titleKey: entry.poem.titleKey,
    altTitleKey: base.poem.titleKey !== entry.poem.titleKey ? base.poem.titleKey : null,
    textKey: differs ? `${entry.poem.textKey}|${base.poem.textKey}` : entry.poem.textKey,
  };
  const baseSource: SourceRow = differs
    ? { ...base.source, lines: base.poem.lines, linesTraditional: base.poem.linesTraditional }
    : base.source;
  const entrySource: SourceRow = { ...entry.source, poemId: base.poem.id };
  return { poem, baseSource, entrySource };
}

/** A digest of a row's encoded content, to tell whether a re-import changed it. */
export function contentHash(encoded: string): string {
  return createHash('md5').update(encoded).digest('hex');
}
