// Brings the backing services up or down in the background (for `shiying up/down` and tests),
// honouring DATABASE_URL and TEMPORAL_ADDRESS: an external service is used, never started.
import { UserFacingError } from '../bin/command.js';
import { databaseUrl, temporalAddress, type Config } from './config.js';
import { connectDatabase, probeDatabase, redactUrl } from './db.js';
import { migrate } from './migrate.js';
import { ensureCluster, ensureDatabase, startClusterInBackground, stopCluster } from './postgres-cluster.js';
import { startTemporalInBackground, stopTemporalInBackground, waitForTemporal } from './temporal-server.js';
import type { TemporalBinary } from './temporal-binary.js';

export async function startPostgres(config: Config): Promise<void> {
  if (config.postgres.externalUrl) return;
  await ensureCluster(config);
  await startClusterInBackground(config);
  await ensureDatabase(config);
}

/** Checks the database answers and applies pending migrations; one clear error otherwise. */
export async function prepareDatabase(config: Config): Promise<void> {
  const sql = connectDatabase(config, { max: 2 });
  try {
    const probe = await probeDatabase(sql);
    if (!probe.ok) {
      throw new UserFacingError(`cannot reach Postgres at ${redactUrl(databaseUrl(config))}: ${probe.reason}`);
    }
    await migrate(sql);
  } finally {
    await sql.end({ timeout: 2 });
  }
}

export async function startTemporal(config: Config, binary: TemporalBinary | undefined): Promise<void> {
  if (config.temporal.externalAddress) {
    try {
      await waitForTemporal(config, 10_000);
    } catch {
      throw new UserFacingError(`cannot reach Temporal at TEMPORAL_ADDRESS=${temporalAddress(config)}`);
    }
    return;
  }
  if (!binary) throw new UserFacingError('no Temporal binary: run `shiying setup`');
  await startTemporalInBackground(config, binary.path);
}

export async function servicesUp(config: Config, binary: TemporalBinary | undefined): Promise<void> {
  await startPostgres(config);
  await prepareDatabase(config);
  await startTemporal(config, binary);
}

export async function servicesDown(config: Config): Promise<void> {
  if (!config.temporal.externalAddress) await stopTemporalInBackground(config);
  if (!config.postgres.externalUrl) await stopCluster(config);
}
