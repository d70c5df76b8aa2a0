// The database tests run against: DATABASE_URL (the test command points it at a fresh
// `shiying_test` database in the local cluster), migrated before use.
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
