import { parseArgs } from 'node:util';
import { UserFacingError, type Command } from '../command.js';
import { loadConfig } from '../../platform/config.js';
import { openProductions } from '../../productions/connect.js';
import { cancelProduction, listProductions, productionStatus, review } from '../../productions/productions.js';
import { PRODUCTION_STATUSES, type ProductionStatus } from '../../workflows/production-state.js';

const HELP = `Usage:
  shiying queue list [--status queued,generating,…] [--limit N] [--json]
  shiying queue cancel <productionId> [--json]
  shiying queue retry <productionId> [--as user] [--json]`;

export const command: Command = {
  name: 'queue',
  summary: 'list, cancel or retry productions [--json]',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: { status: { type: 'string' }, limit: { type: 'string' }, as: { type: 'string' }, json: { type: 'boolean' } },
      allowPositionals: true,
    });
    const [action, productionId] = positionals;
    const deps = await openProductions(loadConfig());
    try {
      switch (action) {
        case 'list': {
          const status = values.status?.split(',').map((s) => s.trim()) as ProductionStatus[] | undefined;
          const unknown = status?.filter((s) => !PRODUCTION_STATUSES.includes(s));
          if (unknown?.length) throw new UserFacingError(`unknown status ${unknown.join(', ')}: one of ${PRODUCTION_STATUSES.join(', ')}`);
          const limit = values.limit === undefined ? 50 : Number(values.limit);
          if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UserFacingError('--limit must be 1 to 1000');
          const items = await listProductions(deps, { status, limit });
          if (values.json) console.log(JSON.stringify({ productions: items }, null, 2));
          else
            for (const item of items)
              console.log(`${item.productionId}  ${item.status.padEnd(15)} ${item.shotsReady}/${item.shotsTotal} shots  p${item.priority}  ${item.provider.padEnd(13)} ${item.title} · ${item.author}`);
          return 0;
        }
        case 'cancel':
        case 'retry': {
          if (!productionId) throw new UserFacingError(`which production?\n${HELP}`);
          if (action === 'cancel') await cancelProduction(deps, productionId);
          else await review(deps, { productionId, action: 'retry', actor: values.as ?? process.env.USER ?? 'cli' });
          const view = await waitForSettled(() => productionStatus(deps, productionId), action);
          console.log(values.json ? JSON.stringify(view, null, 2) : `${productionId}: ${view.status}`);
          return 0;
        }
        default:
          throw new UserFacingError(`unknown queue action "${action ?? ''}"\n${HELP}`);
      }
    } finally {
      await deps.close();
    }
  },
};

/** After a cancel, the mirror catches up within moments: wait for it so the answer is true. */
async function waitForSettled<T extends { status: string }>(read: () => Promise<T>, action: string): Promise<T> {
  for (let i = 0; i < 50; i++) {
    const view = await read();
    if (action !== 'cancel' || view.status === 'cancelled') return view;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return read();
}
