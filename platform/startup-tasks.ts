// One-time work `npm start` does after migrations and before serving: the corpus import on an
// empty database, and the development users.
import type { Config } from './config.js';
import { seedConsoleUsersOnStart } from '../console/dev-seed.js';
import { importCorpusOnStart } from '../corpus/startup.js';

export type StartupLog = (name: string, line: string) => void;

export async function runStartupTasks(config: Config, log: StartupLog): Promise<void> {
  // The first run imports the corpus (about a minute); later runs find it and skip this.
  await importCorpusOnStart(config, (line) => log('corpus', line));
  await seedConsoleUsersOnStart(config, (line) => log('console', line));
}
