// The smallest real round trip: client → Temporal → worker → Postgres → back.
// `shiying doctor` and the platform tests use it to prove a worker is processing tasks.
import { proxyActivities } from '@temporalio/workflow';
import type { WorkerProbeActivities } from '../activities/worker-probe.js';

const { recordWorkerProbe } = proxyActivities<WorkerProbeActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5 },
});

export interface WorkerProbeResult {
  probeId: string;
  hostname: string;
  pid: number;
  recordedAt: string;
}

export async function workerProbeWorkflow(probeId: string): Promise<WorkerProbeResult> {
  return recordWorkerProbe(probeId);
}
