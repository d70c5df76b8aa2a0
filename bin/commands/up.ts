import type { Command } from '../command.js';
import { loadConfig, databaseUrl, temporalAddress } from '../../platform/config.js';
import { setup } from '../../platform/setup.js';
import { servicesUp } from '../../platform/services.js';
import { redactUrl } from '../../platform/db.js';

export const command: Command = {
  name: 'up',
  summary: 'start Postgres and the Temporal dev server in the background (idempotent)',
  async run() {
    const config = loadConfig();
    const { temporal } = await setup(config, { consoleBuild: false });
    await servicesUp(config, temporal);
    console.log(`Postgres  ${redactUrl(databaseUrl(config))}`);
    console.log(`Temporal  ${temporalAddress(config)}  (UI http://localhost:${config.temporal.uiPort})`);
    return 0;
  },
};
