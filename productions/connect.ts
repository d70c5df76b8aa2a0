// Opens what the productions operations need (Postgres and a Temporal client) for one CLI run.
import { Client, Connection } from '@temporalio/client';
import { UserFacingError } from '../bin/command.js';
import { databaseUrl, temporalAddress, type Config } from '../platform/config.js';
import { connectDatabase, probeDatabase, redactUrl } from '../platform/db.js';
import type { ProductionsDeps } from './productions.js';

export async function openProductions(config: Config): Promise<ProductionsDeps & { close: () => Promise<void> }> {
  const sql = connectDatabase(config, { max: 4 });
  const probe = await probeDatabase(sql);
  if (!probe.ok) {
    await sql.end({ timeout: 1 });
    throw new UserFacingError(`cannot reach Postgres at ${redactUrl(databaseUrl(config))}: ${probe.reason} (start it with \`npx shiying up\`)`);
  }
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: temporalAddress(config), connectTimeout: 5000 });
  } catch (error) {
    await sql.end({ timeout: 1 });
    throw new UserFacingError(`cannot reach Temporal at ${temporalAddress(config)}: ${(error as Error).message} (start it with \`npx shiying up\`)`);
  }
  const client = new Client({ connection, namespace: config.temporal.namespace });
  return {
    sql,
    client,
    taskQueue: config.taskQueue,
    close: async () => {
      await connection.close();
      await sql.end({ timeout: 2 });
    },
  };
}
