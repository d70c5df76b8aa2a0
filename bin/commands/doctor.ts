import type { Command } from '../command.js';
import { loadConfig } from '../../platform/config.js';
import { diagnose, formatFindings } from '../../platform/doctor.js';

export const command: Command = {
  name: 'doctor',
  summary: 'check what is missing or unhealthy and say how to fix it [--json]',
  async run(args) {
    const findings = await diagnose(loadConfig());
    if (args.includes('--json')) console.log(JSON.stringify({ ok: findings.every((f) => f.ok), findings }, null, 2));
    else console.log(formatFindings(findings));
    return findings.every((f) => f.ok) ? 0 : 1;
  },
};
