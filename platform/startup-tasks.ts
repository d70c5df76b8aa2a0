// One-time work `npm start` does after migrations and before serving: later features
// (corpus import on an empty database, development users) register their step here.
import type { Config } from './config.js';
import { seedConsoleUsersOnStart } from '../console/dev-seed.js';

export type StartupLog = (name: string, line: string) => void;

export async function runStartupTasks(config: Config, log: StartupLog): Promise<void> {
  // Filled in as features land: see corpus/ and console/ for their first-run steps.
  await seedConsoleUsersOnStart(config, (line) => log('console', line));
}
