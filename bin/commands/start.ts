// `npm start`: everything on embedded defaults, in the foreground, with prefixed logs.
// Reuses Postgres/Temporal already running (from `shiying up`) and leaves them running.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { UserFacingError, type Command } from '../command.js';
import { loadConfig, projectRoot, temporalAddress, type Config } from '../../platform/config.js';
import { setup } from '../../platform/setup.js';
import { Supervisor } from '../../platform/supervisor.js';
import { portIsFree } from '../../platform/port.js';
import { checkToolchain } from '../../platform/toolchain.js';
import { ensureCluster, ensureDatabase, isClusterRunning, spawnPostgres } from '../../platform/postgres-cluster.js';
import { prepareDatabase } from '../../platform/services.js';
import { isTemporalUp, spawnTemporal, waitForTemporal } from '../../platform/temporal-server.js';
import { runStartupTasks } from '../../platform/startup-tasks.js';

const shiyingBin = path.join(projectRoot, 'bin', 'shiying.js');

async function waitForHealthy(config: Config, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${config.consolePort}/healthz`);
      if (response.status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return false;
}

export const command: Command = {
  name: 'start',
  summary: 'start everything (Postgres, Temporal, worker, console) in the foreground; Ctrl-C stops it',
  async run() {
    const started = Date.now();
    const config = loadConfig();
    const { temporal } = await setup(config);
    if (!(await portIsFree(config.consolePort))) {
      throw new UserFacingError(`port ${config.consolePort} is already in use: stop what holds it or set PORT`);
    }
    checkToolchain(config);

    const supervisor = new Supervisor();
    const stop = async (code: number) => {
      await supervisor.stopAll();
      process.exit(code);
    };
    process.once('SIGINT', () => void stop(0));
    process.once('SIGTERM', () => void stop(0));
    process.once('SIGHUP', () => void stop(0));
    process.once('exit', () => supervisor.killAllNow());
    supervisor.onUnexpectedExit = (proc, code, signal) => {
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (proc.essential) {
        supervisor.log(proc.name, `exited unexpectedly (${how}); stopping everything`);
        void stop(1);
      } else {
        supervisor.log(proc.name, `exited (${how}); start another with \`npx shiying ${proc.name}\``);
      }
    };

    try {
      if (!config.postgres.externalUrl && !(await isClusterRunning(config))) {
        await ensureCluster(config);
        supervisor.add('postgres', spawnPostgres(config), { stopSignal: 'SIGINT' });
        await ensureDatabase(config);
      } else if (!config.postgres.externalUrl) {
        supervisor.log('postgres', 'already running (started by `shiying up`): reusing it');
        await ensureDatabase(config);
      }
      await prepareDatabase(config);
      await runStartupTasks(config, (name, line) => supervisor.log(name, line));

      if (config.temporal.externalAddress) {
        await waitForTemporal(config, 15_000).catch(() => {
          throw new UserFacingError(`cannot reach Temporal at TEMPORAL_ADDRESS=${temporalAddress(config)}`);
        });
      } else if (await isTemporalUp(config, 1500)) {
        supervisor.log('temporal', `already running on ${temporalAddress(config)}: reusing it`);
      } else {
        supervisor.add('temporal', spawnTemporal(config, temporal!.path));
        await waitForTemporal(config, 90_000);
      }

      const childEnv = { ...process.env };
      supervisor.add('worker', spawn(process.execPath, [shiyingBin, 'worker'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true }), { essential: false });
      supervisor.add('console', spawn(process.execPath, [shiyingBin, 'console'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true }));
    } catch (error) {
      await supervisor.stopAll();
      throw error;
    }

    if (!(await waitForHealthy(config, 180_000))) {
      supervisor.log('start', `not healthy after 180s: see http://localhost:${config.consolePort}/healthz`);
    } else {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log('');
      console.log(`  诗影 Shiying is up (${seconds}s)`);
      console.log(`  Console      http://localhost:${config.consolePort}`);
      console.log(`  Health       http://localhost:${config.consolePort}/healthz`);
      console.log(`  Temporal UI  http://localhost:${config.temporal.uiPort}`);
      console.log('  Ctrl-C stops everything.');
      console.log('');
    }
    await new Promise(() => {}); // run until a signal arrives
    return 0;
  },
};
