// What the public gallery reads: visible publications only (a publication row whose
// `unpublished_at` is null). Anything else does not exist as far as visitors are concerned.
import { pinyin } from 'pinyin-pro';
import type { Sql } from '../../platform/db.js';
import { mediaUrl } from './media.js';
import type { FilmView } from './components/film-player.js';

/** A visible film as the gallery's pages get it: what the player shows, plus its credits. */
export interface Film extends FilmView {
  credits: { poet: string; provider: string; reviewers: string[] };
  publishedAt: string;
}

interface FilmRow {
  slug: string;
  title: string;
  title_traditional: string;
  author: string;
  author_traditional: string;
  dynasty: string;
  lines: string[];
  lines_traditional: string[];
  translation: string[] | null;
  film: string;
  poster: string;
  vtt: string;
  duration_sec: number;
  aspect: string | null;
  credits: { poet?: string; provider?: string; reviewers?: string[] };
  published_at: Date;
  production_id: string;
  shot_translations: { lines: number[] | null; translation: string | null }[] | null;
}

function translationByLine(row: FilmRow): string[] | null {
  const byLine = new Array<string>(row.lines.length).fill('');
  if (row.shot_translations && row.shot_translations.length > 0) {
    for (const shot of row.shot_translations) {
      const last = Math.max(-1, ...(shot.lines ?? []).filter((line) => Number.isInteger(line) && line < byLine.length));
      if (shot.translation && last >= 0) byLine[last] = byLine[last] ? `${byLine[last]} ${shot.translation}` : shot.translation;
    }
  } else if (row.translation && row.translation.length > 0) {
    if (row.translation.length === row.lines.length) return row.translation;
    byLine[byLine.length - 1] = row.translation.join(' ');
  }
  return byLine.some((line) => line !== '') ? byLine : null;
}

function toFilm(row: FilmRow): Film {
  return {
    slug: row.slug,
    title: row.title,
    titleTraditional: row.title_traditional,
    author: row.author,
    authorTraditional: row.author_traditional,
    dynasty: row.dynasty,
    lines: row.lines,
    linesTraditional: row.lines_traditional,
    translation: translationByLine(row),
    film: mediaUrl(row.film),
    poster: mediaUrl(row.poster),
    vtt: mediaUrl(row.vtt),
    durationSec: row.duration_sec,
    aspect: row.aspect === '16:9' ? '16:9' : '9:16',
    credits: { poet: row.credits.poet ?? row.author, provider: row.credits.provider ?? '', reviewers: row.credits.reviewers ?? [] },
    publishedAt: row.published_at.toISOString(),
  };
}

function columns(sql: Sql) {
  return sql`p.slug, p.title, p.title_traditional, p.author, p.author_traditional, p.dynasty, p.lines, p.lines_traditional,
    p.translation, p.film, p.poster, p.vtt, p.duration_sec, pr.options->>'aspect' as aspect, p.credits, p.published_at, p.production_id,
    (select jsonb_agg(jsonb_build_object('lines', s->'lineIndexes', 'translation', s->'narration'->>'translation') order by ord)
       from production_versions v, jsonb_array_elements(v.plan->'shots') with ordinality as shots(s, ord)
       where v.production_id = p.production_id and v.version = p.version) as shot_translations`;
}

export interface FeedPage {
  films: Film[];
  /** Pass as `after` for the next page; null at the end. */
  next: string | null;
}

/** Films per feed page: one fills the screen, so a small first page renders fast and the rest streams in. */
export const FEED_PAGE_SIZE = 4;
/** The first page is shared by every visitor: kept this long (a new film shows up within it). */
const FIRST_PAGE_TTL_MS = 1000;
let firstPage: { at: number; page: Promise<FeedPage> } | undefined;

/** The newest films, from a one-second cache (the gallery's front page is its hottest path). */
export function galleryFrontPage(sql: Sql): Promise<FeedPage> {
  const now = Date.now();
  if (!firstPage || now - firstPage.at > FIRST_PAGE_TTL_MS) {
    const page = galleryFeed(sql, null);
    firstPage = { at: now, page };
    page.catch(() => {
      if (firstPage?.page === page) firstPage = undefined;
    });
  }
  return firstPage.page;
}

/** Newest first. The cursor is `<published_at ISO>|<production id>` of the last film shown. */
export async function galleryFeed(sql: Sql, after: string | null, limit = FEED_PAGE_SIZE): Promise<FeedPage> {
  let cursor: { at: Date; id: string } | null = null;
  if (after) {
    const [at, id] = after.split('|');
    const date = new Date(at ?? '');
    if (id && !Number.isNaN(date.getTime())) cursor = { at: date, id };
  }
  const rows = await sql<FilmRow[]>`
    select ${columns(sql)}
    from publications p join productions pr on pr.id = p.production_id
    where p.unpublished_at is null
      ${cursor ? sql`and (p.published_at, p.production_id) < (${cursor.at}, ${cursor.id})` : sql``}
    order by p.published_at desc, p.production_id desc
    limit ${limit + 1}`;
  const films = rows.slice(0, limit);
  const last = rows.length > limit ? films[films.length - 1] : undefined;
  return { films: films.map(toFilm), next: last ? `${last.published_at.toISOString()}|${last.production_id}` : null };
}

export async function filmBySlug(sql: Sql, slug: string): Promise<Film | null> {
  const [row] = await sql<FilmRow[]>`
    select ${columns(sql)} from publications p join productions pr on pr.id = p.production_id
    where p.slug = ${slug} and p.unpublished_at is null`;
  return row ? toFilm(row) : null;
}

export async function filmsByPoet(sql: Sql, name: string): Promise<Film[]> {
  const rows = await sql<FilmRow[]>`
    select ${columns(sql)} from publications p join productions pr on pr.id = p.production_id
    where (p.author = ${name} or p.author_traditional = ${name}) and p.unpublished_at is null
    order by p.published_at desc limit 200`;
  return rows.map(toFilm);
}

export async function poetBio(sql: Sql, name: string, dynasty: string): Promise<{ bio: string; bioTraditional: string } | null> {
  try {
    const [row] = await sql<{ bio: string; bio_traditional: string }[]>`
      select bio, bio_traditional from corpus_authors where dynasty = ${dynasty} and (name = ${name} or name_traditional = ${name}) limit 1`;
    return row && row.bio ? { bio: row.bio, bioTraditional: row.bio_traditional } : null;
  } catch {
    return null;
  }
}

const LIKE_SPECIALS = /[\\%_]/g;

/** Published films whose title, poet or lines contain the query, in either script. */
export async function searchFilms(sql: Sql, query: string, limit = 60): Promise<Film[]> {
  const words = query
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .split(/\s+/)
    .filter((word) => word !== '')
    .slice(0, 5);
  if (words.length === 0) return [];
  const conditions = words.map((word) => {
    const pattern = `%${word.replace(LIKE_SPECIALS, (c) => `\\${c}`)}%`;
    return sql`(p.title ilike ${pattern} or p.title_traditional ilike ${pattern} or p.author ilike ${pattern} or p.author_traditional ilike ${pattern}
      or p.slug ilike ${pattern} or p.dynasty ilike ${pattern}
      or array_to_string(p.lines, '|') ilike ${pattern} or array_to_string(p.lines_traditional, '|') ilike ${pattern}
      or coalesce(array_to_string(p.translation, '|'), '') ilike ${pattern})`;
  });
  const where = conditions.reduce((all, condition) => sql`${all} and ${condition}`);
  const rows = await sql<FilmRow[]>`
    select ${columns(sql)} from publications p join productions pr on pr.id = p.production_id
    where p.unpublished_at is null and ${where}
    order by (p.title = ${query} or p.title_traditional = ${query}) desc, p.published_at desc
    limit ${limit}`;
  return rows.map(toFilm);
}

/** Pinyin with tone marks of each Han character of each line, in order (both scripts read the same). */
export function pinyinOfLines(lines: string[]): string[][] {
  return lines.map((line) => pinyin(line, { type: 'array', toneType: 'symbol', nonZh: 'removed' }));
}
