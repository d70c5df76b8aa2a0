// Importing the `chinese-poetry` package into Postgres.
//
// The package is read one file at a time; every record becomes a poem (display row + search row)
// and a membership row. Both streams go with COPY, each on its own connection, into unlogged
// staging tables; then one transaction moves them into the corpus:
// - first import (no corpus yet): plain inserts, with the search indexes dropped and rebuilt;
// - later imports: merge. New poems are inserted, poems whose derived content changed are updated,
//   unchanged ones are not touched, and poems no longer in a fully re-read collection are deleted.
// The corpus tables only ever change inside that transaction, so an import lands completely or
// not at all, and a session advisory lock keeps two imports (`npm start` and the CLI) apart.
import { once } from 'node:events';
import { finished, pipeline } from 'node:stream/promises';
import type { Readable, Writable } from 'node:stream';
import type { Sql } from '../platform/db.js';
import { AnthologyLinker } from './anthology.js';
import { resolveCollections, type CollectionDefinition } from './collections.js';
import { copyField, copyRow } from './copy-format.js';
import { knownQuTunes } from './forms.js';
import { searchKey } from './normalise.js';
import { buildPoem, contentHash, mergeAnthologyEntry, type BuiltPoem, type PoemRow, type SourceRow } from './poem-record.js';
import { inBothScripts } from './scripts.js';
import { SpillFile } from './spill-file.js';
import {
  collectionFiles,
  packageDir as defaultPackageDir,
  packageVersion,
  readAuthors,
  readCollectionFile,
  readComposites,
  readRanks,
  rankKind,
  type SourceAuthor,
  type SourceFile,
  type SourceRecord,
} from './sources.js';

export interface ImportOptions {
  /** Collection names or slugs (default: all). An anthology and its base come together. */
  collections?: readonly string[];
  /** Read at most this many records of each collection (for trials; nothing is deleted then). */
  limit?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** The package's dist/ folder (default: node_modules/chinese-poetry/dist). */
  packageDir?: string;
}

export type ImportPhase = 'prepare' | 'read' | 'store' | 'index' | 'done';

export interface ImportProgress {
  phase: ImportPhase;
  collection?: string;
  /** Bytes of package files read so far, and in all. */
  bytesDone: number;
  bytesTotal: number;
  poems: number;
  message: string;
}

export interface ImportSummary {
  mode: 'fresh' | 'merge';
  collections: string[];
  /** Records with verse read per collection (records without any text are skipped). */
  byCollection: Record<string, number>;
  recordsRead: number;
  /** Records without any verse (`。`, `（缺词文）`), not imported. */
  skipped: number;
  poems: number;
  anthologyLinks: number;
  inserted: number;
  updated: number;
  deleted: number;
  durationMs: number;
}

/** Session advisory lock held for a whole import. */
const IMPORT_LOCK = 7_471_100;
const STAGE_POEMS = 'corpus_stage_poems';
const STAGE_SOURCES = 'corpus_stage_sources';

const POEM_COLUMNS = [
  'id',
  'source',
  'script',
  'title',
  'title_traditional',
  'author',
  'author_traditional',
  'dynasty',
  'form',
  'tune',
  'lines',
  'lines_traditional',
  'strains',
  'fame',
  'anthologised',
  'collections',
] as const;
const SEARCH_ONLY_COLUMNS = ['title_key', 'alt_title_key', 'author_key', 'text_key'] as const;
/** Staged poem rows: the poem, its search keys, then the digest of all of it. */
const STAGE_POEM_COLUMNS = [...POEM_COLUMNS, ...SEARCH_ONLY_COLUMNS, 'content_hash'] as const;
const SEARCH_COLUMNS = [
  'poem_id',
  'title_key',
  'alt_title_key',
  'author_key',
  'text_key',
  'fame',
  'anthologised',
  'dynasty',
  'form',
  'tune',
  'collections',
] as const;
const SOURCE_COLUMNS = ['collection', 'source_key', 'poem_id', 'title', 'author', 'lines', 'lines_traditional', 'notes', 'content_hash'] as const;

/** A poem encoded once for every table it goes to, with the digest of all of it. */
export interface EncodedPoem {
  /** corpus_poems columns (POEM_COLUMNS, then content_hash). */
  poemLine: string;
  /** corpus_search columns (SEARCH_COLUMNS). */
  searchLine: string;
  /** Staging columns (STAGE_POEM_COLUMNS). */
  stageLine: string;
}

export function encodePoem(poem: PoemRow): EncodedPoem {
  const poemFields = [
    poem.id,
    poem.source,
    poem.script,
    poem.title,
    poem.titleTraditional,
    poem.author,
    poem.authorTraditional,
    poem.dynasty,
    poem.form,
    poem.tune,
    poem.lines,
    poem.linesTraditional,
    poem.strains,
    poem.fame,
    poem.anthologised,
    poem.collections,
  ].map(copyField);
  const keyFields = [poem.titleKey, poem.altTitleKey, poem.authorKey, poem.textKey].map(copyField);
  const body = `${poemFields.join('\t')}\t${keyFields.join('\t')}`;
  const hash = contentHash(body);
  // SEARCH_COLUMNS: poem_id, keys…, fame, anthologised, dynasty, form, tune, collections
  const searchLine = [poemFields[0], ...keyFields, poemFields[13], poemFields[14], poemFields[7], poemFields[8], poemFields[9], poemFields[15]].join('\t');
  return {
    poemLine: `${poemFields.join('\t')}\t${hash}\n`,
    searchLine: `${searchLine}\n`,
    stageLine: `${body}\t${hash}\n`,
  };
}

function sourceLine(source: SourceRow): string {
  const body = [source.collection, source.sourceKey, source.poemId, source.title, source.author, source.lines, source.linesTraditional, source.notes]
    .map(copyField)
    .join('\t');
  return `${body}\t${contentHash(body)}\n`;
}

/** Buffers COPY rows into chunks and respects the socket's backpressure. */
class CopyWriter {
  private chunks: string[] = [];
  private size = 0;

  private constructor(private readonly stream: Writable) {}

  static async open(sql: Sql, table: string, columns: readonly string[]): Promise<CopyWriter> {
    const stream = await sql.unsafe(`copy ${table} (${columns.join(', ')}) from stdin`).writable();
    return new CopyWriter(stream);
  }

  async write(line: string): Promise<void> {
    this.chunks.push(line);
    this.size += line.length;
    if (this.size >= 128 * 1024) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.chunks.length === 0) return;
    const chunk = this.chunks.join('');
    this.chunks = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
  }
}

interface Plan {
  collection: CollectionDefinition;
  files: SourceFile[];
}

/** Whether the corpus has not been imported yet (`npm start` imports it then). */
export async function corpusIsEmpty(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ empty: boolean }[]>`select not exists (select 1 from corpus_sources) as empty`;
  return row!.empty;
}

/** Where built poems and memberships go: straight into the corpus, or into staging tables. */
interface PoemSink {
  poem(poem: PoemRow): Promise<void>;
  source(source: SourceRow): Promise<void>;
}

interface Prepared {
  dir: string;
  limit: number | undefined;
  plans: Plan[];
  ranks: Awaited<ReturnType<typeof readRanks>> | undefined;
  composites: Map<string, string>;
  progress: (phase: ImportPhase, message: string, collection?: string) => void;
  addBytes: (bytes: number) => void;
}

interface Produced {
  byCollection: Record<string, number>;
  recordsRead: number;
  skipped: number;
  anthologyLinks: number;
}

/**
 * Reads the planned collections and hands every poem and membership to the sink. Anthologies
 * are built first (they are small) so that their base collections can hold back the poems the
 * entries may be linked to while they stream past; those are written once the links are known.
 */
async function produce(prepared: Prepared, sink: PoemSink): Promise<Produced> {
  const { dir, limit, plans, ranks, composites } = prepared;
  const linkers = new Map<string, AnthologyLinker>();
  const byCollection: Record<string, number> = {};
  let recordsRead = 0;
  let skipped = 0;
  for (const plan of plans.filter((p) => p.collection.anthologyOf)) {
    const entries: BuiltPoem[] = [];
    for (const file of plan.files) {
      for (const record of limitRecords(await readCollectionFile(plan.collection, file.file, dir), limit, entries.length)) {
        recordsRead++;
        const built = buildPoem(record, { composites, ranks });
        if (built) entries.push(built);
        else skipped++;
      }
      prepared.addBytes(file.bytes);
    }
    byCollection[plan.collection.name] = entries.length;
    linkers.set(plan.collection.anthologyOf!, new AnthologyLinker(entries));
  }

  for (const plan of plans.filter((p) => !p.collection.anthologyOf)) {
    const { collection } = plan;
    const linker = linkers.get(collection.name);
    let count = 0;
    for (const file of plan.files) {
      if (limit !== undefined && count >= limit) {
        prepared.addBytes(file.bytes);
        continue;
      }
      const records = limitRecords(await readCollectionFile(collection, file.file, dir), limit, count);
      const quTunes = collection.kind === 'qu' ? knownQuTunes(records.map((record) => record.title)) : undefined;
      let previousTune: string | null = null;
      for (const record of records) {
        recordsRead++;
        const built = buildPoem(record, { composites, ranks, quTunes, previousTune });
        if (!built) {
          skipped++;
          continue;
        }
        count++;
        previousTune = built.poem.tune;
        if (linker?.offer(built)) continue;
        await sink.poem(built.poem);
        await sink.source(built.source);
      }
      prepared.addBytes(file.bytes);
      prepared.progress('read', `${collection.name} ${file.file}`, collection.name);
    }
    byCollection[collection.name] = count;
  }

  let anthologyLinks = 0;
  for (const linker of linkers.values()) {
    const { links, unlinked } = linker.resolve();
    anthologyLinks += links.length;
    const linkedBases = new Set<string>();
    for (const link of links) {
      const merged = mergeAnthologyEntry(link.base, link.entry);
      linkedBases.add(link.base.poem.id);
      await sink.poem(merged.poem);
      await sink.source(merged.baseSource);
      await sink.source(merged.entrySource);
    }
    for (const base of linker.heldBases()) {
      if (linkedBases.has(base.poem.id)) continue;
      await sink.poem(base.poem);
      await sink.source(base.source);
    }
    for (const entry of unlinked) {
      await sink.poem(entry.poem);
      await sink.source(entry.source);
    }
  }
  return { byCollection, recordsRead, skipped, anthologyLinks };
}

/** Gives exact repeats one poem row, and their memberships distinct keys (`key#2`). */
function dedupingSink(write: { poem(encoded: EncodedPoem): Promise<void>; source(line: string): Promise<void> }) {
  const poems = new Set<string>();
  const sourceKeys = new Set<string>();
  const sink: PoemSink = {
    async poem(poem) {
      if (poems.has(poem.id)) return;
      poems.add(poem.id);
      await write.poem(encodePoem(poem));
    },
    async source(source) {
      let key = source.sourceKey;
      for (let n = 2; sourceKeys.has(`${source.collection}\u0000${key}`); n++) key = `${source.sourceKey}#${n}`;
      sourceKeys.add(`${source.collection}\u0000${key}`);
      await write.source(sourceLine(key === source.sourceKey ? source : { ...source, sourceKey: key }));
    },
  };
  return { sink, poems };
}

export async function importCorpus(sql: Sql, options: ImportOptions = {}): Promise<ImportSummary> {
  const started = performance.now();
  const dir = options.packageDir ?? defaultPackageDir();
  const limit = options.limit !== undefined && options.limit >= 0 ? Math.floor(options.limit) : undefined;
  const collections = resolveCollections(options.collections);
  const plans: Plan[] = await Promise.all(
    collections.map(async (collection) => ({ collection, files: await collectionFiles(collection, dir) })),
  );
  const bytesTotal = plans.reduce((sum, plan) => sum + plan.files.reduce((s, f) => s + f.bytes, 0), 0);
  let bytesDone = 0;
  let poemCount = 0;
  const progress = (phase: ImportPhase, message: string, collection?: string) =>
    options.onProgress?.({ phase, collection, bytesDone, bytesTotal, poems: poemCount, message });

  const lock = await sql.reserve();
  try {
    progress('prepare', 'waiting for other imports');
    await lock`select pg_advisory_lock(${IMPORT_LOCK})`;
    try {
      progress('prepare', 'reading rank data, glyph table and authors');
      // Rank data only matters to collections it covers, glyph descriptions to Traditional ones.
      const ranked = collections.some((collection) => rankKind(collection) !== null);
      const traditional = collections.some((collection) => collection.script === 'traditional');
      const [ranks, composites, sourceAuthors, version] = await Promise.all([
        ranked ? readRanks(dir) : undefined,
        traditional ? readComposites(dir) : new Map<string, string>(),
        readAuthors(collections, dir),
        packageVersion(),
      ]);
      const authors = authorRows(sourceAuthors);
      const prepared: Prepared = {
        dir,
        limit,
        plans,
        ranks,
        composites,
        progress,
        addBytes: (bytes) => {
          bytesDone += bytes;
        },
      };
      const fresh = await corpusIsEmpty(sql);
      const finish = async (tx: Sql, produced: Produced, poems: number, counts: Counts) => {
        await upsertAuthors(tx, authors);
        await tx`analyze corpus_poems`;
        await tx`analyze corpus_search`;
        await tx`analyze corpus_sources`;
        await tx`
          insert into corpus_imports (package_version, collections, record_limit, records_read, poems, inserted, updated, deleted, duration_ms)
          values (${version}, ${collections.map((c) => c.name)}, ${limit ?? null}, ${produced.recordsRead}, ${poems},
                  ${counts.inserted}, ${counts.updated}, ${counts.deleted}, ${Math.round(performance.now() - started)})
        `;
      };
      let produced: Produced;
      let poems: number;
      let counts: Counts;
      if (fresh) {
        ({ produced, poems, counts } = await sql.begin(async (transaction) => {
          const tx = transaction as unknown as Sql;
          const result = await importFresh(tx, prepared, (n) => (poemCount = n), progress);
          await finish(tx, result.produced, result.poems, result.counts);
          return result;
        }));
      } else {
        const staged = await stage(sql, prepared, (n) => (poemCount = n));
        progress('store', 'merging into the corpus');
        produced = staged.produced;
        poems = staged.poems;
        const fullyRead = limit === undefined ? collections.map((c) => c.name) : [];
        counts = await sql.begin(async (transaction) => {
          const tx = transaction as unknown as Sql;
          await tx`set local synchronous_commit = off`;
          await tx`set local work_mem = '64MB'`;
          const merged = await storeMerge(tx, fullyRead);
          await finish(tx, produced, poems, merged);
          return merged;
        });
      }
      progress('done', `${poems} poems`);
      return {
        mode: fresh ? 'fresh' : 'merge',
        collections: collections.map((c) => c.name),
        byCollection: produced.byCollection,
        recordsRead: produced.recordsRead,
        skipped: produced.skipped,
        poems,
        anthologyLinks: produced.anthologyLinks,
        ...counts,
        durationMs: Math.round(performance.now() - started),
      };
    } finally {
      await lock`drop table if exists ${lock(STAGE_POEMS)}, ${lock(STAGE_SOURCES)}`.catch(() => {});
      await lock`select pg_advisory_unlock(${IMPORT_LOCK})`.catch(() => {});
    }
  } finally {
    lock.release();
  }
}

/**
 * First import, in one transaction: search rows stream into corpus_search while the package is
 * read (Postgres maintains its character index on the other core meanwhile); poem and membership
 * rows are held and copied afterwards. Foreign keys are dropped for the load and re-added, which
 * checks them in one pass instead of row by row.
 */
async function importFresh(
  tx: Sql,
  prepared: Prepared,
  onPoems: (n: number) => void,
  progress: Prepared['progress'],
): Promise<{ produced: Produced; poems: number; counts: Counts }> {
  await tx`set local synchronous_commit = off`;
  await tx`set local maintenance_work_mem = '256MB'`;
  await tx`set local gin_pending_list_limit = '64MB'`;
  const foreignKeys = await tx<{ table: string; name: string; definition: string }[]>`
    select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as definition
    from pg_constraint
    where contype = 'f' and confrelid = 'corpus_poems'::regclass and conrelid in ('corpus_search'::regclass, 'corpus_sources'::regclass)
  `;
  for (const fk of foreignKeys) await tx.unsafe(`alter table ${fk.table} drop constraint ${quoteIdent(fk.name)}`);

  const searchCopy = await CopyWriter.open(tx, 'corpus_search', SEARCH_COLUMNS);
  const poemFile = await SpillFile.create('poems.copy');
  const sourceFile = await SpillFile.create('sources.copy');
  try {
    const { sink, poems } = dedupingSink({
      async poem(encoded) {
        onPoems(poems.size);
        await poemFile.write(encoded.poemLine);
        await searchCopy.write(encoded.searchLine);
      },
      source: (line) => sourceFile.write(line),
    });
    const produced = await produce(prepared, sink);
    await searchCopy.end();
    progress('store', 'storing poems');
    await copyFrom(tx, 'corpus_poems', [...POEM_COLUMNS, 'content_hash'], await poemFile.read());
    await copyFrom(tx, 'corpus_sources', SOURCE_COLUMNS, await sourceFile.read());
    progress('index', 'checking references');
    for (const fk of foreignKeys) await tx.unsafe(`alter table ${fk.table} add constraint ${quoteIdent(fk.name)} ${fk.definition}`);
    return { produced, poems: poems.size, counts: { inserted: poems.size, updated: 0, deleted: 0 } };
  } finally {
    await Promise.all([poemFile.remove(), sourceFile.remove()]);
  }
}
/** Later imports: copy everything into staging tables (poems and memberships on two connections). */
async function stage(sql: Sql, prepared: Prepared, onPoems: (n: number) => void): Promise<{ produced: Produced; poems: number }> {
  await createStageTables(sql);
  const [poemCopy, sourceCopy] = await Promise.all([
    CopyWriter.open(sql, STAGE_POEMS, STAGE_POEM_COLUMNS),
    CopyWriter.open(sql, STAGE_SOURCES, SOURCE_COLUMNS),
  ]);
  const { sink, poems } = dedupingSink({
    async poem(encoded) {
      onPoems(poems.size);
      await poemCopy.write(encoded.stageLine);
    },
    source: (line) => sourceCopy.write(line),
  });
  const produced = await produce(prepared, sink);
  await Promise.all([poemCopy.end(), sourceCopy.end()]);
  return { produced, poems: poems.size };
}

async function copyFrom(tx: Sql, table: string, columns: readonly string[], rows: Readable): Promise<void> {
  const stream = await tx.unsafe(`copy ${table} (${columns.join(', ')}) from stdin`).writable();
  await pipeline(rows, stream);
}

/** The records of a file still within the per-collection limit (`count` taken so far). */
function limitRecords(records: SourceRecord[], limit: number | undefined, count: number): SourceRecord[] {
  if (limit === undefined) return records;
  return records.slice(0, Math.max(0, limit - count));
}

async function createStageTables(sql: Sql): Promise<void> {
  await sql`drop table if exists ${sql(STAGE_POEMS)}, ${sql(STAGE_SOURCES)}`;
  await sql.unsafe(`
    create unlogged table ${STAGE_POEMS} (
      id uuid, source text, script text, title text, title_traditional text, author text, author_traditional text,
      dynasty text, form text, tune text, lines text[], lines_traditional text[], strains text[], fame real,
      anthologised boolean, collections text[], title_key text collate "C", alt_title_key text collate "C",
      author_key text collate "C", text_key text collate "C",
      content_hash text
    )
  `);
  await sql.unsafe(`create unlogged table ${STAGE_SOURCES} (like corpus_sources)`);
}

function searchSelect(prefix = ''): string {
  return SEARCH_COLUMNS.map((column) => (column === 'poem_id' ? `${prefix}id` : `${prefix}${column}`)).join(', ');
}

interface Counts {
  inserted: number;
  updated: number;
  deleted: number;
}

/** Later imports: insert new poems, update changed ones, delete the ones gone from the package. */
async function storeMerge(tx: Sql, fullyRead: string[]): Promise<Counts> {
  await tx.unsafe(`analyze ${STAGE_POEMS}`);
  await tx.unsafe(`analyze ${STAGE_SOURCES}`);
  await tx.unsafe(`
    create temp table corpus_changed on commit drop as
    select s.id, p.id is null as is_new
    from ${STAGE_POEMS} s left join corpus_poems p on p.id = s.id
    where p.content_hash is distinct from s.content_hash
  `);
  const poemColumns = POEM_COLUMNS.join(', ');
  const poemUpdates = [...POEM_COLUMNS.filter((c) => c !== 'id'), 'content_hash'].map((c) => `${c} = excluded.${c}`).join(', ');
  await tx.unsafe(`
    insert into corpus_poems (${poemColumns}, content_hash)
    select ${POEM_COLUMNS.map((c) => `s.${c}`).join(', ')}, s.content_hash
    from ${STAGE_POEMS} s join corpus_changed c on c.id = s.id
    on conflict (id) do update set ${poemUpdates}, updated_at = now()
  `);
  const searchUpdates = SEARCH_COLUMNS.filter((c) => c !== 'poem_id').map((c) => `${c} = excluded.${c}`).join(', ');
  await tx.unsafe(`
    insert into corpus_search (${SEARCH_COLUMNS.join(', ')})
    select ${searchSelect('s.')} from ${STAGE_POEMS} s join corpus_changed c on c.id = s.id
    on conflict (poem_id) do update set ${searchUpdates}
  `);
  // Poems that may lose their last membership: those whose membership now points elsewhere
  // (an anthology entry linked anew), and those of memberships gone from the package. Only these
  // are deleted when left without memberships; other rows (pasted poems, rows other modules'
  // tests put in) are never touched.
  await tx.unsafe(`
    create temp table corpus_released on commit drop as
    select s.poem_id from corpus_sources s join ${STAGE_SOURCES} t on t.collection = s.collection and t.source_key = s.source_key
    where s.poem_id <> t.poem_id
  `);
  const sourceUpdates = SOURCE_COLUMNS.filter((c) => c !== 'collection' && c !== 'source_key')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
  await tx.unsafe(`
    insert into corpus_sources select * from ${STAGE_SOURCES}
    on conflict (collection, source_key) do update set ${sourceUpdates}
    where corpus_sources.content_hash is distinct from excluded.content_hash
  `);
  if (fullyRead.length > 0) {
    await tx.unsafe(
      `
      with gone as (
        delete from corpus_sources s
        where s.collection = any($1)
          and not exists (select 1 from ${STAGE_SOURCES} t where t.collection = s.collection and t.source_key = s.source_key)
        returning s.poem_id
      )
      insert into corpus_released select poem_id from gone
    `,
      [fullyRead],
    );
  }
  const removed = await tx`
    delete from corpus_poems p
    where p.source = 'corpus' and p.id in (select poem_id from corpus_released)
      and not exists (select 1 from corpus_sources s where s.poem_id = p.id)
  `;
  const deleted = removed.count;
  const [changed] = await tx<{ inserted: number; updated: number }[]>`
    select count(*) filter (where is_new)::int as inserted, count(*) filter (where not is_new)::int as updated from corpus_changed
  `;
  return { inserted: changed!.inserted, updated: changed!.updated, deleted };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

interface AuthorRow {
  dynasty: string;
  nameKey: string;
  name: string;
  nameTraditional: string;
  bio: string;
  bioTraditional: string;
}

/** Author biographies, one per dynasty and name (the first non-empty biography wins). */
function authorRows(authors: readonly SourceAuthor[]): AuthorRow[] {
  const rows = new Map<string, AuthorRow>();
  for (const author of authors) {
    const nameKey = searchKey(author.name);
    if (!nameKey) continue;
    const key = `${author.dynasty}\u0000${nameKey}`;
    const existing = rows.get(key);
    if (existing && (existing.bio || !author.bio)) continue;
    const converted = inBothScripts([author.name, author.bio.replace(/\s*\n\s*/g, ' ').trim()], author.script);
    rows.set(key, {
      dynasty: author.dynasty,
      nameKey,
      name: converted.simplified[0]!,
      nameTraditional: converted.traditional[0]!,
      bio: converted.simplified[1]!,
      bioTraditional: converted.traditional[1]!,
    });
  }
  return [...rows.values()];
}

async function upsertAuthors(tx: Sql, rows: readonly AuthorRow[]): Promise<void> {
  await tx`create temp table corpus_stage_authors (like corpus_authors) on commit drop`;
  const copy = await CopyWriter.open(tx, 'corpus_stage_authors', ['dynasty', 'name_key', 'name', 'name_traditional', 'bio', 'bio_traditional']);
  for (const row of rows) {
    await copy.write(copyRow([row.dynasty, row.nameKey, row.name, row.nameTraditional, row.bio, row.bioTraditional]));
  }
  await copy.end();
  await tx`
    insert into corpus_authors (dynasty, name_key, name, name_traditional, bio, bio_traditional)
    select dynasty, name_key, name, name_traditional, bio, bio_traditional from corpus_stage_authors
    on conflict (dynasty, name_key) do update set
      name = excluded.name, name_traditional = excluded.name_traditional, bio = excluded.bio, bio_traditional = excluded.bio_traditional
    where (corpus_authors.name, corpus_authors.name_traditional, corpus_authors.bio, corpus_authors.bio_traditional)
      is distinct from (excluded.name, excluded.name_traditional, excluded.bio, excluded.bio_traditional)
  `;
}
