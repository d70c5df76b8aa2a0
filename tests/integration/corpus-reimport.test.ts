// Re-importing: the same package leaves the same rows; changed, removed and added source records
// update, delete and insert. Runs in a database of its own with a few small collections and a
// copy of the package where some records are edited.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectDatabase, type Sql } from '../../platform/db.js';
import { migrate } from '../../platform/migrate.js';
import { importCorpus, type ImportSummary } from '../../corpus/import.js';
import { testDatabaseUrl } from '../support/database.js';
import { packageDist } from './corpus-fixture.js';

const database = `shiying_corpus_reimport_${process.pid}`;
let admin: Sql;
let sql: Sql;
let edited: string;

const SMALL = ['曹操诗集', '楚辞', '诗经'];
const SONG = { collections: ['全宋诗'], limit: 20 };

interface Snapshot {
  poems: string;
  sources: string;
  search: string;
}

async function snapshot(): Promise<Snapshot> {
  const [row] = await sql<Snapshot[]>`
    select (select string_agg(id || ':' || content_hash || ':' || updated_at, ',' order by id) from corpus_poems) as poems,
           (select string_agg(collection || ':' || source_key || ':' || poem_id || ':' || content_hash, ',' order by collection, source_key) from corpus_sources) as sources,
           (select string_agg(poem_id || ':' || md5(title_key || text_key || coalesce(fame::text, '')), ',' order by poem_id) from corpus_search) as search
  `;
  return row!;
}

async function count(collection: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from corpus_sources where collection = ${collection}`;
  return row!.n;
}

/** A copy of the package's dist/ (symlinks) with 曹操诗集 and the first 全宋诗 file edited. */
async function editedPackage(): Promise<string> {
  const real = packageDist();
  const dir = await mkdtemp(path.join(tmpdir(), 'shiying-corpus-package-'));
  for (const entry of await readdir(real)) {
    if (entry === 'caocaoshiji' || entry === 'quantangshi') continue;
    await symlink(path.join(real, entry), path.join(dir, entry));
  }
  await mkdir(path.join(dir, 'quantangshi'));
  for (const entry of await readdir(path.join(real, 'quantangshi'))) {
    if (entry !== 'poet.song.0.json') await symlink(path.join(real, 'quantangshi', entry), path.join(dir, 'quantangshi', entry));
  }
  const song = JSON.parse(await readFile(path.join(real, 'quantangshi', 'poet.song.0.json'), 'utf8')) as Array<{ paragraphs: string[] }>;
  song[0]!.paragraphs = ['欲出未出光辣達，千山萬山如火發。', '須臾走向天上來，趕却殘星趕却月。'];
  await writeFile(path.join(dir, 'quantangshi', 'poet.song.0.json'), JSON.stringify(song));
  await mkdir(path.join(dir, 'caocaoshiji'));
  const caocao = JSON.parse(await readFile(path.join(real, 'caocaoshiji', 'caocao.json'), 'utf8')) as Array<{ title: string; paragraphs: string[] }>;
  caocao[0]!.paragraphs = [...caocao[0]!.paragraphs.slice(0, -1), '兼爱尚同，疏者为亲。']; // changed text: a new id
  caocao.splice(1, 1); // removed
  caocao.push({ title: '新增测试诗', paragraphs: ['明月出东山，清风入我怀。'] }); // added
  await writeFile(path.join(dir, 'caocaoshiji', 'caocao.json'), JSON.stringify(caocao));
  return dir;
}

before(async () => {
  const url = new URL(testDatabaseUrl());
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  admin = connectDatabase(adminUrl.toString(), { max: 1 });
  await admin.unsafe(`drop database if exists ${database} with (force)`);
  await admin.unsafe(`create database ${database}`);
  url.pathname = `/${database}`;
  sql = connectDatabase(url.toString(), { max: 4 });
  await migrate(sql);
  edited = await editedPackage();
});

after(async () => {
  await sql?.end({ timeout: 5 });
  await admin?.unsafe(`drop database if exists ${database} with (force)`);
  await admin?.end({ timeout: 5 });
  if (edited) await rm(edited, { recursive: true, force: true });
});

describe('re-importing the corpus', () => {
  let first: ImportSummary;

  it('imports into an empty database, then merges', async () => {
    first = await importCorpus(sql, { collections: SMALL });
    assert.equal(first.mode, 'fresh');
    assert.deepEqual([await count('曹操诗集'), await count('楚辞'), await count('诗经')], [26, 65, 305]);
    const song = await importCorpus(sql, SONG);
    assert.equal(song.mode, 'merge');
    assert.equal(song.inserted, 20);
    assert.equal(await count('全宋诗'), 20);
  });

  it('leaves the same rows, untouched, when run again on the same package', async () => {
    const before = await snapshot();
    const again = await importCorpus(sql, { collections: SMALL });
    const songAgain = await importCorpus(sql, SONG);
    for (const summary of [again, songAgain]) assert.deepEqual([summary.inserted, summary.updated, summary.deleted], [0, 0, 0]);
    assert.deepEqual(await snapshot(), before);
  });

  it('updates changed records, deletes removed ones and inserts new ones', async () => {
    const [oldFirst] = await sql<{ id: string }[]>`select poem_id as id from corpus_sources where collection = '曹操诗集' and title = '度关山'`;
    const changed = await importCorpus(sql, { collections: SMALL, packageDir: edited });
    // 度关山's text changed (a new hashed id replaces the old poem), one poem removed, one added.
    assert.deepEqual([changed.inserted, changed.updated, changed.deleted], [2, 0, 2]);
    assert.equal(await count('曹操诗集'), 26);
    const [gone] = await sql<{ n: number }[]>`select count(*)::int as n from corpus_poems where id = ${oldFirst!.id}`;
    assert.equal(gone!.n, 0);
    const [added] = await sql<{ lines: string[]; collections: string[] }[]>`select lines, collections from corpus_poems where title = '新增测试诗'`;
    assert.deepEqual(added!.lines, ['明月出东山，', '清风入我怀。']);
    assert.deepEqual(added!.collections, ['曹操诗集']);
    // A record with its own id keeps its id and is updated in place.
    const song = await importCorpus(sql, { ...SONG, packageDir: edited });
    assert.deepEqual([song.inserted, song.updated, song.deleted], [0, 1, 0]);
    const [poem] = await sql<{ lines: string[]; lines_traditional: string[] }[]>`
      select lines, lines_traditional from corpus_poems where id = '08e41396-2809-423d-9bbc-1e6fb24c0ca1'
    `;
    assert.equal(poem!.lines_traditional[3], '趕却殘星趕却月。');
    assert.equal(poem!.lines[3], '赶却残星赶却月。');
    const [search] = await sql<{ text_key: string }[]>`select text_key from corpus_search where poem_id = '08e41396-2809-423d-9bbc-1e6fb24c0ca1'`;
    assert.match(search!.text_key, /赶却残星赶却月/);
  });

  it('goes back to the package’s rows when re-imported from it', async () => {
    const back = await importCorpus(sql, { collections: SMALL });
    assert.deepEqual([back.inserted, back.deleted], [2, 2]);
    const songBack = await importCorpus(sql, SONG);
    assert.equal(songBack.updated, 1);
    const rerun = await importCorpus(sql, { collections: SMALL });
    assert.deepEqual([rerun.inserted, rerun.updated, rerun.deleted], [0, 0, 0]);
  });

  it('keeps pasted poems, and poems it did not import, through re-imports', async () => {
    // A pasted poem, and a row some other module's test put in directly (no membership).
    await sql`
      insert into corpus_poems (id, source, script, title, title_traditional, author, author_traditional, dynasty, form, lines, lines_traditional, content_hash)
      values ('00000000-0000-5000-8000-000000000001', 'pasted', 'simplified', '试', '試', '佚名', '佚名', '未知', '杂言古诗', '{明月}', '{明月}', 'x'),
             ('00000000-0000-5000-8000-000000000002', 'corpus', 'simplified', '试', '試', '佚名', '佚名', '唐', '杂言古诗', '{明月}', '{明月}', 'x')
    `;
    const summary = await importCorpus(sql, { collections: SMALL });
    assert.equal(summary.deleted, 0);
    const [kept] = await sql<{ n: number }[]>`select count(*)::int as n from corpus_poems where id::text like '00000000-0000-5000-8000-00000000000_'`;
    assert.equal(kept!.n, 2);
  });
});
