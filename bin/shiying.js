#!/usr/bin/env node
// Bootstrap for the `shiying` CLI (and `npm start` / `npm test`). Plain JavaScript because it
// runs before any npm package may exist: it installs the locked packages when they are missing
// or stale, then loads the TypeScript CLI through tsx.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lockFile = path.join(root, 'package-lock.json');
const stampFile = path.join(root, 'node_modules', '.shiying-lock-sha256');

function ensurePackages() {
  const lockHash = existsSync(lockFile) ? createHash('sha256').update(readFileSync(lockFile)).digest('hex') : 'no-lock';
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === lockHash) return;
  const command = existsSync(lockFile) ? 'ci' : 'install';
  console.log(`[setup] npm ${command} (packages missing or changed)…`);
  const result = spawnSync('npm', [command, '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[setup] npm ${command} failed (exit ${result.status}); see the output above`);
    process.exit(1);
  }
  writeFileSync(stampFile, lockHash);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 3)) {
  console.error(`Shiying needs Node.js 20.3 or newer; this is ${process.versions.node}`);
  process.exit(1);
}

ensurePackages();
// postgres.js 3.4.9 can crash a process when Postgres goes away (see the patch's header).
const { applyPostgresPatch } = await import('../platform/patches/postgres-closed-socket.mjs');
try {
  applyPostgresPatch(root);
} catch (error) {
  console.error(`[setup] ${error.message}`);
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
await import(pathToFileURL(path.join(root, 'bin', 'cli.ts')).href);
