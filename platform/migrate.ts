// Numbered SQL migrations, each applied in its own transaction and recorded in
// `schema_migrations`. Files live next to the code that owns the tables
// (platform/migrations, corpus/migrations, activities/migrations …); numbers are global.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './config.js';
import type { Sql } from './db.js';

export const MIGRATION_FOLDERS = ['platform', 'corpus', 'activities', 'console'].map((folder) =>
  path.join(projectRoot, folder, 'migrations'),
);

export interface Migration {
  version: number;
  name: string;
  file: string;
}

const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export function listMigrations(folders: string[] = MIGRATION_FOLDERS): Migration[] {
  const migrations: Migration[] = [];
  for (const folder of folders) {
    if (!existsSync(folder)) continue;
    for (const entry of readdirSync(folder)) {
      const match = MIGRATION_FILE.exec(entry);
      if (!match) continue;
      migrations.push({ version: Number(match[1]), name: match[2]!, file: path.join(folder, entry) });
    }
  }
  migrations.sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version) {
      throw new Error(
        `Two migrations share number ${migrations[i]!.version}: ${migrations[i - 1]!.file} and ${migrations[i]!.file}`,
      );
    }
  }
  return migrations;
}

/** Applies pending migrations; returns the ones it applied. Safe to run concurrently. */
export async function migrate(sql: Sql, folders?: string[]): Promise<Migration[]> {
  const migrations = listMigrations(folders);
  await sql`create table if not exists schema_migrations (
    version integer primary key,
    name text not null,
    applied_at timestamptz not null default now()
  )`;
  const applied: Migration[] = [];
  for (const migration of migrations) {
    const done = await sql.begin(async (tx) => {
      // An advisory lock serialises concurrent starters (worker and console booting together).
      await tx`select pg_advisory_xact_lock(7471)`;
      const [row] = await tx`select 1 from schema_migrations where version = ${migration.version}`;
      if (row) return false;
      await tx.unsafe(readFileSync(migration.file, 'utf8'));
      await tx`insert into schema_migrations (version, name) values (${migration.version}, ${migration.name})`;
      return true;
    });
    if (done) applied.push(migration);
  }
  return applied;
}
