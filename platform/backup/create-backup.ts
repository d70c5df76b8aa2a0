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
import { readDatabaseFacts, type DatabaseFacts } from './database-state.js';
import {
  DATABASE_FILE,
  MANIFEST_FILE,
  MEDIA_DIR,
  sealManifest,
  writeManifest,
  type BackupFile,
  type BackupManifest,
  type BackupPublication,
} from './manifest.js';
import { copyWithDigest, fileKind, forEachLimited, formatBytes, hashFile, listFiles } from './media-files.js';
import { checkToolMatchesServer, databaseNameOf, findPgTool, runPgTool } from './postgres-tools.js';

export interface BackupOptions {
  /** Folder that receives the backup folder (created when missing). */
  outDir: string;
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

/** Dumps the database from one snapshot and reads the manifest's facts in that same snapshot. */
async function dumpDatabase(config: Config, target: string, log: (line: string) => void): Promise<{ facts: DatabaseFacts; pgDumpVersion: string }> {
  const url = databaseUrl(config);
  const name = databaseNameOf(url);
  const sql = connectDatabase(url, { max: 1 });
  try {
    const probe = await probeDatabase(sql);
    if (!probe.ok) throw new BackupError(`cannot reach Postgres at ${redactUrl(url)}: ${probe.reason} (start it with \`npx shiying up\`)`);
    const pgDump = findPgTool('pg_dump', config);
    return await sql.begin('isolation level repeatable read read only', async (tx) => {
      const [row] = await tx<{ snapshot: string }[]>`select pg_export_snapshot() as snapshot`;
      const facts = await readDatabaseFacts(tx, name);
      checkToolMatchesServer(pgDump, facts.serverVersionNum, 'pg_dump');
      log(`dumping database ${name} (PostgreSQL ${facts.serverVersion}, schema ${facts.schemaVersion}) with ${pgDump.path}…`);
      await runPgTool(pgDump, 'pg_dump', ['--format=custom', `--snapshot=${row!.snapshot}`, `--file=${target}`], url);
      return { facts, pgDumpVersion: pgDump.version };
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
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
  const outDir = path.resolve(options.outDir);
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    throw new BackupError(`cannot create the backup folder ${outDir}: ${(error as Error).message}`);
  }
  const createdAt = (options.now ?? (() => new Date()))();
  const name = await freeName(outDir, backupName(createdAt));
  const work = path.join(outDir, `${name}.partial`);
  const final = path.join(outDir, name);
  await mkdir(work);
  try {
    const dumpFile = path.join(work, DATABASE_FILE);
    const { facts, pgDumpVersion } = await dumpDatabase(config, dumpFile, log);
    const dumpDigest = await hashFile(dumpFile);
    log(`  ${DATABASE_FILE} ${formatBytes(dumpDigest.bytes)}`);

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
        name: databaseNameOf(databaseUrl(config)),
        serverVersion: facts.serverVersion,
        pgDumpVersion,
        file: { path: DATABASE_FILE, ...dumpDigest },
        schemaVersion: facts.schemaVersion,
        migrations: facts.migrations,
        tables: facts.tables,
        productionsByStatus: facts.productionsByStatus,
      },
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

