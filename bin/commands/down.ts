import type { Command } from '../command.js';
import { loadConfig } from '../../platform/config.js';
import { servicesDown } from '../../platform/services.js';

export const command: Command = {
  name: 'down',
  summary: 'stop the background Postgres and Temporal started by `up` (idempotent)',
  async run() {
    await servicesDown(loadConfig());
    console.log('stopped');
    return 0;
  },
};
