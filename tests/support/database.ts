// The database tests run against: DATABASE_URL (the test command points it at a fresh
// `shiying_test` database in the local cluster), migrated before use; and scratch databases for
// runs that fill one with much data (benchmarks), so they never crowd the test database.
import { connectDatabase, type Sql } from '../../platform/db.js';
import { migrate } from '../../platform/migrate.js';

export function testDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://shiying@127.0.0.1:5433/shiying_test';
}

/** A migrated connection; call `sql.end()` in an `after` hook. */
export async function openTestDatabase(options: { max?: number } = {}): Promise<Sql> {
  const sql = connectDatabase(testDatabaseUrl(), options);
  await migrate(sql);
  return sql;
}

/**
 * A fresh, migrated database `name` in the cluster of the test database (dropped first when an
 * earlier run left it behind); `drop` removes it.
 */
export async function freshDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  const admin = new URL(testDatabaseUrl());
  admin.pathname = '/postgres';
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  const run = async (statement: string) => {
    const sql = connectDatabase(admin.toString(), { max: 1 });
    try {
      await sql.unsafe(statement);
    } finally {
      await sql.end({ timeout: 2 });
    }
  };
  await run(`drop database if exists ${name} with (force)`);
  await run(`create database ${name}`);
  const sql = connectDatabase(url.toString(), { max: 1 });
  try {
    await migrate(sql);
  } finally {
    await sql.end({ timeout: 2 });
  }
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}
