// GET /healthz: { db, temporal, worker, version } — 200 only when all are ok, 503 otherwise.
import { checkHealth, isHealthy } from '../../../platform/health.js';
import { appVersion } from '../../../platform/version.js';
import { consoleConfig, db, temporalConnection } from '../services.server.js';

export async function loader() {
  const config = consoleConfig();
  const health = await checkHealth({
    sql: db(),
    connectTemporal: temporalConnection,
    namespace: config.temporal.namespace,
    taskQueue: config.taskQueue,
    version: appVersion(),
  });
  return new Response(JSON.stringify(health), {
    status: isHealthy(health) ? 200 : 503,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
