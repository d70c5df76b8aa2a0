// `shiying doctor`: what is missing or unhealthy, and how to fix each thing.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { databaseUrl, temporalAddress, type Config } from './config.js';
import { connectDatabase, probeDatabase, redactUrl } from './db.js';
import { listMigrations } from './migrate.js';
import { missingSystemPackages, installCommand, SYSTEM_PACKAGES } from './system-packages.js';
import { findTemporalBinary } from './temporal-binary.js';
import { checkWorkerPollers } from './health.js';
import { commandExists } from './process-runner.js';
import { workerProbeWorkflow } from '../workflows/index.js';

export interface Finding {
  check: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

export async function diagnose(config: Config): Promise<Finding[]> {
  const findings: Finding[] = [];
  const add = (check: string, ok: boolean, detail: string, fix?: string) => findings.push({ check, ok, detail, ...(ok ? {} : { fix }) });

  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  add('node', major > 20 || (major === 20 && minor >= 3), `Node.js ${process.versions.node}`, 'install Node.js 20.3 or newer');

  const missing = missingSystemPackages();
  add('system packages', missing.length === 0,
    missing.length === 0 ? SYSTEM_PACKAGES.map((p) => p.apt).join(', ') : `missing: ${missing.map((p) => p.apt).join(', ')}`,
    `apt-get update && ${installCommand(missing)}`);
  for (const [name, executable] of [['ffmpeg', config.ffmpegPath], ['ffprobe', config.ffprobePath]] as const) {
    if (executable !== name) add(name, commandExists(executable), executable, `set ${name.toUpperCase()}_PATH to an existing ${name}`);
  }

  if (config.temporal.externalAddress) {
    add('temporal binary', true, `not needed: TEMPORAL_ADDRESS=${config.temporal.externalAddress}`);
  } else {
    const binary = findTemporalBinary(config);
    add('temporal binary', binary !== undefined, binary ? `${binary.path} (route ${binary.route})` : 'not provided', 'npx shiying setup');
  }

  const sql = connectDatabase(config, { max: 1 });
  try {
    const probe = await probeDatabase(sql);
    add('postgres', probe.ok, probe.ok ? redactUrl(databaseUrl(config)) : `${redactUrl(databaseUrl(config))}: ${probe.reason}`,
      config.postgres.externalUrl ? 'check DATABASE_URL' : 'npx shiying up (or npm start)');
    if (probe.ok) {
      const applied = new Set((await sql`select version from schema_migrations`.catch(() => [])).map((r) => r.version as number));
      const pending = listMigrations().filter((m) => !applied.has(m.version));
      add('migrations', pending.length === 0, pending.length === 0 ? `${applied.size} applied` : `${pending.length} pending`, 'npx shiying up (migrations run on every start)');
    }
  } finally {
    await sql.end({ timeout: 1 });
  }

  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address: temporalAddress(config), connectTimeout: 3000 });
    await connection.workflowService.getSystemInfo({});
    add('temporal', true, temporalAddress(config));
    const polling = await checkWorkerPollers(connection, config.temporal.namespace, config.taskQueue, Date.now());
    add('worker', polling, polling ? `poller on "${config.taskQueue}"` : `no poller on "${config.taskQueue}"`, 'npx shiying worker (or npm start)');
    if (polling) {
      const client = new Client({ connection, namespace: config.temporal.namespace });
      const probeId = `doctor-${randomUUID()}`;
      try {
        const handle = await client.workflow.start(workerProbeWorkflow, { taskQueue: config.taskQueue, workflowId: probeId, args: [probeId], workflowExecutionTimeout: '20s' });
        const result = await handle.result();
        add('round trip', true, `workflow → activity → Postgres on ${result.hostname}:${result.pid}`);
      } catch (error) {
        add('round trip', false, (error as Error).message, 'see the worker log');
      }
    }
  } catch (error) {
    add('temporal', false, `${temporalAddress(config)}: ${(error as Error).message}`, config.temporal.externalAddress ? 'check TEMPORAL_ADDRESS' : 'npx shiying up (or npm start)');
  } finally {
    await connection?.close();
  }

  try {
    const response = await fetch(`http://127.0.0.1:${config.consolePort}/healthz`, { signal: AbortSignal.timeout(5000) });
    add('console', response.status === 200, `http://localhost:${config.consolePort}/healthz → ${response.status}`, 'see /healthz problems');
  } catch {
    add('console', false, `nothing answers on port ${config.consolePort}`, 'npx shiying console (or npm start)');
  }
  return findings;
}

export function formatFindings(findings: Finding[]): string {
  const width = Math.max(...findings.map((f) => f.check.length));
  return findings
    .map((f) => `${f.ok ? '✓' : '✗'} ${f.check.padEnd(width)}  ${f.detail}${f.fix ? `\n  ${' '.repeat(width)}  fix: ${f.fix}` : ''}`)
    .join('\n');
}
