import { parseArgs } from 'node:util';
import { UserFacingError, type Command } from '../command.js';
import { loadConfig } from '../../platform/config.js';
import { openProductions } from '../../productions/connect.js';
import { productionStatus, review, type ReviewAction } from '../../productions/productions.js';
import { formatStatus } from './status.js';

const ACTIONS: ReviewAction[] = ['approve', 'regenerate', 'reject', 'publish', 'unpublish'];
const HELP = `Usage: shiying review approve|regenerate|reject|publish|unpublish <productionId> [--shot N] [--note "…"] [--as user] [--json]
  approve --shot N        approve one shot
  approve                 approve the draft and publish it
  regenerate --shot N --note "…" [--prompt "…"] [--camera push-in] [--translation "…"]
  reject --note "reason"
  publish | unpublish`;

export const command: Command = {
  name: 'review',
  summary: 'approve, regenerate one shot, reject, publish or unpublish a production [--json]',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        shot: { type: 'string' },
        note: { type: 'string' },
        as: { type: 'string' },
        prompt: { type: 'string' },
        camera: { type: 'string' },
        translation: { type: 'string' },
        json: { type: 'boolean' },
      },
      allowPositionals: true,
    });
    const [action, productionId] = positionals as [ReviewAction | undefined, string | undefined];
    if (!action || !ACTIONS.includes(action)) throw new UserFacingError(`unknown review action "${action ?? ''}"\n${HELP}`);
    if (!productionId) throw new UserFacingError(`which production?\n${HELP}`);
    let shotIndex: number | undefined;
    if (values.shot !== undefined) {
      shotIndex = Number(values.shot);
      if (!Number.isInteger(shotIndex) || shotIndex < 0) throw new UserFacingError(`--shot must be a shot index as \`shiying status\` prints it, got "${values.shot}"`);
    }
    const edits = {
      ...(values.prompt ? { prompt: values.prompt } : {}),
      ...(values.camera ? { camera: { move: values.camera } } : {}),
      ...(values.translation ? { narration: { translation: values.translation } } : {}),
    };
    const deps = await openProductions(loadConfig());
    try {
      await review(deps, {
        productionId,
        action,
        actor: values.as ?? process.env.USER ?? 'cli',
        shotIndex,
        note: values.note,
        edits: Object.keys(edits).length > 0 ? edits : undefined,
      });
      const view = await productionStatus(deps, productionId);
      console.log(values.json ? JSON.stringify(view, null, 2) : formatStatus(view));
      return 0;
    } finally {
      await deps.close();
    }
  },
};
