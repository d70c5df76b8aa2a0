// pg_dump and pg_restore: which binaries to run and how to point them at a database. The local
// cluster uses the binaries of its own server (platform/postgres-cluster.ts); an external database
// uses the newest client installed (/usr/lib/postgresql/<major>/bin, else PATH). The password
// travels in PGPASSWORD, never on the command line (where `ps` would show it).
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Config } from '../config.js';
import { redactUrl } from '../db.js';
import { findPostgresBin } from '../postgres-cluster.js';
import { run } from '../process-runner.js';
import { BackupError } from './backup-error.js';

export type PgTool = 'pg_dump' | 'pg_restore';

export interface PgToolBinary {
  path: string;
  /** e.g. "15.18" */
  version: string;
  major: number;
}

function versionOf(binary: string): PgToolBinary | undefined {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(result.stdout);
  if (!match) return undefined;
  return { path: binary, version: match[2] ? `${match[1]}.${match[2]}` : match[1]!, major: Number(match[1]) };
}

/** Client binaries under /usr/lib/postgresql/<major>/bin, newest major first. */
function debianClientBins(tool: PgTool): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((entry) => /^\d+$/.test(entry))
    .sort((a, b) => Number(b) - Number(a))
    .map((major) => path.join(root, major, 'bin', tool))
    .filter((file) => existsSync(file));
}

export function findPgTool(tool: PgTool, config: Config): PgToolBinary {
  const candidates: string[] = [];
  if (!config.postgres.externalUrl) {
    const bin = findPostgresBin();
    if (bin) candidates.push(path.join(bin, tool));
  }
  candidates.push(...debianClientBins(tool), tool);
  for (const candidate of candidates) {
    const found = versionOf(candidate);
    if (found) return found;
  }
  throw new BackupError(`${tool} not found: install the PostgreSQL client (apt-get install postgresql-client)`);
}

/** Refuses a client older than the server: pg_dump cannot dump a newer server. */
export function checkToolMatchesServer(tool: PgToolBinary, serverVersionNum: number, name: PgTool): void {
  const serverMajor = Math.floor(serverVersionNum / 10000);
  if (tool.major < serverMajor) {
    throw new BackupError(
      `${name} ${tool.version} (${tool.path}) is older than the PostgreSQL ${serverMajor} server: install postgresql-client-${serverMajor}`,
    );
  }
}

/** The libpq connection for a postgres URL: the URL without its password, and the password apart. */
export function libpqConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env, PGCONNECT_TIMEOUT: '10' };
  if (password) env.PGPASSWORD = password;
  else delete env.PGPASSWORD;
  return { dbname: parsed.toString(), env };
}

export function databaseNameOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new BackupError(`the database URL ${redactUrl(url)} names no database`);
  return name;
}

/** Another database of the same server, as the same user. */
export function sameServerUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** The same server's maintenance database, for creating the target database. */
export function maintenanceUrl(url: string): string {
  return sameServerUrl(url, 'postgres');
}

/** Runs a PostgreSQL client tool; a failure becomes one line with the tool's own first error. */
export async function runPgTool(tool: PgToolBinary, name: PgTool, args: string[], url: string): Promise<void> {
  const { dbname, env } = libpqConnection(url);
  const result = await run(tool.path, [...args, `--dbname=${dbname}`], { env });
  if (result.code !== 0) {
    const lines = `${result.stderr}\n${result.stdout}`.split('\n').map((line) => line.trim()).filter(Boolean);
    const first = lines.find((line) => /error|fatal/i.test(line)) ?? lines[0] ?? `exit code ${result.code}`;
    throw new BackupError(`${name} failed on ${redactUrl(url)}: ${first.replace(/^pg_(dump|restore):\s*/, '')}`);
  }
}
