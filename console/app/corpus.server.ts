// The console's window on the corpus (corpus/ owns the tables): search in either script with
// filters and fame order, one poem, the filter choices, and pasting a poem that is not there.
import { createHash } from 'node:crypto';
import * as OpenCC from 'opencc-js';
import type { Sql } from '../../platform/db.js';
import { searchKey } from '../../corpus/normalise.js';
import { parsePoemText, splitVerseLines } from '../../prompts/poem-input.js';

export interface CorpusPoem {
  id: string;
  source: 'corpus' | 'pasted';
  title: string;
  titleTraditional: string;
  author: string;
  authorTraditional: string;
  dynasty: string;
  form: string;
  tune: string | null;
  lines: string[];
  linesTraditional: string[];
  collections: string[];
  fame: number | null;
  strains: string[] | null;
}

export interface CorpusFilters {
  dynasty?: string;
  form?: string;
  collection?: string;
  /** In [0, 1]. */
  minFame?: number;
}

export interface CorpusSearchPage {
  poems: CorpusPoem[];
  /** True when there are more results after this page. */
  more: boolean;
}

interface PoemRow {
  id: string;
  source: 'corpus' | 'pasted';
  title: string;
  title_traditional: string;
  author: string;
  author_traditional: string;
  dynasty: string;
  form: string;
  tune: string | null;
  lines: string[];
  lines_traditional: string[];
  collections: string[];
  fame: number | null;
  strains: string[] | null;
}

function toPoem(row: PoemRow): CorpusPoem {
  return {
    id: row.id,
    source: row.source,
    title: row.title,
    titleTraditional: row.title_traditional,
    author: row.author,
    authorTraditional: row.author_traditional,
    dynasty: row.dynasty,
    form: row.form,
    tune: row.tune,
    lines: row.lines,
    linesTraditional: row.lines_traditional,
    collections: row.collections,
    fame: row.fame,
    strains: row.strains,
  };
}

const LIKE = /[\\%_]/g;
const escapeLike = (text: string) => text.replace(LIKE, (c) => `\\${c}`);

export const SEARCH_PAGE_SIZE = 20;

/**
 * Poems matching every word of the query (title, poet or text; either script), exact titles and
 * poets first, then anthologised poems (唐诗三百首 …), then by fame; without a query, the same
 * order over the poems matching the filters.
 */
export async function searchCorpus(sql: Sql, query: string, filters: CorpusFilters, page: number): Promise<CorpusSearchPage> {
  const keys = query
    .split(/\s+/)
    .map((word) => searchKey(word))
    .filter((key) => key !== '')
    .slice(0, 4);
  const whole = searchKey(query);
  const conditions = keys.map(
    (key) => sql`(s.title_key like ${`${escapeLike(key)}%`} or s.alt_title_key like ${`${escapeLike(key)}%`} or s.author_key = ${key}
      or (string_to_array(s.title_key || s.text_key, null) @> string_to_array(${key}, null) and (s.title_key || s.text_key) like ${`%${escapeLike(key)}%`}))`,
  );
  if (filters.dynasty) conditions.push(sql`s.dynasty = ${filters.dynasty}`);
  if (filters.form) conditions.push(sql`s.form = ${filters.form}`);
  if (filters.collection) conditions.push(sql`s.collections @> ${[filters.collection]}::text[]`);
  if (filters.minFame !== undefined && filters.minFame > 0) conditions.push(sql`s.fame >= ${filters.minFame}`);
  const where = conditions.length > 0 ? conditions.reduce((all, condition) => sql`${all} and ${condition}`) : sql`true`;
  const ranking =
    whole !== ''
      ? sql`(s.title_key = ${whole} or coalesce(s.alt_title_key = ${whole}, false)) desc, (s.author_key = ${whole}) desc,`
      : sql``;
  const offset = Math.max(0, page - 1) * SEARCH_PAGE_SIZE;
  const rows = await sql<PoemRow[]>`
    select p.id, p.source, p.title, p.title_traditional, p.author, p.author_traditional, p.dynasty, p.form, p.tune,
      p.lines, p.lines_traditional, p.collections, p.fame, p.strains
    from corpus_search s join corpus_poems p on p.id = s.poem_id
    where ${where}
    order by ${ranking} s.anthologised desc, s.fame desc nulls last, s.poem_id
    limit ${SEARCH_PAGE_SIZE + 1} offset ${offset}`;
  return { poems: rows.slice(0, SEARCH_PAGE_SIZE).map(toPoem), more: rows.length > SEARCH_PAGE_SIZE };
}

export async function getCorpusPoem(sql: Sql, id: string): Promise<CorpusPoem | null> {
  if (id.length > 100) return null;
  const [row] = await sql<PoemRow[]>`
    select id, source, title, title_traditional, author, author_traditional, dynasty, form, tune, lines, lines_traditional,
      collections, fame, strains
    from corpus_poems where id = ${id}`;
  return row ? toPoem(row) : null;
}

export interface CorpusFacets {
  dynasties: string[];
  forms: string[];
  collections: string[];
}

let facets: { value: CorpusFacets; at: number } | undefined;

/** The filter choices, largest first (cached for ten minutes: they change only on import). */
export async function corpusFacets(sql: Sql): Promise<CorpusFacets> {
  if (facets && Date.now() - facets.at < 600_000) return facets.value;
  const [dynasties, forms, collections] = await Promise.all([
    sql<{ value: string }[]>`select dynasty as value from corpus_search group by 1 order by count(*) desc`,
    sql<{ value: string }[]>`select form as value from corpus_search group by 1 order by count(*) desc`,
    sql<{ value: string }[]>`select c as value from corpus_search, unnest(collections) c group by 1 order by count(*) desc`,
  ]);
  const value = { dynasties: dynasties.map((r) => r.value), forms: forms.map((r) => r.value), collections: collections.map((r) => r.value) };
  facets = { value, at: Date.now() };
  return value;
}

export class PasteError extends Error {
  readonly userFacing = true;
  override name = 'PasteError';
  constructor(
    message: string,
    readonly field: 'text' | 'title' | 'author',
  ) {
    super(message);
  }
}

type Converter = (text: string) => string;
let toTraditional: Converter | undefined;
let toSimplified: Converter | undefined;

/**
 * Adds a pasted poem to the corpus (source 'pasted') so it can be previewed and queued like any
 * other; pasting the same text again returns the same poem. Either script may be pasted.
 */
export async function submitPastedPoem(sql: Sql, input: { text: string; title?: string; author?: string }): Promise<CorpusPoem> {
  let sentences: string[];
  try {
    sentences = parsePoemText(input.text);
  } catch (error) {
    throw new PasteError((error as Error).message, 'text');
  }
  const verse = splitVerseLines(sentences).map((line) => line.text);
  if (verse.length === 0) throw new PasteError('The poem has no lines with text.', 'text');
  if (verse.length > 200) throw new PasteError(`The poem has ${verse.length} lines; at most 200 can be filmed.`, 'text');
  const title = (input.title ?? '').trim().slice(0, 60) || '无题';
  const author = (input.author ?? '').trim().slice(0, 40) || '佚名';
  toSimplified ??= OpenCC.Converter({ from: 't', to: 'cn' });
  toTraditional ??= OpenCC.Converter({ from: 'cn', to: 't' });
  const simplified = verse.map((line) => toSimplified!(line));
  const traditional = simplified.map((line) => toTraditional!(line));
  const pastedTraditional = simplified.some((line, i) => line !== verse[i]);
  const hash = createHash('sha256').update(JSON.stringify(['pasted', title, author, simplified])).digest('hex');
  const id = uuidFromHash(hash);
  const form = guessForm(simplified);
  const [row] = await sql.begin(async (tx) => {
    await tx`
      insert into corpus_poems (id, source, script, title, title_traditional, author, author_traditional, dynasty, form, tune,
        lines, lines_traditional, strains, fame, anthologised, collections, content_hash)
      values (${id}, 'pasted', ${pastedTraditional ? 'traditional' : 'simplified'}, ${toSimplified!(title)}, ${toTraditional!(title)},
        ${toSimplified!(author)}, ${toTraditional!(author)}, '', ${form}, null, ${simplified}, ${traditional}, null, null, false,
        ${[]}::text[], ${hash})
      on conflict (id) do nothing`;
    await tx`
      insert into corpus_search (poem_id, title_key, alt_title_key, author_key, text_key, fame, anthologised, dynasty, form, tune, collections)
      values (${id}, ${searchKey(title)}, null, ${searchKey(author)}, ${simplified.map(searchKey).join('')}, null, false, '', ${form}, null, ${[]}::text[])
      on conflict (poem_id) do nothing`;
    return tx<PoemRow[]>`
      select id, source, title, title_traditional, author, author_traditional, dynasty, form, tune, lines, lines_traditional,
        collections, fame, strains
      from corpus_poems where id = ${id}`;
  });
  return toPoem(row!);
}

function uuidFromHash(hex: string): string {
  const bytes = Buffer.from(hex.slice(0, 32), 'hex');
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** 五言绝句, 七言律诗 … from line lengths; 杂言 otherwise. */
function guessForm(lines: string[]): string {
  const lengths = new Set(lines.map((line) => [...line].length));
  if (lengths.size !== 1) return '杂言古诗';
  const length = [...lengths][0]!;
  const words: Record<number, string> = { 4: '四言', 5: '五言', 6: '六言', 7: '七言' };
  const word = words[length];
  if (!word) return '杂言古诗';
  if (length === 4) return '四言诗';
  if (lines.length === 4) return `${word}绝句`;
  if (lines.length === 8) return `${word}律诗`;
  return `${word}古诗`;
}
