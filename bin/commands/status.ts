import { parseArgs } from 'node:util';
import { UserFacingError, type Command } from '../command.js';
import { loadConfig } from '../../platform/config.js';
import { openProductions } from '../../productions/connect.js';
import { productionStatus, type ProductionStatusView } from '../../productions/productions.js';

export const command: Command = {
  name: 'status',
  summary: 'show a production: status, draft version, every shot [--json]',
  help: 'Usage: shiying status <productionId> [--json]',
  async run(args) {
    const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
    const productionId = positionals[0];
    if (!productionId) throw new UserFacingError('which production? Usage: shiying status <productionId> [--json]');
    const deps = await openProductions(loadConfig());
    try {
      const view = await productionStatus(deps, productionId);
      console.log(values.json ? JSON.stringify(view, null, 2) : formatStatus(view));
      return 0;
    } finally {
      await deps.close();
    }
  },
};

export function formatStatus(view: ProductionStatusView): string {
  const lines = [
    `${view.productionId}  ${view.poem.title} · ${view.poem.author}`,
    `status   ${view.status}${view.reason ? ` (${view.reason})` : ''}`,
    `version  ${view.version}   cost $${view.costUsd.toFixed(2)}`,
  ];
  for (const shot of view.shots) {
    lines.push(`  shot ${String(shot.index).padStart(2)}  ${shot.status.padEnd(10)} v${shot.version}  ${shot.line}${shot.reason ? `  — ${shot.reason}` : ''}`);
  }
  if (view.film) lines.push(`film     ${view.film.film} (${view.film.durationSec.toFixed(1)}s)`);
  if (view.publication) lines.push(`gallery  /p/${view.publication.slug}${view.publication.visible ? '' : ' (unpublished)'}`);
  return lines.join('\n');
}
