// Assembles every activity from its dependencies. Tests call this with real or local
// dependencies instead of patching modules.
import type { Sql } from '../platform/db.js';
import { createWorkerProbeActivities } from './worker-probe.js';
import { createRemoteProviderActivities, type RemoteProviderActivityDeps } from './providers/remote/remote-provider-activities.js';

export interface ActivityDeps {
  sql: Sql;
  /** Remote providers' settings, media store, ffmpeg, fetch; each defaults from the environment. */
  remoteProviders?: RemoteProviderActivityDeps['remoteProviders'];
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createWorkerProbeActivities(deps),
    ...createRemoteProviderActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
