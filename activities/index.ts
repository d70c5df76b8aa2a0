// Assembles every activity from its dependencies. Tests call this with real or local
// dependencies instead of patching modules.
import type { Sql } from '../platform/db.js';
import { loadConfig } from '../platform/config.js';
import { createWorkerProbeActivities } from './worker-probe.js';
import { createRemoteProviderActivities, type RemoteProviderActivityDeps } from './providers/remote/remote-provider-activities.js';
import { createFilmActivities, filmDepsFromConfig, type FilmActivityDeps } from './film/film-activities.js';
import { createProductionActivities, type FilmStudio } from './production/production-activities.js';
import { createProductionStudio } from './production/production-studio.js';
import { llmConfigFromEnv, type LlmConfig } from '../prompts/llm-interpreter.js';

export interface ActivityDeps {
  sql: Sql;
  /** Remote providers' settings, media store, ffmpeg, fetch; each defaults from the environment. */
  remoteProviders?: RemoteProviderActivityDeps['remoteProviders'];
  /** The film studio (media store, ffmpeg, providers); defaults from the environment. */
  film?: FilmActivityDeps;
  /** The studio productions render with; defaults to one built from `film` and `sql`. */
  productionStudio?: FilmStudio;
  /** The optional LLM interpreter for production plans; defaults from the environment. */
  llm?: LlmConfig;
}

export function createActivities(deps: ActivityDeps) {
  const film = deps.film ?? filmDepsFromConfig();
  return {
    ...createWorkerProbeActivities(deps),
    ...createRemoteProviderActivities(deps),
    ...createFilmActivities(film),
    ...createProductionActivities({
      sql: deps.sql,
      studio: deps.productionStudio ?? createProductionStudio({ sql: deps.sql, ...film, format: loadConfig().draftResolution }),
      llm: deps.llm ?? llmConfigFromEnv(process.env),
    }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
