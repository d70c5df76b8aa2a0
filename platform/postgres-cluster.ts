// The project-local Postgres cluster under .data/postgres, run with Debian's server binaries.
// Postgres refuses to run as root, so when we are root the cluster belongs to the `postgres`
// system user and its processes are spawned with that uid.
import { existsSync, mkdirSync, chownSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { run, systemUser } from './process-runner.js';
import type { Config } from './config.js';
import { connectDatabase } from './db.js';

export class PostgresError extends Error {
  override name = 'PostgresError';
}

/** Finds Debian's versioned server binaries (/usr/lib/postgresql/<major>/bin), newest first. */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((entry) => /^\d+$/.test(entry))
    .sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const bin = path.join(root, major, 'bin');
    if (existsSync(path.join(bin, 'initdb'))) return bin;
  }
  return undefined;
}

interface ClusterOwner {
  uid?: number;
  gid?: number;
}

function clusterOwner(): ClusterOwner {
  if (process.getuid?.() !== 0) return {};
  const user = systemUser('postgres');
  if (!user) throw new PostgresError('Running as root needs the `postgres` system user (apt-get install postgresql)');
  return user;
}

function requireBin(): string {
  const bin = findPostgresBin();
  if (!bin) throw new PostgresError('Postgres server binaries not found: apt-get install postgresql');
  return bin;
}

function prepareDirs(config: Config, owner: ClusterOwner): void {
  for (const dir of [config.postgres.clusterDir, config.postgres.socketDir]) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (owner.uid !== undefined) chownSync(dir, owner.uid, owner.gid!);
  }
}

/** Creates the cluster once (trust auth, loopback only: it is a development database). */
export async function ensureCluster(config: Config): Promise<void> {
  const dir = config.postgres.clusterDir;
  if (existsSync(path.join(dir, 'PG_VERSION'))) return;
  const bin = requireBin();
  const owner = clusterOwner();
  prepareDirs(config, owner);
  const result = await run(
    path.join(bin, 'initdb'),
    ['-D', dir, '-U', 'shiying', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8'],
    { ...owner, cwd: '/' },
  );
  if (result.code !== 0) throw new PostgresError(`initdb failed: ${(result.stderr || result.stdout).trim()}`);
  writeFileSync(
    path.join(dir, 'postgresql.auto.conf'),
    [
      "listen_addresses = '127.0.0.1'",
      `port = ${config.postgres.port}`,
      `unix_socket_directories = '${config.postgres.socketDir}'`,
      'max_connections = 200',
      'shared_buffers = 256MB',
      'fsync = on',
      "log_min_messages = warning",
      '',
    ].join('\n'),
  );
  if (owner.uid !== undefined) chownSync(path.join(dir, 'postgresql.auto.conf'), owner.uid, owner.gid!);
}

export async function isClusterRunning(config: Config): Promise<boolean> {
  const bin = findPostgresBin();
  if (!bin || !existsSync(path.join(config.postgres.clusterDir, 'PG_VERSION'))) return false;
  const result = await run(path.join(bin, 'pg_ctl'), ['-D', config.postgres.clusterDir, 'status'], {
    ...clusterOwner(),
    cwd: '/',
  });
  return result.code === 0;
}

/** Port and socket folder on the command line, so SHIYING_PG_PORT applies to an existing cluster too. */
function portArgs(config: Config): string[] {
  return ['-p', String(config.postgres.port), '-k', config.postgres.socketDir];
}

/** Starts postgres in the foreground as a child (for `npm start`, which streams its log). */
export function spawnPostgres(config: Config): ChildProcess {
  const bin = requireBin();
  const owner = clusterOwner();
  prepareDirs(config, owner);
  return spawn(path.join(bin, 'postgres'), ['-D', config.postgres.clusterDir, ...portArgs(config)], {
    ...owner,
    cwd: '/',
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
}

/** Starts the cluster in the background (for `shiying up` and the test command). */
export async function startClusterInBackground(config: Config): Promise<void> {
  if (await isClusterRunning(config)) return;
  const bin = requireBin();
  const owner = clusterOwner();
  prepareDirs(config, owner);
  const logFile = path.join(config.postgres.socketDir, 'postgres.log');
  const result = await run(
    path.join(bin, 'pg_ctl'),
    ['-D', config.postgres.clusterDir, '-l', logFile, '-o', portArgs(config).join(' '), '-w', '-t', '60', 'start'],
    { ...owner, cwd: '/' },
  );
  if (result.code !== 0) {
    throw new PostgresError(`pg_ctl start failed (see ${logFile}): ${(result.stderr || result.stdout).trim()}`);
  }
}

export async function stopCluster(config: Config): Promise<void> {
  if (!(await isClusterRunning(config))) return;
  const bin = requireBin();
  const result = await run(path.join(bin, 'pg_ctl'), ['-D', config.postgres.clusterDir, '-m', 'fast', '-w', 'stop'], {
    ...clusterOwner(),
    cwd: '/',
  });
  if (result.code !== 0) throw new PostgresError(`pg_ctl stop failed: ${(result.stderr || result.stdout).trim()}`);
}

/** Waits until the server accepts connections, then creates the application database if missing. */
export async function ensureDatabase(config: Config, database = config.postgres.database, timeoutMs = 60_000): Promise<void> {
  const adminUrl = `postgres://shiying@127.0.0.1:${config.postgres.port}/postgres`;
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    const sql = connectDatabase(adminUrl, { max: 1 });
    try {
      const rows = await sql`select 1 from pg_database where datname = ${database}`;
      if (rows.length === 0) await sql.unsafe(`create database "${database.replace(/"/g, '""')}"`);
      return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      if (/already exists/.test(lastError)) return;
    } finally {
      await sql.end({ timeout: 1 });
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new PostgresError(`Postgres on port ${config.postgres.port} did not accept connections: ${lastError}`);
}
