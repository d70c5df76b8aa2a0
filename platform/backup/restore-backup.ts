// `shiying restore <DIR>`: puts a backup back. Nothing is written until the whole backup has been
// verified against its manifest and the target has been checked: a damaged or tampered backup,
// a database that already holds data (without --force) or media files that differ from the
// backup's (without --force) are refused with one line saying which. Then the media files are
// restored (each verified as written), the database is restored in a single transaction, the
// schema is migrated to this version, and every publication's film, poster and subtitles are
// checked to be in the media store.
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { databaseUrl, type Config } from '../config.js';
import { connectDatabase, redactUrl, type Sql } from '../db.js';
import { listMigrations, migrate } from '../migrate.js';
import { BackupError } from './backup-error.js';
import { OPEN_WORKFLOW_STATUSES, tableCounts, targetState, type TargetState } from './database-state.js';
import { DATABASE_FILE, MEDIA_DIR, isSafeRelativePath, readManifest, type BackupFile, type BackupManifest } from './manifest.js';
import { copyWithDigest, fileKind, forEachLimited, formatBytes, hashFile, listFiles } from './media-files.js';
import { databaseNameOf, findPgTool, maintenanceUrl, runPgTool, sameServerUrl, type PgToolBinary } from './postgres-tools.js';

export interface RestoreOptions {
  /** Replace a database that holds data, and overwrite media files that differ from the backup's. */
  force?: boolean;
  /** Other databases of the backup to leave alone (e.g. Temporal's, in a restore drill next to a live Temporal). */
  skipDatabases?: string[];
  log?: (line: string) => void;
}

export interface RestoreResult {
  database: string;
  /** Other databases restored alongside (Temporal's, when the backup has them). */
  otherDatabases: string[];
  manifest: BackupManifest;
  publications: number;
  media: { written: number; unchanged: number; bytesWritten: number };
  /** Migrations applied after the restore (the backup was older than this version). */
  migrated: number[];
  elapsedMs: number;
  warnings: string[];
}

function describe(problems: string[]): string {
  return problems.length === 1 ? problems[0]! : `${problems[0]} (and ${problems.length - 1} more)`;
}

async function checkBackupFolder(dir: string): Promise<void> {
  let info;
  try {
    info = await stat(dir);
  } catch {
    throw new BackupError(`no backup at ${dir}: the folder does not exist`);
  }
  if (!info.isDirectory()) throw new BackupError(`no backup at ${dir}: it is not a folder`);
}

/** Every file of the backup is present, listed, and has the size and SHA-256 the manifest says. */
async function verifyBackup(dir: string, manifest: BackupManifest, log: (line: string) => void): Promise<void> {
  log(`verifying ${manifest.media.files.length + 1 + manifest.otherDatabases.length} files against the manifest…`);
  const problems: string[] = [];
  const check = async (file: BackupFile, location: string, label: string) => {
    const kind = await fileKind(location);
    if (kind !== 'file') {
      problems.push(`${label} is missing from the backup`);
      return;
    }
    const digest = await hashFile(location);
    if (digest.bytes !== file.bytes || digest.sha256 !== file.sha256) {
      problems.push(`checksum mismatch: ${label} (expected ${file.bytes} bytes sha256 ${file.sha256.slice(0, 12)}…, found ${digest.bytes} bytes sha256 ${digest.sha256.slice(0, 12)}…)`);
    }
  };
  await check(manifest.database.file, path.join(dir, DATABASE_FILE), DATABASE_FILE);
  for (const other of manifest.otherDatabases) await check(other.file, path.join(dir, other.file.path), other.file.path);
  const mediaDir = path.join(dir, MEDIA_DIR);
  const listed = new Set(manifest.media.files.map((file) => file.path));
  const present = (await fileKind(mediaDir)) === 'missing' ? [] : await listFiles(mediaDir, (other) => problems.push(`${MEDIA_DIR}/${other} is not a regular file`));
  for (const extra of present.filter((file) => !listed.has(file))) problems.push(`${MEDIA_DIR}/${extra} is in the backup but not in its manifest`);
  await forEachLimited(manifest.media.files, 4, (file) => check(file, path.join(mediaDir, ...file.path.split('/')), `${MEDIA_DIR}/${file.path}`));
  if (problems.length > 0) throw new BackupError(`backup ${dir} is damaged or was altered: ${describe(problems)}`);
}

function checkSchemaVersion(manifest: BackupManifest): void {
  const known = listMigrations().map((migration) => migration.version);
  const newest = known.length > 0 ? Math.max(...known) : 0;
  const unknown = manifest.database.migrations.filter((version) => !known.includes(version));
  if (manifest.database.schemaVersion > newest || unknown.length > 0) {
    throw new BackupError(
      `the backup was made by a newer Shiying (schema ${manifest.database.schemaVersion}, migrations this version does not have: ${unknown.join(', ') || 'none'}); upgrade Shiying before restoring it`,
    );
  }
}

interface MediaPlan {
  write: BackupFile[];
  unchanged: number;
  conflicts: string[];
}

/** Which backup files the media store lacks, already holds, or holds differently. */
async function planMedia(mediaRoot: string, manifest: BackupManifest): Promise<MediaPlan> {
  const plan: MediaPlan = { write: [], unchanged: 0, conflicts: [] };
  await forEachLimited(manifest.media.files, 4, async (file) => {
    const target = path.join(mediaRoot, ...file.path.split('/'));
    const kind = await fileKind(target);
    if (kind === 'missing') {
      plan.write.push(file);
      return;
    }
    if (kind === 'file') {
      const size = (await stat(target)).size;
      if (size === file.bytes && (await hashFile(target)).sha256 === file.sha256) {
        plan.unchanged++;
        return;
      }
    }
    plan.conflicts.push(file.path);
    plan.write.push(file);
  });
  plan.conflicts.sort();
  return plan;
}

async function restoreMedia(dir: string, mediaRoot: string, plan: MediaPlan, log: (line: string) => void): Promise<number> {
  let bytes = 0;
  let done = 0;
  let lastReport = Date.now();
  log(`restoring media: ${plan.write.length} files into ${mediaRoot} (${plan.unchanged} already there)…`);
  await forEachLimited(plan.write, 4, async (file) => {
    const target = path.join(mediaRoot, ...file.path.split('/'));
    if ((await fileKind(target)) === 'other') await rm(target, { recursive: true, force: true });
    const digest = await copyWithDigest(path.join(dir, MEDIA_DIR, ...file.path.split('/')), target);
    if (digest.sha256 !== file.sha256 || digest.bytes !== file.bytes) {
      throw new BackupError(`checksum mismatch while restoring ${MEDIA_DIR}/${file.path}: the backup changed during the restore`);
    }
    bytes += digest.bytes;
    done++;
    if (Date.now() - lastReport > 2000) {
      lastReport = Date.now();
      log(`  media ${done}/${plan.write.length} files, ${formatBytes(bytes)}`);
    }
  });
  return bytes;
}

function inUse(name: string, why: string): string {
  return `database ${name} is in use (${why}): stop what uses it first (docker compose stop worker console temporal), then restore again`;
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function inspectTarget(url: string): Promise<TargetState> {
  const sql = connectDatabase(url, { max: 1 });
  try {
    return await targetState(sql);
  } catch (error) {
    throw new BackupError(`cannot reach Postgres at ${redactUrl(url)}: ${(error as Error).message} (start it with \`npx shiying up\`)`);
  } finally {
    await sql.end({ timeout: 2 });
  }
}

async function createDatabase(url: string, name: string): Promise<void> {
  const admin = connectDatabase(maintenanceUrl(url), { max: 1 });
  try {
    await admin.unsafe(`create database ${quoteIdentifier(name)}`);
  } catch (error) {
    throw new BackupError(`cannot create database ${name} on ${redactUrl(maintenanceUrl(url))}: ${(error as Error).message} (create it empty by hand, then restore again)`);
  } finally {
    await admin.end({ timeout: 2 });
  }
}

/** Drops every non-system schema of the target (its data is being replaced), leaving an empty `public`. */
async function wipeDatabase(url: string, name: string): Promise<void> {
  const sql = connectDatabase(url, { max: 1 });
  try {
    await sql.begin(async (tx) => {
      await tx`set local lock_timeout = '10s'`;
      const schemas = await tx<{ name: string }[]>`
        select nspname as name from pg_namespace
        where nspname not in ('pg_catalog', 'information_schema') and nspname not like 'pg\\_toast%' and nspname not like 'pg\\_temp%'`;
      for (const schema of schemas) await tx.unsafe(`drop schema ${quoteIdentifier(schema.name)} cascade`);
      await tx`create schema if not exists public`;
    });
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') throw new BackupError(inUse(name, 'its tables are locked'));
    throw new BackupError(`cannot empty database ${name}: ${(error as Error).message}`);
  } finally {
    await sql.end({ timeout: 2 });
  }
}

async function compareCounts(url: string, name: string, expected: Record<string, number>): Promise<void> {
  const sql = connectDatabase(url, { max: 1 });
  try {
    const restored = await tableCounts(sql);
    const differences = Object.entries(expected)
      .filter(([table, rows]) => restored[table] !== rows)
      .map(([table, rows]) => `table ${table} has ${restored[table] ?? 'no'} rows, the backup had ${rows}`);
    if (differences.length > 0) throw new BackupError(`the restored database ${name} differs from the backup: ${describe(differences)}`);
  } finally {
    await sql.end({ timeout: 2 });
  }
}

interface DatabaseTarget {
  name: string;
  url: string;
  /** The dump file inside the backup. */
  file: string;
  tables: Record<string, number>;
  state: TargetState;
}

/** Refuses a target that holds data (without --force) or that something else is connected to. */
function checkTarget(target: DatabaseTarget, force: boolean): void {
  if (target.state.rows > 0 && !force) {
    throw new BackupError(
      `database ${target.name} already holds data (${target.state.rows} rows): restore into an empty database, or pass --force to replace its contents with the backup's`,
    );
  }
  if (target.state.connections > 0) throw new BackupError(inUse(target.name, `${target.state.connections} other connections`));
}

async function restoreDatabase(target: DatabaseTarget, dir: string, pgRestore: PgToolBinary, log: (line: string) => void): Promise<void> {
  const { name, url, state } = target;
  if (!state.exists) {
    log(`creating database ${name}…`);
    await createDatabase(url, name);
  } else if (state.relations > 0) {
    log(`emptying database ${name} (${state.relations} tables and sequences${state.rows > 0 ? `, ${state.rows} rows: --force` : ', no data'})…`);
    await wipeDatabase(url, name);
  }
  log(`restoring database ${name} from ${target.file}…`);
  await runPgTool(pgRestore, 'pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', path.join(dir, target.file)], url);
  await compareCounts(url, name, target.tables);
}

/** Every publication's film, poster and subtitles are regular files in the media store. */
async function verifyPublications(sql: Sql, mediaRoot: string, manifest: BackupManifest, warnings: string[]): Promise<number> {
  const rows = await sql<{ production_id: string; slug: string; film: string; poster: string; vtt: string }[]>`
    select production_id, slug, film, poster, vtt from publications order by production_id`;
  if (rows.length !== manifest.publications.length) {
    throw new BackupError(`the restored database has ${rows.length} publications, the backup had ${manifest.publications.length}`);
  }
  const knownGaps = new Map(manifest.publications.map((publication) => [publication.productionId, new Set(publication.missingAtBackup)]));
  const missing: string[] = [];
  for (const row of rows) {
    for (const file of [row.film, row.poster, row.vtt]) {
      const present = isSafeRelativePath(file) && (await fileKind(path.join(mediaRoot, ...file.split('/')))) === 'file';
      if (present) continue;
      if (knownGaps.get(row.production_id)?.has(file)) warnings.push(`publication ${row.slug}: ${file} was already missing when the backup was made`);
      else missing.push(`publication ${row.slug}: ${file}`);
    }
  }
  if (missing.length > 0) throw new BackupError(`media missing after the restore: ${describe(missing)}`);
  return rows.length;
}

export async function restoreBackup(config: Config, backupDir: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const warnings: string[] = [];
  const dir = path.resolve(backupDir);

  // 1. The backup: present, intact, and not from a newer schema.
  await checkBackupFolder(dir);
  const manifest = await readManifest(dir);
  checkSchemaVersion(manifest);
  await verifyBackup(dir, manifest, log);

  // 2. The targets: refuse before writing anything.
  const url = databaseUrl(config);
  const name = databaseNameOf(url);
  const held = manifest.otherDatabases.map((other) => other.name);
  const skipped = new Set(options.skipDatabases ?? []);
  for (const skip of skipped) {
    if (!held.includes(skip)) throw new BackupError(`--skip-database ${skip}: the backup holds no such database (it holds ${held.length > 0 ? held.join(', ') : 'only the Shiying database'})`);
  }
  const others = manifest.otherDatabases.filter((other) => !skipped.has(other.name));
  const targets: DatabaseTarget[] = [];
  for (const [targetName, file, tables] of [
    [name, DATABASE_FILE, manifest.database.tables] as const,
    ...others.map((other) => [other.name, other.file.path, other.tables] as const),
  ]) {
    const targetUrl = sameServerUrl(url, targetName);
    targets.push({ name: targetName, url: targetUrl, file, tables, state: await inspectTarget(targetUrl) });
  }
  for (const target of targets) checkTarget(target, options.force ?? false);
  const pgRestore = findPgTool('pg_restore', config);
  const mediaRoot = config.mediaRoot;
  const plan = await planMedia(mediaRoot, manifest);
  if (plan.conflicts.length > 0 && !options.force) {
    throw new BackupError(
      `the media store ${mediaRoot} holds ${plan.conflicts.length} files that differ from the backup's (first: ${plan.conflicts[0]}): pass --force to overwrite them`,
    );
  }

  // 3. Media first: rows never point at files that are not there yet.
  const bytesWritten = await restoreMedia(dir, mediaRoot, plan, log);

  // 4. The databases, each in one transaction, checked against the manifest's row counts.
  for (const target of targets) await restoreDatabase(target, dir, pgRestore, log);

  // 5. Check it, bring the schema up to this version, and check every publication's media.
  const sql = connectDatabase(url, { max: 2 });
  try {
    const migrated = (await migrate(sql)).map((migration) => migration.version);
    await sql`analyze`;
    const publications = await verifyPublications(sql, mediaRoot, manifest, warnings);
    const open = OPEN_WORKFLOW_STATUSES.reduce((sum, status) => sum + (manifest.database.productionsByStatus[status] ?? 0), 0);
    if (open > 0 && others.length === 0) {
      warnings.push(
        `${open} productions had open workflows at backup time, and their workflows live in Temporal's databases, which ${held.length > 0 ? 'were not restored' : 'this backup does not hold'}: ` +
          'restore those too, or review decisions on them will fail (see docs/operations.md, "Back up and restore")',
      );
    }
    return {
      database: name,
      otherDatabases: others.map((other) => other.name),
      manifest,
      publications,
      media: { written: plan.write.length, unchanged: plan.unchanged, bytesWritten },
      migrated,
      elapsedMs: Date.now() - started,
      warnings,
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
