// The poem as the rest of the product sees it (CLI `--json`, console, prompts): lines in
// Simplified plus their Traditional forms, never the search keys.
import { z } from 'zod';
import type { Sql } from '../platform/db.js';
import { toSimplified } from './scripts.js';

export const PoemVariantJson = z.object({
  collection: z.string(),
  title: z.string(),
  lines: z.array(z.string()),
  linesTraditional: z.array(z.string()),
});

export const PoemJson = z.object({
  id: z.string().uuid(),
  title: z.string(),
  titleTraditional: z.string(),
  author: z.string(),
  authorTraditional: z.string(),
  dynasty: z.string(),
  form: z.string(),
  /** 词牌 / 曲牌 for 词 and 曲, else null. */
  tune: z.string().nullable(),
  lines: z.array(z.string().min(1)).min(1),
  linesTraditional: z.array(z.string().min(1)).min(1),
  collections: z.array(z.string()),
  /** In [0, 1]; null when the package has no rank data for the poem. */
  fame: z.number().min(0).max(1).nullable(),
  /** Tone pattern per line, when the package has it. */
  strains: z.array(z.string()).optional(),
  /** 'corpus' or 'pasted'. */
  source: z.enum(['corpus', 'pasted']),
  /** Other collections' readings where they differ (静夜思 in 全唐诗: 牀前看月光). */
  variants: z.array(PoemVariantJson).optional(),
});

export type PoemJson = z.infer<typeof PoemJson>;
export type PoemVariantJson = z.infer<typeof PoemVariantJson>;

/** The corpus_poems columns a PoemJson is made of, for `select ${poemColumns(sql, 'p')}`. */
export const POEM_JSON_COLUMNS = [
  'id',
  'title',
  'title_traditional',
  'author',
  'author_traditional',
  'dynasty',
  'form',
  'tune',
  'lines',
  'lines_traditional',
  'collections',
  'fame',
  'strains',
  'source',
] as const;

export interface PoemRowColumns {
  id: string;
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
  source: 'corpus' | 'pasted';
}

export function poemFromRow(row: PoemRowColumns, variants?: PoemVariantJson[]): PoemJson {
  const poem: PoemJson = {
    id: row.id,
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
    fame: row.fame === null ? null : Number(row.fame),
    source: row.source,
  };
  if (row.strains) poem.strains = row.strains;
  if (variants && variants.length > 0) poem.variants = variants;
  return poem;
}

/** Loads poems by id, in the order given (missing ids are left out). */
export async function loadPoems(sql: Sql, ids: readonly string[], options: { variants?: boolean } = {}): Promise<PoemJson[]> {
  if (ids.length === 0) return [];
  const rows = await sql<PoemRowColumns[]>`
    select ${sql(POEM_JSON_COLUMNS as unknown as string[])} from corpus_poems where id = any(${ids}::uuid[])
  `;
  const variants = new Map<string, PoemVariantJson[]>();
  if (options.variants) {
    const sourceRows = await sql<{ poem_id: string; collection: string; title: string; lines: string[]; lines_traditional: string[] }[]>`
      select poem_id, collection, title, lines, lines_traditional from corpus_sources
      where poem_id = any(${ids}::uuid[]) and lines is not null
      order by collection, source_key
    `;
    for (const row of sourceRows) {
      const list = variants.get(row.poem_id) ?? [];
      list.push({ collection: row.collection, title: toSimplified(row.title), lines: row.lines, linesTraditional: row.lines_traditional });
      variants.set(row.poem_id, list);
    }
  }
  const byId = new Map(rows.map((row) => [row.id, poemFromRow(row, variants.get(row.id))]));
  return ids.map((id) => byId.get(id)).filter((poem): poem is PoemJson => poem !== undefined);
}
