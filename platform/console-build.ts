// Builds the Remix console (vite) when its build is missing or older than its sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { projectRoot } from './config.js';

export const consoleDir = path.join(projectRoot, 'console');
export const consoleServerBuild = path.join(consoleDir, 'build', 'server', 'index.js');

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (entry === 'node_modules' || entry === 'build') continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

export function consoleBuildIsFresh(): boolean {
  if (!existsSync(consoleServerBuild)) return false;
  const built = statSync(consoleServerBuild).mtimeMs;
  // The console imports server modules from these folders too.
  const sources = ['console/app', 'console/vite.config.ts', 'platform', 'corpus', 'prompts', 'activities', 'workflows', 'package-lock.json'];
  return sources.every((source) => newestMtime(path.join(projectRoot, source)) <= built);
}

export async function ensureConsoleBuild(log: (line: string) => void): Promise<void> {
  if (consoleBuildIsFresh()) return;
  log('building the console (remix vite:build)…');
  const result = spawnSync(
    process.execPath,
    [path.join(projectRoot, 'node_modules', '@remix-run', 'dev', 'dist', 'cli.js'), 'vite:build', '--config', 'console/vite.config.ts'],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
  );
  if (result.status !== 0) {
    // Vite ends with a long list of watched files; the cause is at the top.
    const output = `${result.stdout}\n${result.stderr}`.split('\n').filter((line) => line.trim() !== '' && !/^\s+'\//.test(line));
    throw new Error(`console build failed:\n${output.slice(0, 15).join('\n')}`);
  }
}
