import os from 'node:os';
import type { Sql } from '../platform/db.js';
import type { WorkerProbeResult } from '../workflows/worker-probe.js';

export function createWorkerProbeActivities(deps: { sql: Sql }) {
  return {
    /** Records the probe (idempotent on probe id) and reports which worker handled it. */
    async recordWorkerProbe(probeId: string): Promise<WorkerProbeResult> {
      const [row] = await deps.sql<{ probe_id: string; hostname: string; pid: number; recorded_at: Date }[]>`
        insert into worker_probes (probe_id, hostname, pid)
        values (${probeId}, ${os.hostname()}, ${process.pid})
        on conflict (probe_id) do update set probe_id = excluded.probe_id
        returning probe_id, hostname, pid, recorded_at`;
      return { probeId: row!.probe_id, hostname: row!.hostname, pid: row!.pid, recordedAt: row!.recorded_at.toISOString() };
    },
  };
}

export type WorkerProbeActivities = ReturnType<typeof createWorkerProbeActivities>;
