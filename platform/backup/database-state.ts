// What a backup records about the database, and what a restore needs to know about its target.
// Read inside the transaction whose snapshot pg_dump dumps, so the counts describe the dump exactly.
import type postgres from 'postgres';
import type { Sql } from '../db.js';
import { BackupError } from './backup-error.js';
import type { BackupPublication } from './manifest.js';

/** A connection pool or one transaction of it. */
export type Queryable = Sql | postgres.TransactionSql<Record<string, unknown>>;

export interface DatabaseFacts {
  serverVersion: string;
  serverVersionNum: number;
  schemaVersion: number;
  migrations: number[];
  tables: Record<string, number>;
  productionsByStatus: Record<string, number>;
  publications: Omit<BackupPublication, 'missingAtBackup'>[];
}

export async function serverVersion(sql: Queryable): Promise<{ serverVersion: string; serverVersionNum: number }> {
  const [row] = await sql<{ version: string; num: string }[]>`select current_setting('server_version') as version, current_setting('server_version_num') as num`;
  return { serverVersion: row!.version, serverVersionNum: Number(row!.num) };
}

async function countRows(sql: Queryable, tables: { schema: string; name: string }[], qualify: boolean): Promise<Record<string, number>> {
  const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
  const counts: Record<string, number> = {};
  for (const { schema, name } of tables) {
    const [row] = await sql.unsafe<{ n: string }[]>(`select count(*) as n from ${quote(schema)}.${quote(name)}`);
    counts[qualify ? `${schema}.${name}` : name] = Number(row!.n);
  }
  return counts;
}

/** Tables of the public schema with their exact row counts. */
export async function tableCounts(sql: Queryable): Promise<Record<string, number>> {
  const tables = await sql<{ schema: string; name: string }[]>`
    select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`;
  return countRows(sql, tables, false);
}

export async function readDatabaseFacts(sql: Queryable, databaseName: string): Promise<DatabaseFacts> {
  const version = await serverVersion(sql);
  const [hasMigrations] = await sql`select 1 from pg_tables where schemaname = 'public' and tablename = 'schema_migrations'`;
  if (!hasMigrations) throw new BackupError(`database ${databaseName} has no schema_migrations table: it is not a Shiying database (check DATABASE_URL)`);
  const migrations = (await sql<{ version: number }[]>`select version from schema_migrations order by version`).map((row) => row.version);
  const tables = await tableCounts(sql);
  const productionsByStatus: Record<string, number> = {};
  if (tables.productions !== undefined) {
    for (const row of await sql<{ status: string; n: string }[]>`select status, count(*) as n from productions group by status order by status`) {
      productionsByStatus[row.status] = Number(row.n);
    }
  }
  const publications =
    tables.publications === undefined
      ? []
      : (
          await sql<{ production_id: string; slug: string; visible: boolean; film: string; poster: string; vtt: string }[]>`
            select production_id, slug, unpublished_at is null as visible, film, poster, vtt from publications order by production_id`
        ).map((row) => ({ productionId: row.production_id, slug: row.slug, visible: row.visible, film: row.film, poster: row.poster, vtt: row.vtt }));
  return {
    ...version,
    schemaVersion: migrations.length > 0 ? Math.max(...migrations) : 0,
    migrations,
    tables,
    productionsByStatus,
    publications,
  };
}

/**
 * Statuses of productions whose workflow is still open: a production stays in its review loop
 * after publishing or failing (unpublish, retry), and ends only when rejected or cancelled.
 */
export const OPEN_WORKFLOW_STATUSES = ['queued', 'generating', 'awaiting_review', 'published', 'failed'];

export interface TargetState {
  exists: boolean;
  /** Tables, views and sequences outside the system schemas. */
  relations: number;
  /** Rows in the tables of every non-system schema, schema_migrations aside (a migrated but unused database holds none). */
  rows: number;
  /** Other sessions connected to it (workers, the console, Temporal). */
  connections: number;
}

/** Whether the restore target exists and what it holds. `sql` connects to the target itself. */
export async function targetState(sql: Sql): Promise<TargetState> {
  try {
    const [relations] = await sql<{ n: string }[]>`
      select count(*) as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
        and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')`;
    const tables = await sql<{ schema: string; name: string }[]>`
      select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
        and c.relkind in ('r', 'p')`;
    const counts = await countRows(sql, tables, true);
    const rows = Object.entries(counts)
      .filter(([name]) => name !== 'public.schema_migrations')
      .reduce((sum, [, n]) => sum + n, 0);
    const [connections] = await sql<{ n: string }[]>`
      select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
    return { exists: true, relations: Number(relations!.n), rows, connections: Number(connections!.n) };
  } catch (error) {
    // 3D000: database does not exist
    if ((error as { code?: string }).code === '3D000') return { exists: false, relations: 0, rows: 0, connections: 0 };
    throw error;
  }
}
