// Searching the corpus: titles, authors and every line, in either script.
//
// Query and stored text are compared as search keys (corpus/normalise.ts), so 床前明月光 and
// 牀前明月光 and 舉頭望明月 all find 静夜思. Results are ranked in tiers, and within a tier by
// fame (unknown last), then membership of an anthology:
//   0 exact title · 1 author (a query that is an author's name most likely wants that author's
//   poems, not poems about them) · 2 title prefix · 3 line (substring of the lines, which may span
//   a line break) · 4 title substring · 5 fuzzy (one character off: substituted, missing or extra;
//   queries of 4–24 characters). Fuzzy matches are looked for only when nothing matches exactly
//   (a typo), so they never crowd a page of real matches and `total` counts one kind or the other.
// Every tier is answered from an index: btree for titles and authors, the character GIN for
// substrings (candidates contain every character of the query and are rechecked with LIKE).
import type { Sql } from '../platform/db.js';
import { collectionByName, COLLECTIONS } from './collections.js';
import { escapeLike, searchKey } from './normalise.js';
import { loadPoems, type PoemJson } from './poem-json.js';
import { toSimplified } from './scripts.js';

export interface SearchFilters {
  dynasty?: string;
  author?: string;
  /** A form (五言绝句), a family of forms (绝句, 律诗), or a 词牌/曲牌 (水调歌头). */
  form?: string;
  /** A collection name or slug (唐诗三百首, tangshisanbaishou). */
  collection?: string;
}

export interface PageRequest {
  /** Results per page: 1–100, default 20. */
  limit?: number;
  offset?: number;
}

export type MatchKind = 'title' | 'title-prefix' | 'author' | 'line' | 'title-contains' | 'fuzzy' | 'filter';

export const MATCH_KINDS: readonly MatchKind[] = ['title', 'author', 'title-prefix', 'line', 'title-contains', 'fuzzy'];

export interface SearchHit extends PoemJson {
  /** Why the poem matched (its best tier). */
  match: MatchKind;
}

export interface SearchResult {
  results: SearchHit[];
  total: number;
}

/** A search that cannot run as asked; the message says why, for the person who typed it. */
export class SearchError extends Error {
  override name = 'SearchError';
}

export const MAX_QUERY_LENGTH = 4000;
const FUZZY_MIN = 4;
const FUZZY_MAX = 24;

const DYNASTY_ALIASES: Record<string, string> = {
  唐朝: '唐',
  唐代: '唐',
  宋朝: '宋',
  宋代: '宋',
  北宋: '宋',
  南宋: '宋',
  元朝: '元',
  元代: '元',
  清朝: '清',
  清代: '清',
  汉朝: '汉',
  汉代: '汉',
  东汉: '汉',
  西汉: '汉',
  周: '先秦',
  春秋: '先秦',
  战国: '先秦',
  五代十国: '五代',
};

interface NormalisedFilters {
  dynasty?: string;
  authorKey?: string;
  form?: string;
  collection?: string;
}

function normaliseFilters(filters: SearchFilters): NormalisedFilters {
  const out: NormalisedFilters = {};
  const dynasty = filters.dynasty?.trim();
  if (dynasty) {
    const simplified = toSimplified(dynasty);
    out.dynasty = DYNASTY_ALIASES[simplified] ?? simplified;
  }
  const author = filters.author?.trim();
  if (author) {
    out.authorKey = searchKey(author);
    if (!out.authorKey) throw new SearchError(`The author filter "${author}" has no characters to match`);
  }
  const form = filters.form?.trim();
  if (form) out.form = toSimplified(form);
  const collection = filters.collection?.trim();
  if (collection) {
    const found = collectionByName(collection) ?? collectionByName(toSimplified(collection));
    if (!found) {
      throw new SearchError(
        `Unknown collection "${collection}"; known: ${COLLECTIONS.map((c) => `${c.name} (${c.slug})`).join(', ')}`,
      );
    }
    out.collection = found.name;
  }
  return out;
}

function hasFilters(filters: NormalisedFilters): boolean {
  return Boolean(filters.dynasty || filters.authorKey || filters.form || filters.collection);
}

function pageOf(page: PageRequest): { limit: number; offset: number } {
  const limit = page.limit ?? 20;
  const offset = page.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new SearchError(`limit must be a whole number from 1 to 100 (got ${limit})`);
  if (!Number.isInteger(offset) || offset < 0) throw new SearchError(`offset must be a whole number from 0 (got ${offset})`);
  return { limit, offset };
}

/** Distinct characters of a key, as the character index stores them. */
function characters(key: string): string[] {
  return [...new Set(key)];
}

/** LIKE patterns matching the key with one character substituted, missing or extra. */
export function fuzzyPatterns(key: string): string[] {
  const chars = [...key];
  const patterns = new Set<string>();
  const like = (parts: string[]) => `%${parts.join('')}%`;
  const esc = chars.map(escapeLike);
  for (let i = 0; i < chars.length; i++) {
    patterns.add(like([...esc.slice(0, i), '_', ...esc.slice(i + 1)])); // substituted
    patterns.add(like([...esc.slice(0, i), ...esc.slice(i + 1)])); // the query has an extra character
    if (i > 0) patterns.add(like([...esc.slice(0, i), '_', ...esc.slice(i)])); // the query misses one
  }
  return [...patterns];
}

/**
 * Character sets of which every fuzzy match contains at least one. A match is one edit away, so
 * it contains every character of the query but (at most) one. Short queries: leave each
 * character out in turn (n index scans of n−1 characters). Longer ones: split the query into
 * three blocks, at least two of which are intact, so the match contains the characters of A+B,
 * A+C or B+C (three scans, each nearly as selective as the whole query).
 */
export function fuzzyCharacterSets(key: string): string[][] {
  const chars = [...key];
  const groups: string[][] = [];
  if (chars.length <= 6) {
    for (let i = 0; i < chars.length; i++) groups.push([...chars.slice(0, i), ...chars.slice(i + 1)]);
  } else {
    const size = Math.ceil(chars.length / 3);
    const blocks = [chars.slice(0, size), chars.slice(size, 2 * size), chars.slice(2 * size)];
    groups.push([...blocks[0]!, ...blocks[1]!], [...blocks[0]!, ...blocks[2]!], [...blocks[1]!, ...blocks[2]!]);
  }
  const sets = new Map<string, string[]>();
  for (const group of groups) {
    const set = characters(group.join('')).sort();
    sets.set(set.join(''), set);
  }
  return [...sets.values()];
}

/** One regular expression for all the one-edit variants (a single pass over each candidate). */
export function fuzzyRegex(key: string): string {
  const chars = [...key].map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const variants = new Set<string>();
  for (let i = 0; i < chars.length; i++) {
    variants.add([...chars.slice(0, i), '.', ...chars.slice(i + 1)].join('')); // substituted
    variants.add([...chars.slice(0, i), ...chars.slice(i + 1)].join('')); // the query has an extra character
    if (i > 0) variants.add([...chars.slice(0, i), '.', ...chars.slice(i)].join('')); // the query misses one
  }
  return [...variants].join('|');
}

export async function searchPoems(sql: Sql, query: string, filters: SearchFilters = {}, page: PageRequest = {}): Promise<SearchResult> {
  const { limit, offset } = pageOf(page);
  const wanted = normaliseFilters(filters);
  const text = (query ?? '').trim();
  if (text.length > MAX_QUERY_LENGTH) throw new SearchError(`The query is ${text.length} characters long; at most ${MAX_QUERY_LENGTH}`);
  if (!text) {
    if (!hasFilters(wanted)) throw new SearchError('Empty query: type part of a title, a line or an author, or give a filter');
    return browse(sql, wanted, limit, offset);
  }
  const key = searchKey(text);
  // Only punctuation or symbols: nothing in a poem can match them literally.
  if (!key) return { results: [], total: 0 };

  const rows = await rankedMatches(sql, key, wanted, limit, offset);
  let total = rows[0]?.total ?? 0;
  // Past the last page: still report how many there are.
  if (rows.length === 0 && offset > 0) total = (await rankedMatches(sql, key, wanted, 1, 0))[0]?.total ?? 0;
  const poems = await loadPoems(
    sql,
    rows.map((row) => row.poem_id),
  );
  const tiers = new Map(rows.map((row) => [row.poem_id, MATCH_KINDS[row.tier]!]));
  return { results: poems.map((poem) => ({ ...poem, match: tiers.get(poem.id)! })), total };
}

/** The top of the key's range: every key starting with `key` sorts between key and this. */
function prefixEnd(key: string): string {
  return `${key}\u{10FFFF}`;
}

type RankedRow = { poem_id: string; tier: number; total: number };

async function rankedMatches(sql: Sql, key: string, filters: NormalisedFilters, limit: number, offset: number): Promise<RankedRow[]> {
  const exact = await exactMatches(sql, key, filters, limit, offset);
  if (exact.length > 0 || offset > 0) return exact;
  // Nothing matched exactly: close matches instead (one character off).
  const length = [...key].length;
  if (length < FUZZY_MIN || length > FUZZY_MAX) return [];
  return fuzzyMatches(sql, key, filters, limit, offset);
}

async function exactMatches(sql: Sql, key: string, filters: NormalisedFilters, limit: number, offset: number): Promise<RankedRow[]> {
  const where = filterSql(sql, filters);
  const end = prefixEnd(key);
  const contains = `%${escapeLike(key)}%`;
  return sql<RankedRow[]>`
    with hits as (
      select poem_id, case when title_key = ${key} then 0 else 2 end as tier, fame, anthologised
      from corpus_search where title_key >= ${key} and title_key < ${end} ${where}
      union all
      select poem_id, case when alt_title_key = ${key} then 0 else 2 end, fame, anthologised
      from corpus_search where alt_title_key >= ${key} and alt_title_key < ${end} ${where}
      union all
      select poem_id, 1, fame, anthologised from corpus_search where author_key = ${key} ${where}
      union all
      select poem_id, case when text_key like ${contains} then 3 else 4 end, fame, anthologised
      from corpus_search
      where string_to_array(title_key || text_key, null) @> ${characters(key)}::text[]
        and (text_key like ${contains} or title_key like ${contains} or alt_title_key like ${contains}) ${where}
    ),
    best as (
      select poem_id, min(tier) as tier, min(fame) as fame, bool_or(anthologised) as anthologised
      from hits group by poem_id
    )
    select poem_id, tier, count(*) over ()::int as total
    from best
    order by tier, fame desc nulls last, anthologised desc, poem_id
    limit ${limit} offset ${offset}
  `;
}

async function fuzzyMatches(sql: Sql, key: string, filters: NormalisedFilters, limit: number, offset: number): Promise<RankedRow[]> {
  const where = filterSql(sql, filters);
  const containsAllButOne = fuzzyCharacterSets(key)
    .map((set) => sql`string_to_array(title_key || text_key, null) @> ${set}::text[]`)
    .reduce((a, b) => sql`${a} or ${b}`);
  return sql<RankedRow[]>`
    select poem_id, 5 as tier, count(*) over ()::int as total
    from corpus_search
    where (${containsAllButOne}) and (title_key || '|' || text_key) ~ ${fuzzyRegex(key)} ${where}
    order by fame desc nulls last, anthologised desc, poem_id
    limit ${limit} offset ${offset}
  `;
}

/** No query, only filters: the matching poems by fame. */
async function browse(sql: Sql, filters: NormalisedFilters, limit: number, offset: number): Promise<SearchResult> {
  const where = filterSql(sql, filters);
  const [counted] = await sql<{ total: number }[]>`select count(*)::int as total from corpus_search where true ${where}`;
  const total = counted?.total ?? 0;
  const rows = await sql<{ poem_id: string }[]>`
    select poem_id from corpus_search where true ${where}
    order by fame desc nulls last, anthologised desc, poem_id
    limit ${limit} offset ${offset}
  `;
  const poems = await loadPoems(
    sql,
    rows.map((row) => row.poem_id),
  );
  return { results: poems.map((poem) => ({ ...poem, match: 'filter' as const })), total };
}

function filterSql(sql: Sql, filters: NormalisedFilters) {
  let fragment = sql``;
  if (filters.dynasty) fragment = sql`${fragment} and dynasty = ${filters.dynasty}`;
  if (filters.authorKey) fragment = sql`${fragment} and author_key = ${filters.authorKey}`;
  if (filters.form) {
    const form = filters.form;
    fragment = sql`${fragment} and (form = ${form} or tune = ${form} or form like ${`%${escapeLike(form)}`})`;
  }
  if (filters.collection) fragment = sql`${fragment} and collections @> ${[filters.collection]}::text[]`;
  return fragment;
}
