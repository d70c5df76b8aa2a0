// Runs long-lived child processes for `npm start`: prefixed log lines, and an orderly stop
// (reverse start order, SIGTERM/SIGINT then SIGKILL after a grace period).
import type { ChildProcess } from 'node:child_process';
import readline from 'node:readline';

const COLOURS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m'];
const RESET = '\x1b[0m';

export interface Supervised {
  name: string;
  child: ChildProcess;
  /** The signal that asks this program for a clean shutdown. */
  stopSignal: NodeJS.Signals;
  /** Whether its death should bring everything down. */
  essential: boolean;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export class Supervisor {
  private readonly processes: Supervised[] = [];
  private readonly width = 8;
  private stopping = false;
  onUnexpectedExit: (proc: Supervised, code: number | null, signal: NodeJS.Signals | null) => void = () => {};

  prefix(name: string): string {
    const colour = process.stdout.isTTY ? COLOURS[this.processes.length % COLOURS.length] : '';
    return `${colour}[${name}]${process.stdout.isTTY ? RESET : ''}${' '.repeat(Math.max(1, this.width - name.length))}`;
  }

  log(name: string, line: string): void {
    console.log(`${this.prefix(name)}${line}`);
  }

  add(name: string, child: ChildProcess, options: { stopSignal?: NodeJS.Signals; essential?: boolean } = {}): Supervised {
    const prefix = this.prefix(name);
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      readline.createInterface({ input: stream }).on('line', (line) => console.log(`${prefix}${line}`));
    }
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', (error) => {
        console.log(`${prefix}failed to start: ${error.message}`);
        resolve({ code: 1, signal: null });
      });
    });
    const proc: Supervised = { name, child, stopSignal: options.stopSignal ?? 'SIGTERM', essential: options.essential ?? true, exited };
    this.processes.push(proc);
    void exited.then(({ code, signal }) => {
      if (!this.stopping) this.onUnexpectedExit(proc, code, signal);
    });
    return proc;
  }

  /** Stops every process, newest first, waiting for each before the next. */
  async stopAll(graceMs = 30_000): Promise<void> {
    this.stopping = true;
    for (const proc of [...this.processes].reverse()) {
      if (proc.child.exitCode !== null || proc.child.signalCode !== null) continue;
      this.log(proc.name, 'stopping…');
      proc.child.kill(proc.stopSignal);
      const timer = setTimeout(() => {
        this.log(proc.name, `did not stop within ${graceMs / 1000}s: killing`);
        proc.child.kill('SIGKILL');
      }, graceMs);
      await proc.exited;
      clearTimeout(timer);
    }
  }

  /** Last resort when the supervisor itself exits: no orphans. */
  killAllNow(): void {
    for (const proc of this.processes) {
      if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
    }
  }
}
