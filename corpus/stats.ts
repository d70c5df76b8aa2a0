// What the corpus holds: poems in all, per collection (records imported from each package
// collection), per dynasty and form, and the last import.
import type { Sql } from '../platform/db.js';
import { COLLECTIONS } from './collections.js';

export interface CorpusStats {
  poems: number;
  byCollection: Record<string, number>;
  byDynasty: Record<string, number>;
  byForm: Record<string, number>;
  pasted: number;
  authors: number;
  lastImport: { finishedAt: string; packageVersion: string; durationMs: number; collections: string[]; limit: number | null } | null;
}

export async function corpusStats(sql: Sql): Promise<CorpusStats> {
  const [counts] = await sql<{ poems: number; pasted: number; authors: number }[]>`
    select (select count(*)::int from corpus_poems) as poems,
           (select count(*)::int from corpus_poems where source = 'pasted') as pasted,
           (select count(*)::int from corpus_authors) as authors
  `;
  const collections = await sql<{ collection: string; n: number }[]>`
    select collection, count(*)::int as n from corpus_sources group by collection
  `;
  const dynasties = await sql<{ dynasty: string; n: number }[]>`
    select dynasty, count(*)::int as n from corpus_search group by dynasty order by n desc
  `;
  const forms = await sql<{ form: string; n: number }[]>`
    select form, count(*)::int as n from corpus_search group by form order by n desc
  `;
  const [last] = await sql<{ finished_at: Date; package_version: string; duration_ms: number; collections: string[]; record_limit: number | null }[]>`
    select finished_at, package_version, duration_ms, collections, record_limit from corpus_imports order by id desc limit 1
  `;
  const byCollectionCounts = new Map(collections.map((row) => [row.collection, row.n]));
  const byCollection: Record<string, number> = {};
  for (const collection of COLLECTIONS) byCollection[collection.name] = byCollectionCounts.get(collection.name) ?? 0;
  return {
    poems: counts!.poems,
    byCollection,
    byDynasty: Object.fromEntries(dynasties.map((row) => [row.dynasty, row.n])),
    byForm: Object.fromEntries(forms.map((row) => [row.form, row.n])),
    pasted: counts!.pasted,
    authors: counts!.authors,
    lastImport: last
      ? {
          finishedAt: last.finished_at.toISOString(),
          packageVersion: last.package_version,
          durationMs: last.duration_ms,
          collections: last.collections,
          limit: last.record_limit,
        }
      : null,
  };
}
