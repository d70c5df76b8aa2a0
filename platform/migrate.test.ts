import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { listMigrations, migrate, MIGRATION_FOLDERS } from './migrate.js';
import { connectDatabase, type Sql } from './db.js';
import { testDatabaseUrl } from '../tests/support/database.js';

let sql: Sql;
let schema: string;
let dir: string;

before(async () => {
  // An isolated schema, so these migrations never touch the application's tables.
  schema = `migrate_test_${randomBytes(4).toString('hex')}`;
  const admin = connectDatabase(testDatabaseUrl(), { max: 1 });
  await admin.unsafe(`create schema ${schema}`);
  await admin.end();
  sql = connectDatabase(`${testDatabaseUrl()}?search_path=${schema}`, { max: 2 });
  dir = mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
});

after(async () => {
  await sql.unsafe(`drop schema ${schema} cascade`);
  await sql.end();
  rmSync(dir, { recursive: true, force: true });
});

test('the project migrations have unique numbers', () => {
  const migrations = listMigrations(MIGRATION_FOLDERS);
  assert.ok(migrations.length >= 1);
  assert.equal(new Set(migrations.map((m) => m.version)).size, migrations.length);
});

test('duplicate numbers are refused with both file names', () => {
  const other = mkdtempSync(path.join(os.tmpdir(), 'migrations-dup-'));
  writeFileSync(path.join(dir, '0001_a.sql'), 'select 1;');
  writeFileSync(path.join(other, '0001_b.sql'), 'select 1;');
  assert.throws(() => listMigrations([dir, other]), /Two migrations share number 1/);
  rmSync(other, { recursive: true, force: true });
  rmSync(path.join(dir, '0001_a.sql'));
});

test('migrations apply once, in order, and a failing one rolls back whole', async () => {
  writeFileSync(path.join(dir, '0001_first.sql'), 'create table t (id int);');
  writeFileSync(path.join(dir, '0002_second.sql'), 'insert into t values (1);');
  assert.deepEqual((await migrate(sql, [dir])).map((m) => m.version), [1, 2]);
  assert.deepEqual(await migrate(sql, [dir]), [], 'second run applies nothing');
  assert.equal((await sql`select count(*)::int as n from t`)[0]!.n, 1);

  writeFileSync(path.join(dir, '0003_broken.sql'), 'insert into t values (2); select * from no_such_table;');
  await assert.rejects(migrate(sql, [dir]), /no_such_table/);
  assert.equal((await sql`select count(*)::int as n from t`)[0]!.n, 1, 'the broken migration left nothing behind');
  const recorded = await sql`select version from schema_migrations order by version`;
  assert.deepEqual(recorded.map((r) => r.version), [1, 2]);
});
