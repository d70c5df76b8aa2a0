// The console's window on the corpus (corpus/ owns the tables and the search): search in either
// script with filters (ranked by match, then fame), one poem with its poet's biography, the filter
// choices, and pasting a poem that is not there.
import type { Sql } from '../../platform/db.js';
import { SEARCH_PAGE_SIZE } from './constants.js';
import { getPoem, getPoemDetails, PastedPoemError, searchPoems, SearchError, submitPastedPoem, type PoemJson, type SearchFilters } from '../../corpus/index.js';

export type CorpusPoem = PoemJson & { match?: string };

export interface CorpusFilters {
  dynasty?: string;
  form?: string;
  collection?: string;
  author?: string;
}

export interface CorpusSearchPage {
  poems: CorpusPoem[];
  total: number;
  /** Why nothing could be searched (a filter the corpus does not know …), for the curator. */
  problem?: string;
}


/** One page of matches; without a query or filters, nothing (the page offers examples instead). */
export async function searchCorpus(sql: Sql, query: string, filters: CorpusFilters, page: number): Promise<CorpusSearchPage> {
  const wanted: SearchFilters = Object.fromEntries(Object.entries(filters).filter(([, value]) => value)) as SearchFilters;
  if (query.trim() === '' && Object.keys(wanted).length === 0) return { poems: [], total: 0 };
  try {
    const result = await searchPoems(sql, query, wanted, { limit: SEARCH_PAGE_SIZE, offset: (Math.max(1, page) - 1) * SEARCH_PAGE_SIZE });
    return { poems: result.results, total: result.total };
  } catch (error) {
    if (error instanceof SearchError) return { poems: [], total: 0, problem: error.message };
    throw error;
  }
}

export async function getCorpusPoem(sql: Sql, id: string): Promise<(CorpusPoem & { authorBio?: string }) | null> {
  const poem = await getPoem(sql, id);
  if (!poem) return null;
  const details = await getPoemDetails(sql, poem);
  return { ...poem, ...(details.authorBio ? { authorBio: details.authorBio } : {}) };
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
    sql<{ value: string }[]>`select dynasty as value from corpus_search where dynasty <> '' group by 1 order by count(*) desc`,
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
  constructor(readonly fields: Partial<Record<'text' | 'title' | 'author' | 'dynasty', string>>) {
    super(Object.values(fields).join('; '));
  }
}

/**
 * Adds a pasted poem to the corpus (or finds it there) so it can be previewed and queued like any
 * other; problems come back per field.
 */
export async function pastePoem(sql: Sql, input: { text: string; title?: string; author?: string; dynasty?: string }): Promise<CorpusPoem> {
  try {
    return await submitPastedPoem(sql, input);
  } catch (error) {
    if (error instanceof PastedPoemError) {
      const fields: Partial<Record<'text' | 'title' | 'author' | 'dynasty', string>> = {};
      for (const problem of error.problems) fields[problem.field] = fields[problem.field] ? `${fields[problem.field]}; ${problem.message}` : problem.message;
      throw new PasteError(fields);
    }
    throw error;
  }
}
