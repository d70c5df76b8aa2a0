// Long-lived server-side connections of the console process, created on first use.
import { Client, Connection } from '@temporalio/client';
import { loadConfig, temporalAddress, type Config } from '../../platform/config.js';
import { connectDatabase, type Sql } from '../../platform/db.js';
import type { ProductionsDeps } from '../../productions/productions.js';

let config: Config | undefined;
let sql: Sql | undefined;
let connection: Promise<Connection> | undefined;

export function consoleConfig(): Config {
  return (config ??= loadConfig());
}

export function db(): Sql {
  return (sql ??= connectDatabase(consoleConfig(), { max: 10 }));
}

/** A Temporal connection; a failed attempt is forgotten so the next request retries. */
export function temporalConnection(): Promise<Connection> {
  if (!connection) {
    connection = Connection.connect({ address: temporalAddress(consoleConfig()), connectTimeout: 2000 });
    connection.catch(() => {
      connection = undefined;
    });
  }
  return connection;
}

/** What the productions operations need: Postgres, a Temporal client and the task queue. */
export async function productionsDeps(): Promise<ProductionsDeps> {
  const connection = await temporalConnection().catch((error: unknown) => {
    throw new Response(`Temporal is not reachable: ${(error as Error).message}`, { status: 503, statusText: 'Service Unavailable' });
  });
  return { sql: db(), client: new Client({ connection, namespace: consoleConfig().temporal.namespace }), taskQueue: consoleConfig().taskQueue };
}

export async function closeServices(): Promise<void> {
  await sql?.end({ timeout: 5 });
  const open = await connection?.catch(() => undefined);
  await open?.close();
}
