// manifest.json: what a backup holds and how to tell it is intact. Every file of the backup (the
// database dump and each media file) is listed with its size and SHA-256; the manifest itself
// carries the SHA-256 of its own canonical JSON, so a damaged or edited manifest is refused too.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { BackupError } from './backup-error.js';

export const MANIFEST_FILE = 'manifest.json';
export const DATABASE_FILE = 'database.dump';
/** Dump file of another database of the same server (e.g. Temporal's) taken with --with-database. */
export function otherDatabaseFile(name: string): string {
  return `database-${name}.dump`;
}
/** Names `--with-database` accepts: plain identifiers, so they are safe in file names and SQL. */
export const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/;
export const MEDIA_DIR = 'media';

/** A relative POSIX path that stays inside the folder it is resolved against. */
export function isSafeRelativePath(candidate: string): boolean {
  if (candidate === '' || candidate.startsWith('/') || candidate.includes('\\') || candidate.includes('\0')) return false;
  return candidate.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

const safePath = z.string().refine(isSafeRelativePath, { message: 'must be a relative path inside the backup' });
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex');
const count = z.number().int().nonnegative();

export const backupFileSchema = z.object({ path: safePath, bytes: count, sha256 });
export type BackupFile = z.infer<typeof backupFileSchema>;

export const backupPublicationSchema = z.object({
  productionId: z.string(),
  slug: z.string(),
  visible: z.boolean(),
  film: z.string(),
  poster: z.string(),
  vtt: z.string(),
  /** Media paths of this publication that were already missing from the media store when the backup was made. */
  missingAtBackup: z.array(z.string()),
});
export type BackupPublication = z.infer<typeof backupPublicationSchema>;

export const manifestSchema = z.object({
  format: z.literal('shiying-backup'),
  formatVersion: z.literal(1),
  createdAt: z.string().datetime(),
  appVersion: z.string(),
  database: z.object({
    name: z.string(),
    serverVersion: z.string(),
    pgDumpVersion: z.string(),
    file: backupFileSchema,
    /** Highest applied migration (schema_migrations), and all applied ones. */
    schemaVersion: count,
    migrations: z.array(count),
    /** Rows per table of the public schema, read in the snapshot that was dumped. */
    tables: z.record(z.string(), count),
    productionsByStatus: z.record(z.string(), count),
  }),
  /** Other databases of the same server dumped alongside (Temporal's, with --with-database). */
  otherDatabases: z.array(
    z.object({
      name: z.string().regex(DATABASE_NAME),
      file: backupFileSchema,
      tables: z.record(z.string(), count),
    }),
  ),
  media: z.object({
    /** Where the media store was (information only; restore writes to SHIYING_MEDIA_ROOT). */
    sourceRoot: z.string(),
    bytes: count,
    files: z.array(backupFileSchema),
  }),
  publications: z.array(backupPublicationSchema),
  checksum: sha256,
});
export type BackupManifest = z.infer<typeof manifestSchema>;

/** JSON with object keys sorted at every level: the same manifest always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function manifestChecksum(manifest: Omit<BackupManifest, 'checksum'> | BackupManifest): string {
  const { checksum: _ignored, ...body } = manifest as BackupManifest;
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

export function sealManifest(body: Omit<BackupManifest, 'checksum'>): BackupManifest {
  return { ...body, checksum: manifestChecksum(body) };
}

export async function writeManifest(dir: string, manifest: BackupManifest): Promise<void> {
  await writeFile(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Parses and checks a manifest's text; throws BackupError saying what is wrong with it. */
export function parseManifest(text: string, where: string): BackupManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new BackupError(`${where} is corrupt: not valid JSON (${(error as Error).message})`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new BackupError(`${where} is corrupt: ${field} ${issue.message.toLowerCase()}`);
  }
  if (manifestChecksum(parsed.data) !== parsed.data.checksum) {
    throw new BackupError(`${where} is corrupt: its checksum does not match its content (edited or damaged)`);
  }
  return parsed.data;
}

export async function readManifest(dir: string): Promise<BackupManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BackupError(`${dir} is not a Shiying backup: it has no ${MANIFEST_FILE}`);
    throw new BackupError(`cannot read ${file}: ${(error as Error).message}`);
  }
  return parseManifest(text, file);
}
