// Looking poems up: by id, or by title (and author) the way a curator names a poem.
import type { Sql } from '../platform/db.js';
import { isPoemId } from './ids.js';
import { escapeLike, searchKey } from './normalise.js';
import { loadPoems, type PoemJson } from './poem-json.js';

export interface PoemDetails extends PoemJson {
  /** The author's biography, when the package has one. */
  authorBio?: string;
  /** Editorial notes the import removed from the text (一作 readings, sources …). */
  notes?: string[];
}

/** The poem with this id (with its other readings), or null. */
export async function getPoem(sql: Sql, id: string): Promise<PoemJson | null> {
  if (!isPoemId(id)) return null;
  const [poem] = await loadPoems(sql, [id.trim().toLowerCase()], { variants: true });
  return poem ?? null;
}

/**
 * The best-known poem with this title (either script, any punctuation; an anthology's title or
 * the base collection's), optionally by this author. When no title matches exactly: the best-known
 * title starting with it, then containing it (天净沙·秋思 finds 越调・天净沙秋思).
 */
export async function findPoemByTitle(sql: Sql, title: string, author?: string): Promise<PoemJson | null> {
  const titleKey = searchKey(title);
  if (!titleKey) return null;
  const authorKey = author?.trim() ? searchKey(author) : null;
  const byAuthor = authorKey ? sql`and author_key = ${authorKey}` : sql``;
  const [exact] = await sql<{ poem_id: string }[]>`
    select poem_id from corpus_search
    where (title_key = ${titleKey} or alt_title_key = ${titleKey}) ${byAuthor}
    order by fame desc nulls last, anthologised desc, poem_id
    limit 1
  `;
  const found =
    exact ??
    (
      await sql<{ poem_id: string }[]>`
        select poem_id from corpus_search
        where title_key >= ${titleKey} and title_key < ${`${titleKey}\u{10FFFF}`} ${byAuthor}
        order by fame desc nulls last, anthologised desc, poem_id
        limit 1
      `
    )[0] ??
    (
      await sql<{ poem_id: string }[]>`
        select poem_id from corpus_search
        where string_to_array(title_key || text_key, null) @> ${[...new Set(titleKey)]}::text[]
          and title_key like ${`%${escapeLike(titleKey)}%`} ${byAuthor}
        order by fame desc nulls last, anthologised desc, length(title_key), poem_id
        limit 1
      `
    )[0];
  if (!found) return null;
  return getPoem(sql, found.poem_id);
}

/** A poem with what `corpus show` prints besides the poem itself. */
export async function getPoemDetails(sql: Sql, poem: PoemJson): Promise<PoemDetails> {
  const [bio] = await sql<{ bio: string }[]>`
    select bio from corpus_authors where dynasty = ${poem.dynasty} and name_key = ${searchKey(poem.author)} and bio <> ''
  `;
  const notes = await sql<{ notes: string[] }[]>`
    select notes from corpus_sources where poem_id = ${poem.id}::uuid and notes is not null order by collection
  `;
  const details: PoemDetails = { ...poem };
  if (bio) details.authorBio = bio.bio;
  const allNotes = notes.flatMap((row) => row.notes);
  if (allNotes.length > 0) details.notes = allNotes;
  return details;
}
