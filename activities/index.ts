// Assembles every activity from its dependencies. Tests call this with real or local
// dependencies instead of patching modules.
import type { Sql } from '../platform/db.js';
import { createWorkerProbeActivities } from './worker-probe.js';

export interface ActivityDeps {
  sql: Sql;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createWorkerProbeActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
