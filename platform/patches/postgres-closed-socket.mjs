// A two-part fix to postgres.js 3.4.9 (the latest release), applied to node_modules by the
// bootstrap (bin/shiying.js) and by the Dockerfile after `npm ci`. Plain JavaScript: it runs before
// tsx is loaded.
//
// The bug (porsager/postgres#1154, #1066, #1208; fixes proposed in PRs #1168, #1176, #1209, none
// released): small writes are flushed from a setImmediate. When Postgres goes away in between,
// `closed()` nulls the socket and the immediate then calls `socket.write` on null — an uncaught
// TypeError that kills the whole process (our chaos run killed workers this way on every Postgres
// restart). And teardown cancels that immediate without forgetting it, so a pooled connection
// that reconnects can never flush a small write again. The patch:
//   1. nextWrite on a closed socket drops the buffered bytes and fails the queries waiting on them
//      with CONNECTION_CLOSED (catchable; our activities retry) instead of throwing;
//   2. closed() and terminate() forget the cancelled timer and the buffered bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MARKER = '/* shiying: closed-socket patch */';
const FILES = ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js'];

const NEXT_WRITE = `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)`;
const NEXT_WRITE_PATCHED = `  function nextWrite(fn) {
    ${MARKER}
    if (!socket) {
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
    const x = socket.write(chunk, fn)`;
const CANCEL = '    clearImmediate(nextWriteTimer)\n';
const CANCEL_PATCHED = '    clearImmediate(nextWriteTimer)\n    nextWriteTimer = chunk = null\n';

/** Patches one connection.js source; returns it unchanged when already patched. */
export function patchConnectionSource(source, file = 'connection.js') {
  if (source.includes(MARKER)) return source;
  const cancels = source.split(CANCEL).length - 1;
  if (!source.includes(NEXT_WRITE) || cancels !== 2) {
    throw new Error(`postgres ${file} is not the 3.4.9 code this patch was written for: check whether the installed postgres.js has fixed porsager/postgres#1208 and drop or update platform/patches/postgres-closed-socket.mjs`);
  }
  return source.replace(NEXT_WRITE, NEXT_WRITE_PATCHED).split(CANCEL).join(CANCEL_PATCHED);
}

/** Applies the patch under `root`/node_modules/postgres; returns the files it changed. */
export function applyPostgresPatch(root) {
  const changed = [];
  for (const relative of FILES) {
    const file = path.join(root, 'node_modules', 'postgres', relative);
    let source;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      continue; // that build of the package is not installed
    }
    const patched = patchConnectionSource(source, relative);
    if (patched !== source) {
      writeFileSync(file, patched);
      changed.push(relative);
    }
  }
  return changed;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const changed = applyPostgresPatch(root);
  console.log(changed.length ? `patched postgres.js: ${changed.join(', ')}` : 'postgres.js already patched');
}
