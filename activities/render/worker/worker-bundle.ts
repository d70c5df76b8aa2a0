// Render workers start from one bundled JavaScript file rather than through tsx: a bundled worker
// is ready in ~0.15 s instead of ~0.45 s, and every film starts two of them before its first shot
// can be painted. The bundle is rebuilt with esbuild whenever any source file in it changes
// (compared by content hash, so a stale bundle is never used); when esbuild is missing or the
// cache folder is not writable, workers start through tsx as before.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface WorkerLaunch {
  /** The module the worker process runs. */
  entry: string;
  /** Node flags it needs (`--import tsx` for TypeScript sources). */
  execArgv: string[];
  /** True when this call (re)built the bundle. */
  built: boolean;
}

interface BundleRecord {
  /** Source file (relative to the working folder esbuild saw) → sha256 of its content. */
  inputs: Record<string, string>;
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function upToDate(recordFile: string, bundleFile: string, root: string): boolean {
  try {
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as BundleRecord;
    return existsSync(bundleFile) && Object.entries(record.inputs).every(([file, hash]) => sha256(path.resolve(root, file)) === hash);
  } catch {
    return false;
  }
}

/**
 * The bundled form of `entry` (a TypeScript module), built into `cacheDir` when missing or stale.
 * Packages stay external: the bundle lives under node_modules so they resolve from it.
 */
export function bundledWorker(entry: string, cacheDir: string): WorkerLaunch {
  const name = path.basename(entry).replace(/\.ts$/, '');
  const bundleFile = path.join(cacheDir, `${name}.mjs`);
  const recordFile = path.join(cacheDir, `${name}.inputs.json`);
  const root = path.dirname(entry);
  if (upToDate(recordFile, bundleFile, root)) return { entry: bundleFile, execArgv: [], built: false };

  // esbuild's command line rather than its JS API: buildSync would leave a service thread and
  // process running for the life of this (long-lived worker) process.
  const esbuild = path.join(path.dirname(createRequire(import.meta.url).resolve('esbuild/package.json')), 'bin/esbuild');
  mkdirSync(cacheDir, { recursive: true });
  // Written under temporary names and renamed, so a process starting a worker meanwhile sees
  // either the old complete bundle or the new one.
  const suffix = `.partial-${process.pid}-${Date.now()}`;
  const metaFile = path.join(cacheDir, `${name}.meta.json${suffix}`);
  try {
    execFileSync(
      esbuild,
      [entry, '--bundle', '--platform=node', '--format=esm', '--target=node20', '--packages=external', `--metafile=${metaFile}`, `--outfile=${bundleFile + suffix}`, '--log-level=error'],
      { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { inputs: Record<string, unknown> };
    const inputs = Object.fromEntries(Object.keys(meta.inputs).map((file) => [file, sha256(path.resolve(root, file))]));
    writeFileSync(recordFile + suffix, JSON.stringify({ inputs } satisfies BundleRecord));
    renameSync(bundleFile + suffix, bundleFile);
    renameSync(recordFile + suffix, recordFile);
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`could not bundle ${entry}${stderr ? `: ${stderr}` : ''}`, { cause: error });
  } finally {
    for (const file of [bundleFile + suffix, recordFile + suffix, metaFile]) rmSync(file, { force: true });
  }
  return { entry: bundleFile, execArgv: [], built: true };
}

let launch: WorkerLaunch | undefined;

/** How this process starts render workers: the bundle when it can be had, tsx otherwise (decided once). */
export function renderWorkerLaunch(entry: string): WorkerLaunch {
  if (launch) return launch;
  const projectRoot = path.resolve(path.dirname(entry), '../../..');
  try {
    launch = bundledWorker(entry, path.join(projectRoot, 'node_modules/.cache/shiying'));
  } catch {
    launch = { entry, execArgv: ['--import', import.meta.resolve('tsx')], built: false };
  }
  return launch;
}
