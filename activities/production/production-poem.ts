// The poem a production films, read from the corpus (pasted poems live there too, source 'pasted').
import type { Sql } from '../../platform/db.js';
import type { PoemToInterpret } from '../../prompts/interpret.js';

export async function loadPoemForProduction(sql: Sql, poemId: string): Promise<PoemToInterpret | undefined> {
  const [row] = await sql<{ id: string; title: string; author: string; dynasty: string; form: string; lines: string[]; lines_traditional: string[] }[]>`
    select id, title, author, dynasty, form, lines, lines_traditional from corpus_poems where id = ${poemId}`;
  if (!row) return undefined;
  return { id: row.id, title: row.title, author: row.author, dynasty: row.dynasty, form: row.form, lines: row.lines, linesTraditional: row.lines_traditional };
}
