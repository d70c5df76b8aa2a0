import type { Command } from '../command.js';
import { loadConfig } from '../../platform/config.js';
import { ensureConsoleBuild } from '../../platform/console-build.js';
import { startConsoleServer } from '../../console/server.js';

export const command: Command = {
  name: 'console',
  summary: 'serve the console (gallery, curate, review, /healthz) on PORT (default 3000)',
  async run() {
    const config = loadConfig();
    await ensureConsoleBuild((line) => console.log(`[console] ${line}`));
    const consoleServer = await startConsoleServer(config.consolePort);
    console.log(`console listening on http://localhost:${config.consolePort}`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await consoleServer.close();
    // Request handlers keep pooled Postgres/Temporal connections in the server build; they hold
    // no unsaved state, so exiting here is the clean end.
    process.exit(0);
  },
};
