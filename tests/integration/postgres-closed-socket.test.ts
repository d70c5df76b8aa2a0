// postgres.js 3.4.9 throws an uncaught TypeError when a small write is flushed after Postgres
// closed the connection (porsager/postgres#1208), which killed our workers whenever Postgres
// restarted. platform/patches/postgres-closed-socket.mjs fixes the installed driver; this checks
// the fix on a real server: a reserved connection whose backend is terminated, then a query on it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { patchConnectionSource } from '../../platform/patches/postgres-closed-socket.mjs';
import { openTestDatabase, testDatabaseUrl } from '../support/database.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const repro = path.join(root, 'tests/support/postgres-closed-socket-repro.mjs');

/** Runs the repro from a scratch folder whose node_modules is `modules` (so `postgres` resolves there). */
function runRepro(folder: string, modules: string) {
  if (modules !== path.join(folder, 'node_modules')) symlinkSync(modules, path.join(folder, 'node_modules'));
  const script = path.join(folder, 'repro.mjs');
  writeFileSync(script, readFileSync(repro));
  return spawnSync(process.execPath, [script, testDatabaseUrl()], { encoding: 'utf8', timeout: 30_000 });
}

test('a query on a connection whose backend was terminated fails with CONNECTION_CLOSED instead of crashing the process', async (t) => {
  const sql = await openTestDatabase();
  await sql.end(); // the test database exists and is reachable
  const folder = mkdtempSync(path.join(os.tmpdir(), 'shiying-pg-patched-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const result = runRepro(folder, path.join(root, 'node_modules'));
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /query failed: CONNECTION_CLOSED/);
  assert.match(result.stdout, /survived/);
  t.diagnostic(result.stdout.trim().replace(/\n/g, ' | '));
});

test('the driver as published crashes on the same script (so the test above can fail)', (t) => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'shiying-pg-unpatched-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  cpSync(path.join(root, 'node_modules/postgres'), path.join(folder, 'node_modules/postgres'), { recursive: true });
  for (const relative of ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js']) {
    const file = path.join(folder, 'node_modules/postgres', relative);
    const unpatched = readFileSync(file, 'utf8')
      .replace(/\n {4}\/\* shiying: closed-socket patch \*\/\n {4}if \(!socket\) \{\n[^}]*\}/, '')
      .replaceAll('    nextWriteTimer = chunk = null\n', '');
    assert.ok(!unpatched.includes('shiying'), `${relative} still patched`);
    writeFileSync(file, unpatched);
  }
  const result = runRepro(folder, path.join(folder, 'node_modules'));
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /Cannot read properties of null \(reading 'write'\)/);
});

test('the patch applies once, and refuses driver code it was not written for', () => {
  const source = readFileSync(path.join(root, 'node_modules/postgres/src/connection.js'), 'utf8');
  assert.equal(patchConnectionSource(source), source, 'the installed driver is already patched, and patching again changes nothing');
  assert.throws(() => patchConnectionSource('function nextWrite(fn) { return socket && socket.write(chunk, fn) }'), /not the 3\.4\.9 code/);
});
