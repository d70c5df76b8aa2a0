// Which poem a production films: a corpus poem by id or by title (and author), or pasted text,
// which is validated and stored as a pasted poem first (so it has an id like any other).
import type { Sql } from '../platform/db.js';
import { findPoemByTitle, getPoem } from '../corpus/poems.js';
import { PastedPoemError, submitPastedPoem } from '../corpus/pasted-poem.js';
import type { PoemJson } from '../corpus/poem-json.js';
import { ProductionError } from './productions.js';

export interface PoemSelection {
  id?: string;
  title?: string;
  author?: string;
  text?: string;
}

export async function selectPoem(sql: Sql, selection: PoemSelection): Promise<PoemJson> {
  const chosen = [selection.id, selection.text, selection.text === undefined ? selection.title : undefined].filter((v) => v !== undefined);
  if (chosen.length !== 1) throw new ProductionError('choose the poem with exactly one of --id, --title or --text');
  if (selection.id !== undefined) {
    const poem = await getPoem(sql, selection.id);
    if (!poem) throw new ProductionError(`no poem with id "${selection.id}"`, 404);
    return poem;
  }
  if (selection.text !== undefined) {
    try {
      return await submitPastedPoem(sql, { text: selection.text, title: selection.title, author: selection.author });
    } catch (error) {
      // It names every rule the text breaks.
      if (error instanceof PastedPoemError) throw new ProductionError(`the pasted poem is not accepted: ${error.message}`);
      throw error;
    }
  }
  const poem = await findPoemByTitle(sql, selection.title!, selection.author);
  if (!poem) throw new ProductionError(`no poem titled "${selection.title}"${selection.author ? ` by ${selection.author}` : ''}`, 404);
  return poem;
}
