// The corpus integration tests share one imported corpus: the first test file to need it imports
// the whole package into the test database (once per run, about a minute), the others wait for
// it and find it there. "Imported" means the membership counts per collection equal the counts
// this file computes straight from the package's JSON files, independently of corpus/.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Sql } from '../../platform/db.js';
import { importCorpus } from '../../corpus/import.js';

const FIXTURE_LOCK = 7_471_101;

export function packageDist(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('chinese-poetry/package.json')), 'dist');
}

function json<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(packageDist(), file), 'utf8')) as T;
}

function files(folder: string, pattern: RegExp): string[] {
  return readdirSync(path.join(packageDist(), folder))
    .filter((name) => pattern.test(name))
    .map((name) => `${folder}/${name}`);
}

/** Whether a record has any verse: a Chinese character outside editorial brackets. */
export function hasVerse(paragraphs: string[] | undefined): boolean {
  const text = (paragraphs ?? []).join('\n').replace(/（[^（）]*）|\([^()]*\)|〔[^〔〕]*〕/g, '');
  return /\p{Script=Han}/u.test(text);
}

type Entry = { paragraphs?: string[]; content?: string[]; para?: string[] };
const countVerse = (entries: Entry[]) => entries.filter((entry) => hasVerse(entry.paragraphs ?? entry.content ?? entry.para)).length;
const countFiles = (list: string[]) => list.reduce((sum, file) => sum + countVerse(json<Entry[]>(file)), 0);

export interface PackageCounts {
  /** Records per collection in the package files. */
  records: Record<string, number>;
  /** Of those, records with any verse (the rest are `。` or `（缺词文）`): what the corpus should hold. */
  withVerse: Record<string, number>;
}

let cached: PackageCounts | undefined;

export function packageCounts(): PackageCounts {
  if (cached) return cached;
  const groups: Record<string, string[]> = {
    全唐诗: files('quantangshi', /^poet\.tang\.\d+\.json$/),
    全宋诗: files('quantangshi', /^poet\.song\.\d+\.json$/),
    宋词: [...files('songci', /^ci\.song\.\d+\.json$/), 'songci/ci.song.2019y.json'],
    宋词三百首: ['songci/宋词三百首.json'],
    元曲: ['yuanqu/yuanqu.json'],
    诗经: ['shijing/shijing.json'],
    楚辞: ['chuci/chuci.json'],
    花间集: files('wudaishici/huajianji', /-juan\.json$/),
    南唐二主词: ['wudaishici/nantang/poetrys.json'],
    纳兰性德诗集: ['nalanxingde/纳兰性德诗集.json'],
    曹操诗集: ['caocaoshiji/caocao.json'],
  };
  const records: Record<string, number> = {};
  const withVerse: Record<string, number> = {};
  for (const [name, list] of Object.entries(groups)) {
    records[name] = list.reduce((sum, file) => sum + json<Entry[]>(file).length, 0);
    withVerse[name] = countFiles(list);
  }
  const tangshi = json<{ content: Array<{ content: Entry[] }> }>('mengxue/tangshisanbaishou.json').content.flatMap((group) => group.content);
  records['唐诗三百首'] = tangshi.length;
  withVerse['唐诗三百首'] = countVerse(tangshi);
  cached = { records, withVerse };
  return cached;
}

export async function corpusCounts(sql: Sql): Promise<Record<string, number>> {
  const rows = await sql<{ collection: string; n: number }[]>`select collection, count(*)::int as n from corpus_sources group by collection`;
  return Object.fromEntries(rows.map((row) => [row.collection, row.n]));
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}

/** Imports the corpus into the test database unless it is already there. */
export async function ensureCorpus(sql: Sql): Promise<void> {
  const expected = packageCounts().withVerse;
  if (sameCounts(await corpusCounts(sql), expected)) return;
  const lock = await sql.reserve();
  try {
    await lock`select pg_advisory_lock(${FIXTURE_LOCK})`;
    // Another test file may have imported it while this one waited.
    if (!sameCounts(await corpusCounts(sql), expected)) await importCorpus(sql);
  } finally {
    await lock`select pg_advisory_unlock(${FIXTURE_LOCK})`;
    lock.release();
  }
}
