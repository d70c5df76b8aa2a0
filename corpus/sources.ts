// Reading the `chinese-poetry` package's files. Collections are read one file at a time (each
// file is at most a few MB), so memory stays flat however large the package is. Nothing from the
// package is copied into this repository: it is read from node_modules at import time.
import { readFile, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { CollectionDefinition } from './collections.js';
import { FameScale, type RankCounts } from './fame.js';

export interface SourceRecord {
  collection: CollectionDefinition;
  /** The package's own id (全唐诗, 全宋诗), else null. */
  sourceId: string | null;
  title: string;
  author: string;
  paragraphs: string[];
  /** 词牌 as given by the source. */
  rhythmic: string | null;
  /** The source's own form label (唐诗三百首's `五言絕句` …). */
  formHint: string | null;
  /** Tone pattern per paragraph, from the package's `strains` files. */
  strains: string[] | null;
  /** File (relative to the package's dist/) and position, for messages. */
  file: string;
  index: number;
}

export interface SourceFile {
  file: string;
  bytes: number;
}

export interface SourceAuthor {
  name: string;
  dynasty: string;
  bio: string;
  script: 'traditional' | 'simplified';
}

export function packageDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('chinese-poetry/package.json')), 'dist');
}

export async function packageVersion(): Promise<string> {
  const require = createRequire(import.meta.url);
  const manifest = JSON.parse(await readFile(require.resolve('chinese-poetry/package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

async function readJson<T>(dir: string, file: string): Promise<T> {
  return JSON.parse(await readFile(path.join(dir, file), 'utf8')) as T;
}

function byNumber(a: string, b: string): number {
  const na = Number(/\d+/.exec(a)?.[0] ?? Number.MAX_SAFE_INTEGER);
  const nb = Number(/\d+/.exec(b)?.[0] ?? Number.MAX_SAFE_INTEGER);
  return na - nb || a.localeCompare(b);
}

async function listFiles(dir: string, folder: string, pattern: RegExp): Promise<string[]> {
  const names = (await readdir(path.join(dir, folder))).filter((name) => pattern.test(name)).sort(byNumber);
  return names.map((name) => `${folder}/${name}`);
}

/** The data files of a collection, in reading order. */
export async function collectionFiles(collection: CollectionDefinition, dir = packageDir()): Promise<SourceFile[]> {
  let files: string[];
  switch (collection.slug) {
    case 'quantangshi':
      files = await listFiles(dir, 'quantangshi', /^poet\.tang\.\d+\.json$/);
      break;
    case 'quansongshi':
      files = await listFiles(dir, 'quantangshi', /^poet\.song\.\d+\.json$/);
      break;
    case 'songci':
      files = [...(await listFiles(dir, 'songci', /^ci\.song\.\d+\.json$/)), 'songci/ci.song.2019y.json'];
      break;
    case 'songcisanbaishou':
      files = ['songci/宋词三百首.json'];
      break;
    case 'tangshisanbaishou':
      files = ['mengxue/tangshisanbaishou.json'];
      break;
    case 'yuanqu':
      files = ['yuanqu/yuanqu.json'];
      break;
    case 'shijing':
      files = ['shijing/shijing.json'];
      break;
    case 'chuci':
      files = ['chuci/chuci.json'];
      break;
    case 'huajianji':
      // huajianji-0-preface.json is 欧阳炯's preface (prose), not a poem.
      files = await listFiles(dir, 'wudaishici/huajianji', /^huajianji-[0-9x]+-juan\.json$/);
      break;
    case 'nantang':
      files = ['wudaishici/nantang/poetrys.json'];
      break;
    case 'nalanxingde':
      files = ['nalanxingde/纳兰性德诗集.json'];
      break;
    case 'caocao':
      files = ['caocaoshiji/caocao.json'];
      break;
    default:
      throw new Error(`No files known for collection ${collection.name}`);
  }
  return Promise.all(files.map(async (file) => ({ file, bytes: (await stat(path.join(dir, file))).size })));
}

interface PoetEntry {
  id?: string | null;
  title?: string;
  author?: string;
  paragraphs?: string[];
  content?: string[];
  para?: string[];
  rhythmic?: string;
}

interface TangshiSanbaishou {
  content: Array<{ type: string; content: Array<{ chapter: string; subchapter: string | null; author: string; paragraphs: string[] }> }>;
}

/** The records of one file of a collection. */
export async function readCollectionFile(collection: CollectionDefinition, file: string, dir = packageDir()): Promise<SourceRecord[]> {
  const base = { collection, sourceId: null, rhythmic: null, formHint: null, strains: null, file };
  if (collection.slug === 'tangshisanbaishou') {
    const data = await readJson<TangshiSanbaishou>(dir, file);
    const records: SourceRecord[] = [];
    for (const group of data.content) {
      for (const entry of group.content) {
        records.push({
          ...base,
          title: entry.chapter,
          author: entry.author ?? '',
          paragraphs: entry.paragraphs ?? [],
          formHint: group.type,
          index: records.length,
        });
      }
    }
    return records;
  }
  const entries = await readJson<PoetEntry[]>(dir, file);
  let strainsById: Map<string, string[]> | undefined;
  if (collection.slug === 'quantangshi' || collection.slug === 'quansongshi') {
    const strainsFile = `strains/json/${path.basename(file)}`;
    try {
      const strains = await readJson<Array<{ id: string; strains: string[] }>>(dir, strainsFile);
      strainsById = new Map(strains.map((entry) => [entry.id, entry.strains]));
    } catch {
      strainsById = undefined; // no tone patterns for this file
    }
  }
  return entries.map((entry, index) => {
    const paragraphs = entry.paragraphs ?? entry.content ?? entry.para ?? [];
    const sourceId = collection.hasSourceIds && entry.id ? entry.id : null;
    let title = entry.title ?? '';
    if (!title && collection.kind === 'ci' && entry.rhythmic) title = entry.rhythmic;
    return {
      ...base,
      sourceId,
      title,
      author: entry.author ?? defaultAuthor(collection),
      paragraphs,
      rhythmic: entry.rhythmic ?? null,
      strains: sourceId ? (strainsById?.get(sourceId) ?? null) : null,
      index,
    };
  });
}

function defaultAuthor(collection: CollectionDefinition): string {
  if (collection.slug === 'caocao') return '曹操';
  if (collection.slug === 'nalanxingde') return '纳兰性德';
  return '佚名';
}

/** Where a collection's poems are found in the rank data. */
export function rankKind(collection: CollectionDefinition): 'tang' | 'song' | 'ci' | null {
  if (collection.slug === 'quantangshi') return 'tang';
  if (collection.slug === 'quansongshi') return 'song';
  if (collection.slug === 'songci') return 'ci';
  return null;
}

/**
 * Fame lookups from the rank files. Ranks are keyed by author and title (词: 词牌); a key that
 * occurs several times (several poems titled 句 by one author) is handed out in file order.
 */
export class RankIndex {
  private readonly fames = new Map<string, number | null | Array<number | null>>();
  private readonly taken = new Map<string, number>();

  constructor(keys: readonly string[], counts: readonly RankCounts[], scale: FameScale) {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const fame = scale.fame(counts[i]);
      const existing = this.fames.get(key);
      if (existing === undefined) this.fames.set(key, fame);
      else if (Array.isArray(existing)) existing.push(fame);
      else this.fames.set(key, [existing, fame]);
    }
  }

  static key(kind: string, author: string, title: string): string {
    return `${kind}\u0000${author}\u0000${title}`;
  }

  /** Fame of the next poem with this key, or null when unranked. */
  take(kind: string, author: string, title: string): number | null {
    const key = RankIndex.key(kind, author, title);
    const value = this.fames.get(key);
    if (value === undefined) return null;
    if (!Array.isArray(value)) return value;
    const index = this.taken.get(key) ?? 0;
    this.taken.set(key, index + 1);
    return value[Math.min(index, value.length - 1)] ?? null;
  }

  get size(): number {
    return this.fames.size;
  }
}

interface RankEntry extends RankCounts {
  author: string;
  title?: string;
  rhythmic?: string;
}

/** Reads every rank file (all of them, so percentiles do not depend on what is imported). */
export async function readRanks(dir = packageDir()): Promise<RankIndex> {
  const keys: string[] = [];
  const counts: RankEntry[] = [];
  const groups: Array<[string, string, RegExp]> = [
    ['tang', 'rank/poet', /^poet\.tang\.rank\.\d+\.json$/],
    ['song', 'rank/poet', /^poet\.song\.rank\.\d+\.json$/],
    ['ci', 'rank/ci', /^ci\.song\.rank\.[0-9a-z]+\.json$/],
  ];
  for (const [kind, folder, pattern] of groups) {
    for (const file of await listFiles(dir, folder, pattern)) {
      for (const entry of await readJson<RankEntry[]>(dir, file)) {
        keys.push(RankIndex.key(kind, entry.author, (kind === 'ci' ? entry.rhythmic : entry.title) ?? ''));
        counts.push(entry); // the engine fields are the counts
      }
    }
  }
  return new RankIndex(keys, counts, new FameScale(counts));
}

/**
 * Author biographies of the given collections' poets: 全唐诗 and 全宋诗 (Traditional), 宋词 and
 * 南唐二主词 (Simplified). The other collections come without biographies.
 */
export async function readAuthors(collections: readonly CollectionDefinition[], dir = packageDir()): Promise<SourceAuthor[]> {
  const slugs = new Set(collections.map((collection) => collection.slug));
  const authors: SourceAuthor[] = [];
  if (slugs.has('quantangshi')) {
    for (const entry of await readJson<Array<{ name: string; desc?: string }>>(dir, 'quantangshi/authors.tang.json')) {
      authors.push({ name: entry.name, dynasty: '唐', bio: entry.desc ?? '', script: 'traditional' });
    }
  }
  if (slugs.has('quansongshi')) {
    for (const entry of await readJson<Array<{ name: string; desc?: string }>>(dir, 'quantangshi/authors.song.json')) {
      authors.push({ name: entry.name, dynasty: '宋', bio: entry.desc ?? '', script: 'traditional' });
    }
  }
  if (slugs.has('songci')) {
    for (const entry of await readJson<Array<{ name: string; description?: string; short_description?: string }>>(
      dir,
      'songci/author.song.json',
    )) {
      authors.push({ name: entry.name, dynasty: '宋', bio: entry.short_description || entry.description || '', script: 'simplified' });
    }
  }
  if (slugs.has('nantang')) {
    for (const entry of await readJson<Array<{ name: string; desc?: string }>>(dir, 'wudaishici/nantang/authors.json')) {
      authors.push({ name: entry.name, dynasty: '五代', bio: entry.desc ?? '', script: 'simplified' });
    }
  }
  return authors;
}

/**
 * Glyph descriptions used in 全唐诗/全宋诗 for characters the editors could not type
 * (`{上休下鳥}`), mapped to the character when the package names exactly one.
 */
export async function readComposites(dir = packageDir()): Promise<Map<string, string>> {
  const data = await readJson<Record<string, Array<{ font: string }>>>(dir, 'quantangshi/表面结构字.json');
  const composites = new Map<string, string>();
  for (const [description, candidates] of Object.entries(data)) {
    if (candidates.length === 1 && [...candidates[0]!.font].length === 1) composites.set(description, candidates[0]!.font);
  }
  return composites;
}
