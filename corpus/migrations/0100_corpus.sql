-- The corpus: classical poems from the `chinese-poetry` package (and poems curators paste),
-- stored in Simplified and Traditional, plus a narrow search table with normalised keys and its
-- indexes. See corpus/README.md.

create table if not exists corpus_poems (
  -- the package's UUID (全唐诗, 全宋诗), else a name-based UUID of the source record (corpus/ids.ts)
  id uuid primary key,
  -- 'corpus' (from the package) or 'pasted' (submitted by a curator)
  source text not null check (source in ('corpus', 'pasted')),
  -- the script the source text is in; those columns hold the source text unconverted
  script text not null check (script in ('traditional', 'simplified')),
  title text not null,
  title_traditional text not null,
  author text not null,
  author_traditional text not null,
  dynasty text not null,
  -- 五言绝句, 七言律诗, 五言古诗, 杂言古诗, 乐府, 骚体, 四言诗, 词, 曲 …
  form text not null,
  -- 词牌 / 曲牌 (null for 诗)
  tune text,
  lines text[] not null check (cardinality(lines) > 0),
  lines_traditional text[] not null,
  -- tone pattern (平仄) per line, aligned with lines, where the package has it
  strains text[],
  -- in [0, 1] from the package's rank data; null = unknown
  fame real check (fame between 0 and 1),
  -- in an anthology (唐诗三百首, 宋词三百首): the tie-breaker after fame
  anthologised boolean not null default false,
  collections text[] not null default '{}',
  -- digest of everything the import derives for this poem (search row included)
  content_hash text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- One row per record in a package file: which collections a poem is in. Where a collection's
-- reading differs from the poem's (全唐诗's 牀前看月光 against 唐诗三百首's 床前明月光), that
-- reading is kept here.
create table if not exists corpus_sources (
  collection text collate "C" not null,
  -- the package id, or the poem's hashed id (with #2, #3 … for exact repeats in a collection)
  source_key text collate "C" not null,
  poem_id uuid not null references corpus_poems (id) on delete cascade,
  -- as in the source, in the source's script
  title text not null,
  author text not null,
  -- this collection's reading, only when it differs from the poem's lines
  lines text[],
  lines_traditional text[],
  -- editorial notes removed from the text (一作 readings, stage directions …)
  notes text[],
  content_hash text not null,
  primary key (collection, source_key)
);

create index if not exists corpus_sources_poem on corpus_sources (poem_id);

-- What search reads: one narrow row per poem (keys folded to Simplified without punctuation,
-- see corpus/normalise.ts), so index rechecks and scans touch little data. Keys compare by code
-- point (collation "C"): cheaper to index, and LIKE 'prefix%' can use the btree indexes.
create table if not exists corpus_search (
  poem_id uuid primary key references corpus_poems (id) on delete cascade,
  title_key text collate "C" not null,
  -- the base collection's title when an anthology retitled the poem (相和歌辞 蜀道难 → 蜀道难)
  alt_title_key text collate "C",
  author_key text collate "C" not null,
  -- every line of every reading, readings separated by '|'
  text_key text collate "C" not null,
  fame real,
  anthologised boolean not null,
  dynasty text not null,
  form text not null,
  tune text,
  collections text[] not null
);

-- Exact and prefix title matches, exact author matches (in fame order), browsing by fame.
create index if not exists corpus_search_title on corpus_search (title_key);
create index if not exists corpus_search_alt_title on corpus_search (alt_title_key) where alt_title_key is not null;
create index if not exists corpus_search_author on corpus_search (author_key, fame desc nulls last);
create index if not exists corpus_search_fame on corpus_search (fame desc nulls last, anthologised desc, poem_id);
-- Substring matches: which characters a poem's title and lines contain. A GIN over characters
-- (not trigrams) because Chinese text has almost no repeated trigrams: a trigram index over
-- 18 million characters takes over a minute to build, this one a few seconds, and it serves
-- one- and two-character queries too. Candidates are rechecked with LIKE.
create index if not exists corpus_search_chars on corpus_search using gin (string_to_array(title_key || text_key, null));

create table if not exists corpus_authors (
  dynasty text not null,
  name_key text collate "C" not null,
  name text not null,
  name_traditional text not null,
  bio text not null,
  bio_traditional text not null,
  primary key (dynasty, name_key)
);

create table if not exists corpus_imports (
  id bigserial primary key,
  package_version text not null,
  collections text[] not null,
  record_limit integer,
  records_read integer not null,
  poems integer not null,
  inserted integer not null,
  updated integer not null,
  deleted integer not null,
  duration_ms integer not null,
  finished_at timestamptz not null default now()
);
