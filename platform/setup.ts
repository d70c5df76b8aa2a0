// The idempotent setup step that `npm start`, `npm test` and `shiying setup` run first:
// system packages, the Temporal binary and the console build. npm packages are handled by
// bin/shiying.js before any of this can load. Returns in seconds when everything is present.
import { UserFacingError } from '../bin/command.js';
import type { Config } from './config.js';
import { installSystemPackages, missingSystemPackages } from './system-packages.js';
import { provideTemporalBinary, type TemporalBinary } from './temporal-binary.js';
import { ensureConsoleBuild } from './console-build.js';

export interface SetupResult {
  temporal: TemporalBinary | undefined;
}

export async function setup(config: Config, options: { log?: (line: string) => void; consoleBuild?: boolean } = {}): Promise<SetupResult> {
  const log = options.log ?? ((line: string) => console.log(`[setup] ${line}`));
  const missing = missingSystemPackages();
  if (missing.length > 0) {
    const result = installSystemPackages(missing, log);
    if (!result.ok) throw new UserFacingError(result.message ?? 'system packages are missing');
  }
  // With TEMPORAL_ADDRESS set we use that server and need no binary.
  let temporal: TemporalBinary | undefined;
  if (!config.temporal.externalAddress) {
    try {
      temporal = await provideTemporalBinary(config, log);
    } catch (error) {
      throw new UserFacingError((error as Error).message);
    }
  }
  if (options.consoleBuild !== false) await ensureConsoleBuild(log);
  return { temporal };
}
