// Carries out a fault schedule against the chaos stack: at each fault's moment, takes its service
// down, waits its downtime, brings it back and waits until it answers again (workers: until they
// poll). Stops early, skipping what is left, once every production has settled.
import type { ChaosStack } from './chaos-stack.js';
import { describeFault, type Fault } from './fault-schedule.js';
import type { FaultOutcome } from './report.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface FaultRunnerOptions {
  stack: ChaosStack;
  schedule: Fault[];
  /** Wall-clock ms the schedule's offsets count from. */
  windowOpensAt: number;
  /** True once there is nothing left to break. */
  finished: () => boolean;
  log: (line: string) => void;
  /** Processes that outlived a killed worker are reported here. */
  onLingering: (lines: string[]) => void;
}

async function inject(stack: ChaosStack, fault: Fault, onLingering: (lines: string[]) => void): Promise<{ downAt: number; backAt: number }> {
  const downAt = Date.now();
  switch (fault.kind) {
    case 'worker': {
      const lingering = await stack.killWorker(fault.target);
      if (lingering.length) onLingering(lingering);
      await sleep(Math.max(0, fault.downMs - (Date.now() - downAt)));
      const worker = stack.startWorker(fault.target);
      await withTimeout(worker.polling, 180_000, `worker ${fault.target} to poll again`);
      break;
    }
    case 'temporal':
      await stack.stopTemporal(fault.mode);
      await sleep(fault.downMs);
      await stack.startTemporal();
      break;
    case 'postgres':
      await stack.stopPostgres(fault.mode);
      await sleep(fault.downMs);
      await stack.startPostgres();
      break;
  }
  return { downAt, backAt: Date.now() };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s waiting for ${what}`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs the schedule to its end (or until `finished`); resolves with what happened to each fault. */
export async function runFaults(options: FaultRunnerOptions): Promise<FaultOutcome[]> {
  const outcomes: FaultOutcome[] = [];
  for (const fault of options.schedule) {
    const due = options.windowOpensAt + fault.atMs;
    while (Date.now() < due && !options.finished()) await sleep(Math.min(250, due - Date.now()));
    if (options.finished()) {
      outcomes.push({ fault, status: 'skipped' });
      continue;
    }
    options.log(`fault ${describeFault(fault)}`);
    try {
      const { downAt, backAt } = await inject(options.stack, fault, options.onLingering);
      options.log(`fault #${fault.n} over: ${fault.kind} back after ${((backAt - downAt) / 1000).toFixed(1)} s`);
      outcomes.push({ fault, status: 'done', downAt, backAt });
    } catch (error) {
      options.log(`fault #${fault.n} went wrong: ${(error as Error).message}`);
      outcomes.push({ fault, status: 'error', error: (error as Error).message });
    }
  }
  return outcomes;
}
