import type { Command } from '../command.js';
import { loadConfig } from '../../platform/config.js';
import { setup } from '../../platform/setup.js';

export const command: Command = {
  name: 'setup',
  summary: 'install what is missing (apt packages, npm packages, Temporal binary, console build); idempotent',
  async run() {
    const started = Date.now();
    const { temporal } = await setup(loadConfig());
    console.log(`setup complete in ${((Date.now() - started) / 1000).toFixed(1)}s${temporal ? `; Temporal ${temporal.version} via ${temporal.route}: ${temporal.path}` : ''}`);
    return 0;
  },
};
