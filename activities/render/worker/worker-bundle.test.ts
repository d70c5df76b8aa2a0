import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { bundledWorker } from './worker-bundle.js';

function project() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shiying-bundle-'));
  writeFileSync(path.join(dir, 'entry.ts'), "import { greeting } from './dependency.js';\nconst n: number = 2;\nconsole.log(greeting, n);\n");
  writeFileSync(path.join(dir, 'dependency.ts'), "export const greeting: string = 'first';\n");
  return dir;
}

const run = (file: string) => execFileSync(process.execPath, [file], { encoding: 'utf8' }).trim();

test('a worker bundle is built once, reused while its sources are unchanged, and rebuilt when one changes', (t) => {
  const dir = project();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cache = path.join(dir, 'cache');

  const first = bundledWorker(path.join(dir, 'entry.ts'), cache);
  assert.equal(first.built, true);
  assert.deepEqual(first.execArgv, [], 'a bundle runs on plain node');
  assert.equal(run(first.entry), 'first 2');

  assert.equal(bundledWorker(path.join(dir, 'entry.ts'), cache).built, false, 'unchanged sources reuse the bundle');

  // A change in an imported file (not the entry) must be noticed.
  writeFileSync(path.join(dir, 'dependency.ts'), "export const greeting: string = 'second';\n");
  const again = bundledWorker(path.join(dir, 'entry.ts'), cache);
  assert.equal(again.built, true);
  assert.equal(run(again.entry), 'second 2');
});

test('a bundle whose file went missing is rebuilt', (t) => {
  const dir = project();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cache = path.join(dir, 'cache');
  const first = bundledWorker(path.join(dir, 'entry.ts'), cache);
  rmSync(first.entry);
  const again = bundledWorker(path.join(dir, 'entry.ts'), cache);
  assert.equal(again.built, true);
  assert.equal(run(again.entry), 'first 2');
});

test('a source that does not compile is an error, and leaves no partial files behind', (t) => {
  const dir = project();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cache = path.join(dir, 'cache');
  writeFileSync(path.join(dir, 'dependency.ts'), 'export const = ;\n');
  assert.throws(() => bundledWorker(path.join(dir, 'entry.ts'), cache), /could not bundle .*entry\.ts: .*dependency\.ts/s);
  const left = execFileSync('find', [dir, '-name', '*.partial-*'], { encoding: 'utf8' }).trim();
  assert.equal(left, '');
});
