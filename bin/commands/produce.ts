import { parseArgs } from 'node:util';
import { text as readStream } from 'node:stream/consumers';
import cliProgress from 'cli-progress';
import { UserFacingError, type Command } from '../command.js';
import { loadConfig } from '../../platform/config.js';
import { openProductions } from '../../productions/connect.js';
import { selectPoem } from '../../productions/poem-selection.js';
import { productionStatus, queueProduction, type ProductionStatusView } from '../../productions/productions.js';

const HELP = `Usage: shiying produce (--id ID | --title T [--author A] | --text "…" [--title T] [--author A])
         [--provider local|kling|wan|openai-videos] [--aspect 9:16|16:9] [--look ink-wash|gongbi|blue-green]
         [--priority 1-5] [--budget USD] [--as user] [--wait] [--json]
  --text -   read the poem from standard input
  --wait     show progress per shot and return when the draft is ready (awaiting_review) or failed`;

const SETTLED = new Set(['awaiting_review', 'failed', 'cancelled', 'rejected', 'published']);

export const command: Command = {
  name: 'produce',
  summary: 'queue a poem for production (corpus id, title, or pasted text) [--wait] [--json]',
  help: HELP,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        id: { type: 'string' }, title: { type: 'string' }, author: { type: 'string' }, text: { type: 'string' },
        provider: { type: 'string' }, aspect: { type: 'string' }, look: { type: 'string' }, priority: { type: 'string' },
        budget: { type: 'string' }, as: { type: 'string' }, wait: { type: 'boolean' }, json: { type: 'boolean' },
      },
    });
    const text = values.text === '-' ? await readStream(process.stdin) : values.text;
    const options = {
      ...(values.provider ? { provider: values.provider } : {}),
      ...(values.aspect ? { aspect: values.aspect } : {}),
      ...(values.look ? { look: values.look } : {}),
      ...(values.priority ? { priority: Number(values.priority) } : {}),
      ...(values.budget ? { budgetUsd: Number(values.budget) } : {}),
    };
    const deps = await openProductions(loadConfig());
    try {
      const poem = await selectPoem(deps.sql, { id: values.id, title: values.title, author: values.author, text });
      const queued = await queueProduction(deps, { poemId: poem.id, options, requestedBy: values.as ?? process.env.USER ?? 'cli' });
      if (queued.existing && !values.json) console.error(`${poem.title} with these options is already in production: ${queued.productionId}`);
      let status: string = queued.status;
      if (values.wait) status = (await waitWithProgress(() => productionStatus(deps, queued.productionId), !values.json)).status;
      if (values.json) console.log(JSON.stringify({ productionId: queued.productionId, status, existing: queued.existing }));
      else console.log(`${queued.productionId}  ${status}`);
      return status === 'failed' ? 1 : 0;
    } catch (error) {
      if ((error as { userFacing?: boolean }).userFacing) throw new UserFacingError((error as Error).message);
      throw error;
    } finally {
      await deps.close();
    }
  },
};

/** Polls the production until it settles, drawing one bar per shot on a terminal. */
async function waitWithProgress(read: () => Promise<ProductionStatusView>, show: boolean): Promise<ProductionStatusView> {
  const bars = show && process.stderr.isTTY ? new cliProgress.MultiBar({ format: ' shot {index} [{bar}] {state} {line}', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_grey) : undefined;
  const perShot = new Map<number, cliProgress.SingleBar>();
  const stage = { planned: 0, generating: 1, ready: 2, approved: 2, failed: 2 } as Record<string, number>;
  let last = '';
  for (;;) {
    const view = await read();
    for (const shot of view.shots) {
      const payload = { index: String(shot.index).padStart(2), state: shot.status.padEnd(10), line: shot.line };
      if (bars) {
        const bar = perShot.get(shot.index) ?? bars.create(2, 0, payload);
        perShot.set(shot.index, bar);
        bar.update(stage[shot.status] ?? 0, payload);
      }
    }
    const summary = `${view.status} ${view.shots.map((s) => s.status[0]).join('')}`;
    if (show && !bars && summary !== last) console.error(`  ${view.status}: ${view.shots.filter((s) => s.status === 'ready' || s.status === 'approved').length}/${view.shots.length} shots ready`);
    last = summary;
    if (SETTLED.has(view.status)) {
      bars?.stop();
      return view;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
