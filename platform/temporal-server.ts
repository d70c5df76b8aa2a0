// Runs the Temporal dev server (`temporal server start-dev`) with SQLite persistence under .data/.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, existsSync, rmSync, openSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { Config } from './config.js';
import { temporalAddress } from './config.js';

/**
 * Pollers refresh their long poll at this interval. The default (1 min) would let a dead worker
 * look alive for a minute; at 10 s, /healthz can tell within 30 s by asking Temporal.
 */
export const LONG_POLL_INTERVAL = '10s';

export function startDevArgs(config: Config): string[] {
  return [
    'server', 'start-dev',
    '--db-filename', config.temporal.sqliteFile,
    '--ip', '127.0.0.1',
    '--port', String(config.temporal.port),
    '--ui-port', String(config.temporal.uiPort),
    '--namespace', config.temporal.namespace,
    '--log-level', 'warn',
    '--dynamic-config-value', `matching.longPollExpirationInterval="${LONG_POLL_INTERVAL}"`,
  ];
}

/** Foreground child for `npm start` (own process group, so Ctrl-C is routed by the supervisor). */
export function spawnTemporal(config: Config, binary: string): ChildProcess {
  mkdirSync(path.dirname(config.temporal.sqliteFile), { recursive: true });
  return spawn(binary, startDevArgs(config), { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
}

function pidFile(config: Config): string {
  return path.join(config.dataDir, 'run', 'temporal.pid');
}

/** Background server for `shiying up` and the test command; its pid is kept for `down`. */
export async function startTemporalInBackground(config: Config, binary: string): Promise<void> {
  if (await isTemporalUp(config, 1500)) return;
  mkdirSync(path.join(config.dataDir, 'run'), { recursive: true });
  const log = openSync(path.join(config.dataDir, 'run', 'temporal.log'), 'a');
  const child = spawn(binary, startDevArgs(config), { stdio: ['ignore', log, log], detached: true });
  child.unref();
  writeFileSync(pidFile(config), String(child.pid));
  await waitForTemporal(config, 60_000);
}

export async function stopTemporalInBackground(config: Config): Promise<boolean> {
  const file = pidFile(config);
  if (!existsSync(file)) return false;
  const pid = Number(readFileSync(file, 'utf8'));
  rmSync(file, { force: true });
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return false;
  }
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  process.kill(pid, 'SIGKILL');
  return true;
}

/** True when the frontend answers GetSystemInfo within the timeout. */
export async function isTemporalUp(config: Config, timeoutMs = 3000): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address: temporalAddress(config), connectTimeout: timeoutMs });
    await connection.workflowService.getSystemInfo({});
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => {});
  }
}

export async function waitForTemporal(config: Config, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isTemporalUp(config, 2000)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Temporal did not answer on ${temporalAddress(config)} within ${timeoutMs / 1000}s`);
}
