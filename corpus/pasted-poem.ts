// Poems a curator pastes because they are not in the corpus. The text is validated (each rule
// that fails is reported with its own message), split into lines like corpus poems, converted to
// both scripts and stored with source 'pasted'. Pasting a poem that is already in the corpus
// returns the corpus poem; pasting the same poem twice returns the same pasted poem.
import type { Sql } from '../platform/db.js';
import { detectForm } from './forms.js';
import { nameBasedId } from './ids.js';
import { verseLines } from './lines.js';
import { searchKey } from './normalise.js';
import { contentHash, UNTITLED, type PoemRow } from './poem-record.js';
import { getPoem } from './poems.js';
import type { PoemJson } from './poem-json.js';
import { inBothScripts, toSimplified } from './scripts.js';

export const PASTED_LIMITS = { maxCharacters: 4000, minLines: 1, maxLines: 200, maxTitle: 100, maxAuthor: 40 } as const;

export interface PastedPoemInput {
  text: string;
  title?: string;
  author?: string;
  /** Optional; '未知' when not given. */
  dynasty?: string;
}

export type PastedPoemRule =
  | 'text-required'
  | 'text-too-long'
  | 'text-characters'
  | 'too-few-lines'
  | 'too-many-lines'
  | 'title-characters'
  | 'title-too-long'
  | 'author-characters'
  | 'author-too-long'
  | 'dynasty-characters';

export interface PastedPoemProblem {
  field: 'text' | 'title' | 'author' | 'dynasty';
  rule: PastedPoemRule;
  message: string;
}

export interface ValidPastedPoem {
  lines: string[];
  notes: string[];
  title: string;
  author: string;
  dynasty: string;
}

export type PastedPoemValidation = { ok: true; poem: ValidPastedPoem } | { ok: false; problems: PastedPoemProblem[] };

export class PastedPoemError extends Error {
  override name = 'PastedPoemError';
  constructor(readonly problems: PastedPoemProblem[]) {
    super(problems.map((problem) => problem.message).join('; '));
  }
}

const HAN = /\p{Script=Han}/u;
const PUNCTUATION = /\p{P}/u;
const SPACE = /\s/u;
/** Marks for lost characters in classical texts. */
const LOST = new Set(['□', '〇', '○']);

function isAllowed(ch: string): boolean {
  return HAN.test(ch) || PUNCTUATION.test(ch) || SPACE.test(ch) || LOST.has(ch);
}

/** Characters that are neither Chinese nor punctuation, with where they are (1-based line, column). */
function foreignCharacters(text: string): Array<{ ch: string; line: number; column: number }> {
  const found: Array<{ ch: string; line: number; column: number }> = [];
  text.split('\n').forEach((line, index) => {
    let column = 0;
    for (const ch of line) {
      column++;
      if (!isAllowed(ch)) found.push({ ch, line: index + 1, column });
    }
  });
  return found;
}

function describeForeign(found: ReturnType<typeof foreignCharacters>): string {
  const shown = found
    .slice(0, 3)
    .map(({ ch, line, column }) => `"${ch}" (line ${line}, column ${column})`)
    .join(', ');
  return found.length > 3 ? `${shown} and ${found.length - 3} more` : shown;
}

function checkLabel(
  field: 'title' | 'author' | 'dynasty',
  value: string | undefined,
  max: number,
  problems: PastedPoemProblem[],
): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  const name = field[0]!.toUpperCase() + field.slice(1);
  if ([...trimmed].length > max) {
    problems.push({ field, rule: `${field}-too-long` as PastedPoemRule, message: `${name} is ${[...trimmed].length} characters long; at most ${max}` });
  }
  const foreign = foreignCharacters(trimmed);
  if (foreign.length > 0) {
    problems.push({
      field,
      rule: `${field}-characters` as PastedPoemRule,
      message: `${name} must be Chinese characters and punctuation only; not ${describeForeign(foreign)}`,
    });
  }
  return trimmed;
}

/** Checks a pasted poem against every rule, reporting each one it breaks. */
export function validatePastedPoem(input: PastedPoemInput): PastedPoemValidation {
  const problems: PastedPoemProblem[] = [];
  const text = (input.text ?? '').replace(/\r\n?/g, '\n').trim();
  const title = checkLabel('title', input.title, PASTED_LIMITS.maxTitle, problems);
  const author = checkLabel('author', input.author, PASTED_LIMITS.maxAuthor, problems);
  const dynasty = checkLabel('dynasty', input.dynasty, 10, problems);
  if (!text) {
    problems.push({ field: 'text', rule: 'text-required', message: 'The poem text is empty: paste its lines' });
    return { ok: false, problems };
  }
  const length = [...text].length;
  if (length > PASTED_LIMITS.maxCharacters) {
    problems.push({
      field: 'text',
      rule: 'text-too-long',
      message: `The poem is ${length} characters long; at most ${PASTED_LIMITS.maxCharacters} are accepted`,
    });
  }
  const foreign = foreignCharacters(text);
  if (foreign.length > 0) {
    problems.push({
      field: 'text',
      rule: 'text-characters',
      message: `The poem must be Chinese characters and punctuation only; not ${describeForeign(foreign)}`,
    });
  }
  const { lines, notes } = verseLines(text.split('\n'));
  if (lines.length < PASTED_LIMITS.minLines) {
    problems.push({ field: 'text', rule: 'too-few-lines', message: 'The poem has no lines: it needs at least one line of Chinese characters' });
  } else if (lines.length > PASTED_LIMITS.maxLines) {
    problems.push({
      field: 'text',
      rule: 'too-many-lines',
      message: `The poem has ${lines.length} lines; at most ${PASTED_LIMITS.maxLines} are accepted`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, poem: { lines, notes, title: title ?? UNTITLED, author: author ?? '佚名', dynasty: dynasty ?? '未知' } };
}

/** Validates and stores a pasted poem (or finds it already stored); throws PastedPoemError. */
export async function submitPastedPoem(sql: Sql, input: PastedPoemInput): Promise<PoemJson> {
  const validation = validatePastedPoem(input);
  if (!validation.ok) throw new PastedPoemError(validation.problems);
  const { lines, title: rawTitle, author: rawAuthor, dynasty } = validation.poem;
  const traditionalSource = [rawTitle, rawAuthor, ...lines].some((text) => toSimplified(text) !== text);
  const script = traditionalSource ? 'traditional' : 'simplified';
  const converted = inBothScripts([rawTitle, rawAuthor, ...lines], script);
  const [title, author, ...simplifiedLines] = converted.simplified as [string, string, ...string[]];
  const [titleTraditional, authorTraditional, ...traditionalLines] = converted.traditional as [string, string, ...string[]];
  const textKey = simplifiedLines.map(searchKey).join('');

  // Already in the corpus (same text, either script, any punctuation)?
  const [existing] = await sql<{ poem_id: string }[]>`
    select poem_id from corpus_search
    where string_to_array(title_key || text_key, null) @> ${[...new Set(textKey)]}::text[]
      and (text_key = ${textKey} or text_key like ${`${textKey.replace(/[\\%_]/g, (ch) => `\\${ch}`)}|%`})
    order by fame desc nulls last
    limit 1
  `;
  if (existing) return (await getPoem(sql, existing.poem_id))!;

  const { form, tune } = detectForm({ kind: 'mixed', lines: simplifiedLines, title });
  const id = nameBasedId('pasted', title, author, simplifiedLines.join('\n'));
  const poem: PoemRow = {
    id,
    source: 'pasted',
    script,
    title,
    titleTraditional,
    author,
    authorTraditional,
    dynasty: toSimplified(dynasty),
    form,
    tune,
    lines: simplifiedLines,
    linesTraditional: traditionalLines,
    strains: null,
    fame: null,
    anthologised: false,
    collections: [],
    titleKey: searchKey(title),
    altTitleKey: null,
    authorKey: searchKey(author),
    textKey,
  };
  await sql.begin(async (tx) => {
    await tx`
      insert into corpus_poems (id, source, script, title, title_traditional, author, author_traditional, dynasty, form, tune,
                                lines, lines_traditional, strains, fame, anthologised, collections, content_hash)
      values (${poem.id}, 'pasted', ${poem.script}, ${poem.title}, ${poem.titleTraditional}, ${poem.author}, ${poem.authorTraditional},
              ${poem.dynasty}, ${poem.form}, ${poem.tune}, ${poem.lines}, ${poem.linesTraditional}, null, null, false, '{}'::text[],
              ${contentHash(JSON.stringify(poem))})
      on conflict (id) do nothing
    `;
    await tx`
      insert into corpus_search (poem_id, title_key, alt_title_key, author_key, text_key, fame, anthologised, dynasty, form, tune, collections)
      values (${poem.id}, ${poem.titleKey}, null, ${poem.authorKey}, ${poem.textKey}, null, false, ${poem.dynasty}, ${poem.form}, ${poem.tune},
              '{}'::text[])
      on conflict (poem_id) do nothing
    `;
  });
  return (await getPoem(sql, id))!;
}
