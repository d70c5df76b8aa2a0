// The poem a production films, read from the corpus (pasted poems live there too, source 'pasted').
import type { Sql } from '../../platform/db.js';
import type { PoemToInterpret } from '../../prompts/interpret.js';
import { getPoem } from '../../corpus/poems.js';

export async function loadPoemForProduction(sql: Sql, poemId: string): Promise<PoemToInterpret | undefined> {
  const poem = await getPoem(sql, poemId);
  if (!poem) return undefined;
  return { id: poem.id, title: poem.title, author: poem.author, dynasty: poem.dynasty, form: poem.form, lines: poem.lines, linesTraditional: poem.linesTraditional };
}
