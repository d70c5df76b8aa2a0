// `shiying backup`: the Shiying database (pg_dump, custom format) and a copy of the media store,
// with a manifest of checksums and counts, in one folder.
//
// Order matters for consistency: the dump is taken first, from an exported snapshot in which the
// manifest's counts and publication list are read too; the media store is copied after. Media
// entries are written before any row points at them and are never changed afterwards (the store
// is content-addressed), so every file the dump refers to is already there when the copy runs.
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { databaseUrl, type Config } from '../config.js';
import { connectDatabase, probeDatabase, redactUrl } from '../db.js';
import { appVersion } from '../version.js';
import { BackupError } from './backup-error.js';
import { readDatabaseFacts, serverVersion, tableCounts, type DatabaseFacts, type Queryable } from './database-state.js';
import {
  DATABASE_FILE,
  DATABASE_NAME,
  MANIFEST_FILE,
  MEDIA_DIR,
  otherDatabaseFile,
  sealManifest,
  writeManifest,
  type BackupFile,
  type BackupManifest,
  type BackupPublication,
} from './manifest.js';
import { copyWithDigest, fileKind, forEachLimited, formatBytes, hashFile, listFiles } from './media-files.js';
import { checkToolMatchesServer, databaseNameOf, findPgTool, runPgTool, sameServerUrl } from './postgres-tools.js';

export interface BackupOptions {
  /** Folder that receives the backup folder (created when missing). */
  outDir: string;
  /** Other databases of the same server to dump alongside, e.g. Temporal's `temporal` and `temporal_visibility`. */
  withDatabases?: string[];
  /** Delete all but the newest `keep` backups in `outDir` after this one is complete. */
  keep?: number;
  log?: (line: string) => void;
  now?: () => Date;
}

export interface BackupResult {
  dir: string;
  manifest: BackupManifest;
  elapsedMs: number;
  /** Older backups removed by `keep`. */
  pruned: string[];
  warnings: string[];
}

export const BACKUP_NAME = /^shiying-backup-\d{8}T\d{6}Z(-\d+)?$/;

function backupName(date: Date): string {
  return `shiying-backup-${date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}`;
}

async function freeName(outDir: string, base: string): Promise<string> {
  const taken = new Set(await readdir(outDir));
  if (!taken.has(base) && !taken.has(`${base}.partial`)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`) && !taken.has(`${base}-${n}.partial`)) return `${base}-${n}`;
}

/**
 * Dumps a database from one exported snapshot, reading `facts` in that same snapshot, so what the
 * manifest says about the dump is exactly what the dump holds.
 */
async function dumpFromSnapshot<Facts extends { serverVersionNum: number; serverVersion: string }>(
  config: Config,
  url: string,
  target: string,
  facts: (tx: Queryable, name: string) => Promise<Facts>,
  log: (line: string) => void,
): Promise<{ facts: Facts; pgDumpVersion: string }> {
  const name = databaseNameOf(url);
  const sql = connectDatabase(url, { max: 1 });
  try {
    const probe = await probeDatabase(sql);
    if (!probe.ok) throw new BackupError(`cannot reach database ${name} at ${redactUrl(url)}: ${probe.reason} (start Postgres with \`npx shiying up\`)`);
    const pgDump = findPgTool('pg_dump', config);
    return await sql.begin('isolation level repeatable read read only', async (tx) => {
      const [row] = await tx<{ snapshot: string }[]>`select pg_export_snapshot() as snapshot`;
      const read = await facts(tx, name);
      checkToolMatchesServer(pgDump, read.serverVersionNum, 'pg_dump');
      log(`dumping database ${name} (PostgreSQL ${read.serverVersion}) with ${pgDump.path}…`);
      await runPgTool(pgDump, 'pg_dump', ['--format=custom', `--snapshot=${row!.snapshot}`, `--file=${target}`], url);
      return { facts: read, pgDumpVersion: pgDump.version };
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function dumpOtherDatabase(config: Config, name: string, dir: string, log: (line: string) => void): Promise<BackupManifest['otherDatabases'][number]> {
  const file = otherDatabaseFile(name);
  const { facts } = await dumpFromSnapshot(config, sameServerUrl(databaseUrl(config), name), path.join(dir, file), async (tx) => ({ ...(await serverVersion(tx)), tables: await tableCounts(tx) }), log);
  const digest = await hashFile(path.join(dir, file));
  log(`  ${file} ${formatBytes(digest.bytes)}`);
  return { name, file: { path: file, ...digest }, tables: facts.tables };
}

async function copyMedia(mediaRoot: string, targetDir: string, log: (line: string) => void, warnings: string[]): Promise<BackupFile[]> {
  if ((await fileKind(mediaRoot)) === 'missing') {
    warnings.push(`the media store ${mediaRoot} does not exist: the backup holds no media`);
    return [];
  }
  const files = await listFiles(mediaRoot, (skipped) => warnings.push(`skipped ${skipped} in the media store: not a regular file`));
  const copied: BackupFile[] = new Array(files.length);
  let done = 0;
  let bytes = 0;
  let lastReport = Date.now();
  log(`copying media: ${files.length} files from ${mediaRoot}…`);
  await forEachLimited(files, 4, async (relative, index) => {
    const digest = await copyWithDigest(path.join(mediaRoot, ...relative.split('/')), path.join(targetDir, ...relative.split('/')));
    copied[index] = { path: relative, ...digest };
    done++;
    bytes += digest.bytes;
    if (Date.now() - lastReport > 2000) {
      lastReport = Date.now();
      log(`  media ${done}/${files.length} files, ${formatBytes(bytes)}`);
    }
  });
  return copied;
}

/** Marks each publication's film, poster and subtitles that the media copy does not hold. */
function publicationsWithGaps(facts: DatabaseFacts, files: BackupFile[]): BackupPublication[] {
  const held = new Set(files.map((file) => file.path));
  return facts.publications.map((publication) => ({
    ...publication,
    missingAtBackup: [publication.film, publication.poster, publication.vtt].filter((file) => !held.has(file)),
  }));
}

/** Removes all but the newest `keep` complete backups (and any stale `.partial` folders but ours). */
async function prune(outDir: string, keep: number, current: string): Promise<string[]> {
  const complete: string[] = [];
  for (const entry of await readdir(outDir)) {
    if (!BACKUP_NAME.test(entry) || entry === current) continue;
    if ((await fileKind(path.join(outDir, entry, MANIFEST_FILE))) === 'file') complete.push(entry);
  }
  // Names sort by time (UTC stamp); `current` is the newest and always kept.
  const doomed = complete.sort().reverse().slice(Math.max(0, keep - 1));
  for (const entry of doomed) await rm(path.join(outDir, entry), { recursive: true, force: true });
  return doomed.map((entry) => path.join(outDir, entry));
}

export async function createBackup(config: Config, options: BackupOptions): Promise<BackupResult> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const warnings: string[] = [];
  if (options.keep !== undefined && (!Number.isInteger(options.keep) || options.keep < 1)) {
    throw new BackupError(`--keep must be a whole number of backups, 1 or more (got ${options.keep})`);
  }
  const mainDatabase = databaseNameOf(databaseUrl(config));
  const withDatabases = [...new Set(options.withDatabases ?? [])];
  for (const name of withDatabases) {
    if (!DATABASE_NAME.test(name)) throw new BackupError(`--with-database "${name}" is not a plain database name (letters, digits, _ and -)`);
    if (name === mainDatabase) throw new BackupError(`--with-database ${name} is the Shiying database itself, which every backup holds`);
  }
  const outDir = path.resolve(options.outDir);
  const createdAt = (options.now ?? (() => new Date()))();
  let name: string;
  try {
    await mkdir(outDir, { recursive: true });
    name = await freeName(outDir, backupName(createdAt));
    await mkdir(path.join(outDir, `${name}.partial`));
  } catch (error) {
    const hint = (error as NodeJS.ErrnoException).code === 'EACCES' ? ` (it must be writable by uid ${process.getuid?.() ?? '?'}: with compose, \`sudo chown 1000:1000 backups\`)` : '';
    throw new BackupError(`cannot write to the backup folder ${outDir}: ${(error as Error).message}${hint}`);
  }
  const work = path.join(outDir, `${name}.partial`);
  const final = path.join(outDir, name);
  try {
    const dumpFile = path.join(work, DATABASE_FILE);
    const { facts, pgDumpVersion } = await dumpFromSnapshot(config, databaseUrl(config), dumpFile, readDatabaseFacts, log);
    const dumpDigest = await hashFile(dumpFile);
    log(`  ${DATABASE_FILE} ${formatBytes(dumpDigest.bytes)} (schema ${facts.schemaVersion}, ${facts.publications.length} publications)`);
    const otherDatabases = [];
    for (const name of withDatabases) otherDatabases.push(await dumpOtherDatabase(config, name, work, log));

    const media = await copyMedia(config.mediaRoot, path.join(work, MEDIA_DIR), log, warnings);
    const mediaBytes = media.reduce((sum, file) => sum + file.bytes, 0);
    log(`  ${MEDIA_DIR}/ ${media.length} files, ${formatBytes(mediaBytes)}`);

    const publications = publicationsWithGaps(facts, media);
    for (const publication of publications) {
      for (const missing of publication.missingAtBackup) {
        warnings.push(`publication ${publication.slug} (${publication.productionId}): ${missing} is missing from the media store`);
      }
    }
    const manifest = sealManifest({
      format: 'shiying-backup',
      formatVersion: 1,
      createdAt: createdAt.toISOString(),
      appVersion: appVersion(),
      database: {
        name: mainDatabase,
        serverVersion: facts.serverVersion,
        pgDumpVersion,
        file: { path: DATABASE_FILE, ...dumpDigest },
        schemaVersion: facts.schemaVersion,
        migrations: facts.migrations,
        tables: facts.tables,
        productionsByStatus: facts.productionsByStatus,
      },
      otherDatabases,
      media: { sourceRoot: `${hostname()}:${config.mediaRoot}`, bytes: mediaBytes, files: media },
      publications,
    });
    await writeManifest(work, manifest);
    await rename(work, final);
    const pruned = options.keep !== undefined ? await prune(outDir, options.keep, name) : [];
    return { dir: final, manifest, elapsedMs: Date.now() - started, pruned, warnings };
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}

