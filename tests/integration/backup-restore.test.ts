// Backup → wipe → restore on the local cluster, through the real CLI: a scratch database seeded
// with publications (real MP4s, posters, WebVTT), drafts and accounts, and a media store of its
// own, plus a stand-in for Temporal's database (backed up with --with-database). After the
// databases are dropped and the media store deleted, `shiying restore` must bring back every row
// and every file byte for byte; a damaged or altered backup must be refused before anything is
// written.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase, type Sql } from '../../platform/db.js';
import { migrate } from '../../platform/migrate.js';
import { FIXTURE_POEMS, insertDraft, insertPublishedFilm, insertUser } from '../support/console-fixtures.js';
import { testDatabaseUrl } from '../support/database.js';
import { runShiying, type CliResult } from '../support/processes.js';

const SOURCE = `shiying_backup_src_${process.pid}`;
const OTHER = `shiying_backup_other_${process.pid}`;
/** Stands in for Temporal's `temporal` database: another database of the same server. */
const WORKFLOWS = `shiying_backup_wf_${process.pid}`;

let admin: Sql;
let scratch: string;
let mediaRoot: string;
let backupsDir: string;
let backupDir: string;
/** Publication media read before the wipe: path → bytes. */
const publicationMedia = new Map<string, Buffer>();
let tablesBefore: Record<string, string>;
let workflowsBefore: Record<string, string>;
let mediaBefore: Record<string, string>;

function urlOf(database: string): string {
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

function env(database: string, media: string): Record<string, string> {
  return { DATABASE_URL: urlOf(database), SHIYING_MEDIA_ROOT: media };
}

/** Every table of the public schema as the text of its rows in a fixed order. */
async function tableContents(database: string): Promise<Record<string, string>> {
  const sql = connectDatabase(urlOf(database), { max: 1 });
  try {
    const tables = await sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public' order by tablename`;
    const contents: Record<string, string> = {};
    for (const { name } of tables) {
      const [row] = await sql.unsafe<{ rows: string }[]>(
        `select coalesce(string_agg(to_jsonb(t)::text, E'\\n' order by to_jsonb(t)::text), '') as rows from "${name}" t`,
      );
      contents[name] = row!.rows;
    }
    return contents;
  } finally {
    await sql.end({ timeout: 2 });
  }
}

/** sha256 of every file under `root` (the store's .tmp work area aside). */
async function mediaContents(root: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  async function walk(dir: string, prefix: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (!prefix && entry.name === '.tmp') continue;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), relative);
      else result[relative] = createHash('sha256').update(await readFile(path.join(dir, entry.name))).digest('hex');
    }
  }
  if (existsSync(root)) await walk(root, '');
  return result;
}

async function databaseExists(database: string): Promise<boolean> {
  return (await admin`select 1 from pg_database where datname = ${database}`).length > 0;
}

function assertOneLineError(result: CliResult, pattern: RegExp): void {
  assert.equal(result.code, 1, `expected failure, got ${result.code}\n${result.stdout}\n${result.stderr}`);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${result.stderr}`);
  assert.match(lines[0]!, /^shiying: /);
  assert.match(lines[0]!, pattern);
}

before(async () => {
  const adminUrl = new URL(testDatabaseUrl());
  adminUrl.pathname = '/postgres';
  admin = connectDatabase(adminUrl.toString(), { max: 1 });
  for (const database of [SOURCE, OTHER, WORKFLOWS]) await admin.unsafe(`drop database if exists ${database} with (force)`);
  await admin.unsafe(`create database ${SOURCE}`);
  await admin.unsafe(`create database ${WORKFLOWS}`);
  const workflows = connectDatabase(urlOf(WORKFLOWS), { max: 1 });
  await workflows`create table executions (workflow_id text primary key, data bytea not null, next_event_id bigint not null)`;
  await workflows`create sequence shard_seq start 40`;
  await workflows`insert into executions select 'prod-' || i, decode(md5(i::text), 'hex'), i * 7 from generate_series(1, 50) i`;
  await workflows.end({ timeout: 2 });

  scratch = await mkdtemp(path.join(os.tmpdir(), 'shiying-backup-test-'));
  mediaRoot = path.join(scratch, 'media');
  backupsDir = path.join(scratch, 'backups');
  const sql = connectDatabase(urlOf(SOURCE), { max: 2 });
  try {
    await migrate(sql);
    const published = [
      await insertPublishedFilm(sql, mediaRoot, FIXTURE_POEMS[0]!),
      await insertPublishedFilm(sql, mediaRoot, FIXTURE_POEMS[1]!, { aspect: '16:9', tint: '0x2f4f4f' }),
      await insertPublishedFilm(sql, mediaRoot, FIXTURE_POEMS[2]!, { tint: '0x8b4513' }),
      await insertPublishedFilm(sql, mediaRoot, FIXTURE_POEMS[3]!, { unpublished: true }),
    ];
    await insertDraft(sql, mediaRoot, FIXTURE_POEMS[4]!);
    await insertUser(sql, 'reviewer@backup.test', 'reviewer', 'a long test password');
    await insertUser(sql, 'admin@backup.test', 'admin', 'another long test password');
    for (const { media } of published) {
      for (const file of [media.film, media.poster, media.vtt]) publicationMedia.set(file, await readFile(path.join(mediaRoot, file)));
    }
  } finally {
    await sql.end({ timeout: 2 });
  }
  // Work in progress in the store's temporary area is not an artifact and is not backed up.
  await mkdir(path.join(mediaRoot, '.tmp', 'shot-half-made'), { recursive: true });
  await writeFile(path.join(mediaRoot, '.tmp', 'shot-half-made', 'clip.mp4'), 'half a clip');
  tablesBefore = await tableContents(SOURCE);
  workflowsBefore = await tableContents(WORKFLOWS);
  mediaBefore = await mediaContents(mediaRoot);
});

after(async () => {
  for (const database of [SOURCE, OTHER, WORKFLOWS]) await admin?.unsafe(`drop database if exists ${database} with (force)`);
  await admin?.end({ timeout: 2 });
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('backs up, and after the database is dropped and the media store deleted, restores everything byte for byte', async (t) => {
    assert.ok(publicationMedia.size === 12 && Object.keys(mediaBefore).length > 12, 'seeded four publications and a draft with media');
    assert.match(tablesBefore.publications!, /"slug"/);

    let wall = Date.now();
    const backup = await runShiying(['backup', '--out', backupsDir, '--with-database', WORKFLOWS, '--json'], env(SOURCE, mediaRoot));
    const backupWallMs = Date.now() - wall;
    assert.equal(backup.code, 0, backup.stderr);
    const summary = JSON.parse(backup.stdout) as { dir: string; elapsedMs: number; publications: { total: number; visible: number }; media: { files: number; bytes: number }; database: { bytes: number }; warnings: string[] };
    backupDir = summary.dir;
    assert.deepEqual(summary.publications, { total: 4, visible: 3 });
    assert.equal(summary.media.files, Object.keys(mediaBefore).length, 'every media file, and nothing from .tmp');
    assert.deepEqual(summary.warnings, []);
    assert.equal(path.dirname(backupDir), backupsDir);
    assert.deepEqual((await readdir(backupsDir)).filter((entry) => entry.endsWith('.partial')), [], 'no half-made backup left');
    const manifest = JSON.parse(await readFile(path.join(backupDir, 'manifest.json'), 'utf8')) as {
      database: { schemaVersion: number; tables: Record<string, number> };
      media: { files: { path: string; sha256: string }[] };
      publications: { missingAtBackup: string[] }[];
    };
    assert.ok(manifest.database.schemaVersion >= 400);
    assert.equal(manifest.database.tables.publications, 4);
    assert.deepEqual(Object.fromEntries(manifest.media.files.map((file) => [file.path, file.sha256])), mediaBefore, 'manifest checksums are the files’ own');
    assert.ok(manifest.publications.every((publication) => publication.missingAtBackup.length === 0));

    // Wipe everything.
    await admin.unsafe(`drop database ${SOURCE} with (force)`);
    await admin.unsafe(`drop database ${WORKFLOWS} with (force)`);
    await rm(mediaRoot, { recursive: true, force: true });

    wall = Date.now();
    const restore = await runShiying(['restore', backupDir, '--json'], env(SOURCE, mediaRoot));
    const restoreWallMs = Date.now() - wall;
    assert.equal(restore.code, 0, restore.stderr);
    const restored = JSON.parse(restore.stdout) as { publications: number; media: { written: number; unchanged: number }; migrated: number[]; elapsedMs: number; warnings: string[] };
    assert.equal(restored.publications, 4);
    assert.equal(restored.media.written, Object.keys(mediaBefore).length);
    assert.deepEqual(restored.migrated, []);
    assert.deepEqual(restored.warnings, [], 'no warning: the workflow database came back too');

    assert.deepEqual(await tableContents(SOURCE), tablesBefore, 'every row of every table is back');
    assert.deepEqual(await tableContents(WORKFLOWS), workflowsBefore, 'the other database is back too');
    const workflows = connectDatabase(urlOf(WORKFLOWS), { max: 1 });
    const [sequence] = await workflows`select last_value, is_called from shard_seq`;
    await workflows.end({ timeout: 2 });
    assert.deepEqual({ ...sequence }, { last_value: '40', is_called: false }, 'sequences keep their position');
    assert.deepEqual(await mediaContents(mediaRoot), mediaBefore, 'every media file is back');
    for (const [file, bytes] of publicationMedia) assert.ok(bytes.equals(await readFile(path.join(mediaRoot, file))), `${file} is byte-identical`);

    t.diagnostic(
      `backup ${summary.elapsedMs} ms (${backupWallMs} ms with CLI start-up), restore ${restored.elapsedMs} ms (${restoreWallMs} ms with CLI start-up); ` +
        `${summary.media.files} media files, ${summary.media.bytes} bytes; dump ${summary.database.bytes} bytes`,
    );
  });

  it('refuses to restore over a database that holds data or is in use, and replaces it with --force', async () => {
    const refused = await runShiying(['restore', backupDir], env(SOURCE, mediaRoot));
    assertOneLineError(refused, new RegExp(`database ${SOURCE} already holds data .*--force`));
    const user = connectDatabase(urlOf(SOURCE), { max: 1 });
    await user`select 1`;
    try {
      assertOneLineError(await runShiying(['restore', backupDir, '--force'], env(SOURCE, mediaRoot)), new RegExp(`database ${SOURCE} is in use \\(1 other connections\\): stop what uses it first`));
    } finally {
      await user.end({ timeout: 2 });
    }

    // Changes after the backup: a new account, a damaged poster, a lost subtitle file.
    const sql = connectDatabase(urlOf(SOURCE), { max: 1 });
    await insertUser(sql, 'late@backup.test', 'curator', 'made after the backup');
    await sql.end({ timeout: 2 });
    const [poster, vtt] = [...publicationMedia.keys()].filter((file) => /poster|vtt/.test(file));
    await writeFile(path.join(mediaRoot, poster!), 'not a poster');
    await rm(path.join(mediaRoot, vtt!));
    await admin.unsafe(`drop database ${WORKFLOWS} with (force)`);
    const conflicting = await runShiying(['restore', backupDir], { ...env(OTHER, mediaRoot) });
    assertOneLineError(conflicting, /media store .* holds 1 files that differ from the backup's \(first: .*poster.*\): pass --force/);
    assert.equal(await databaseExists(OTHER), false, 'a refused restore creates no database');
    assert.equal(await databaseExists(WORKFLOWS), false);

    const forced = await runShiying(['restore', backupDir, '--force'], env(SOURCE, mediaRoot));
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /restore complete .* 4 publications with their film, poster and subtitles present/);
    assert.deepEqual(await tableContents(SOURCE), tablesBefore, 'the account made after the backup is gone');
    assert.deepEqual(await tableContents(WORKFLOWS), workflowsBefore);
    assert.deepEqual(await mediaContents(mediaRoot), mediaBefore, 'the damaged and the lost file are back');
  });

  it('refuses a damaged or altered backup before writing anything, with one line saying what is wrong', async () => {
    const emptyMedia = path.join(scratch, 'media-untouched');
    const target = env(OTHER, emptyMedia);
    const copy = async (name: string) => {
      const dir = path.join(scratch, name);
      await cp(backupDir, dir, { recursive: true });
      return dir;
    };
    const film = [...publicationMedia.keys()].find((file) => file.endsWith('film.mp4'))!;

    const flipped = await copy('tampered-film');
    const filmBytes = await readFile(path.join(flipped, 'media', film));
    filmBytes[Math.floor(filmBytes.length / 2)]! ^= 0xff;
    await writeFile(path.join(flipped, 'media', film), filmBytes);
    assertOneLineError(await runShiying(['restore', flipped], target), new RegExp(`is damaged or was altered: checksum mismatch: media/${film.replace(/[.]/g, '\\.')}`));

    const dump = await copy('tampered-dump');
    await writeFile(path.join(dump, 'database.dump'), Buffer.concat([await readFile(path.join(dump, 'database.dump')), Buffer.from('x')]));
    assertOneLineError(await runShiying(['restore', dump], target), /checksum mismatch: database\.dump/);

    const extra = await copy('extra-file');
    await writeFile(path.join(extra, 'media', 'fixtures', 'planted.mp4'), 'not from the backup');
    assertOneLineError(await runShiying(['restore', extra], target), /media\/fixtures\/planted\.mp4 is in the backup but not in its manifest/);

    const truncated = await copy('truncated-manifest');
    const manifestText = await readFile(path.join(truncated, 'manifest.json'), 'utf8');
    await writeFile(path.join(truncated, 'manifest.json'), manifestText.slice(0, manifestText.length / 2));
    assertOneLineError(await runShiying(['restore', truncated], target), /manifest\.json is corrupt: not valid JSON/);

    const edited = await copy('edited-manifest');
    await writeFile(path.join(edited, 'manifest.json'), manifestText.replace('"publications": 4', '"publications": 5'));
    assert.notEqual(await readFile(path.join(edited, 'manifest.json'), 'utf8'), manifestText, 'the edit applied');
    assertOneLineError(await runShiying(['restore', edited], target), /manifest\.json is corrupt: its checksum does not match its content/);

    const escaping = await copy('escaping-path');
    await writeFile(path.join(escaping, 'manifest.json'), manifestText.replace(`"path": "${film}"`, `"path": "../../${film}"`));
    assertOneLineError(await runShiying(['restore', escaping], target), /manifest\.json is corrupt: media\.files\.\d+\.path must be a relative path inside the backup/);

    assertOneLineError(await runShiying(['restore', path.join(scratch, 'no-such-backup')], target), /no backup at .*no-such-backup: the folder does not exist/);
    assertOneLineError(await runShiying(['restore', mediaRoot], target), /is not a Shiying backup: it has no manifest\.json/);

    assert.equal(await databaseExists(OTHER), false, 'no database was created');
    assert.equal(existsSync(emptyMedia), false, 'no media was written');
  });

  it('restores beside a live deployment for a drill: another database name and media folder, skipping the in-use workflow database', async () => {
    const drillMedia = path.join(scratch, 'drill-media');
    assertOneLineError(await runShiying(['restore', backupDir, '--skip-database', 'nope'], env(OTHER, drillMedia)), new RegExp(`--skip-database nope: the backup holds no such database \\(it holds ${WORKFLOWS}\\)`));
    const live = connectDatabase(urlOf(WORKFLOWS), { max: 1 });
    await live`select 1`;
    try {
      const drill = await runShiying(['restore', backupDir, '--skip-database', WORKFLOWS, '--json'], env(OTHER, drillMedia));
      assert.equal(drill.code, 0, drill.stderr);
      const result = JSON.parse(drill.stdout) as { otherDatabases: string[]; publications: number; warnings: string[] };
      assert.deepEqual(result.otherDatabases, []);
      assert.equal(result.publications, 4);
      assert.match(result.warnings.join('\n'), /5 productions had open workflows at backup time, .* which were not restored/);
    } finally {
      await live.end({ timeout: 2 });
    }
    assert.deepEqual(await tableContents(OTHER), tablesBefore);
    assert.deepEqual(await mediaContents(drillMedia), mediaBefore);
    assert.deepEqual(await tableContents(WORKFLOWS), workflowsBefore, 'the skipped database was left alone');
  });

  it('keeps only the newest backups with --keep', async () => {
    const second = await runShiying(['backup', '--out', backupsDir, '--keep', '1'], env(SOURCE, mediaRoot));
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /removed old backup .*shiying-backup-/);
    const newest = second.stdout.trim().split('\n').at(-1)!;
    assert.deepEqual(await readdir(backupsDir), [path.basename(newest)]);
  });
});
