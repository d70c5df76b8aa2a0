// `shiying bench` (npm run bench): every benchmark of the earlier issues, one after another on a
// prepared machine (system packages, Temporal binary, console build, local Postgres with the
// corpus), then one table — measure, figure, target, pass/fail — with the machine's details.
// Each benchmark's full output is kept in .data/bench/<time>/<name>.log.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { UserFacingError, type Command } from '../command.js';
import { BENCHMARKS, formatTable, rowsOf, type ReportRow } from '../../bench/suite.js';
import { loadConfig } from '../../platform/config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const HELP = `Usage: shiying bench [--only NAME[,NAME…]]

Runs every benchmark (${BENCHMARKS.map((b) => b.name).join(', ')}) and prints one table of
measure, figure, target and pass/fail, with the machine's details. Starts the local Postgres and
imports the corpus first when needed. Full outputs go to .data/bench/<time>/. Exits 1 when a target is missed.`;

function runBenchmark(script: string, args: string[], log: string): Promise<{ exitCode: number; stdout: string; stderrTail: string; seconds: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const out = createWriteStream(log);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('bench', script), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      out.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
      out.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      out.end();
      resolve({ exitCode: code ?? 1, stdout, stderrTail: stderr.replace(/\r/g, '\n').trim(), seconds: (performance.now() - started) / 1000 });
    });
  });
}

function machine(): string[] {
  const cpus = os.cpus();
  const ffmpeg = (() => {
    try {
      return execFileSync(loadConfig().ffmpegPath, ['-version'], { encoding: 'utf8' }).split('\n')[0]!.replace(/ Copyright.*/, '');
    } catch {
      return 'ffmpeg: not found';
    }
  })();
  return [
    `machine: ${os.availableParallelism?.() ?? cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}`,
    `software: Node ${process.version}, ${ffmpeg}`,
    `load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  ];
}

/** Postgres running, migrated, with the corpus (the search benchmark reads it), and the console built. */
async function prepare(): Promise<void> {
  const config = loadConfig();
  const [{ setup }, { servicesUp, prepareDatabase }, { runStartupTasks }] = await Promise.all([
    import('../../platform/setup.js'),
    import('../../platform/services.js'),
    import('../../platform/startup-tasks.js'),
  ]);
  const { temporal } = await setup(config);
  await servicesUp(config, temporal);
  await prepareDatabase(config);
  await runStartupTasks(config, (name, line) => console.error(`[${name}] ${line}`));
}

export const command: Command = {
  name: 'bench',
  summary: 'run every benchmark and print one table of figures against their targets',
  help: HELP,
  async run(args) {
    let options: { only?: string; help?: boolean };
    try {
      options = parseArgs({ args, options: { only: { type: 'string' }, help: { type: 'boolean' } } }).values;
    } catch (error) {
      throw new UserFacingError(`${(error as Error).message} (see shiying bench --help)`);
    }
    if (options.help) {
      console.log(HELP);
      return 0;
    }
    // A benchmark is named by its name or by its script (without .ts).
    const names = (b: (typeof BENCHMARKS)[number]) => [b.name, b.script.replace(/\.ts$/, '')];
    const wanted = options.only?.split(',').map((name) => name.trim());
    const unknown = wanted?.filter((name) => !BENCHMARKS.some((b) => names(b).includes(name)));
    if (unknown?.length) throw new UserFacingError(`unknown benchmark ${unknown.join(', ')} (have: ${[...new Set(BENCHMARKS.map((b) => names(b)[1]))].join(', ')})`);
    const chosen = BENCHMARKS.filter((b) => !wanted || names(b).some((name) => wanted.includes(name)));

    const details = machine();
    await prepare();
    const folder = path.join(root, '.data/bench', new Date().toISOString().replace(/[:.]/g, '-'));
    await mkdir(folder, { recursive: true });
    const started = performance.now();
    const rows: ReportRow[] = [];
    for (const benchmark of chosen) {
      const log = path.join(folder, `${benchmark.name.replace(/\s+/g, '-')}.log`);
      console.error(`[bench] ${benchmark.name} (issue ${benchmark.issue}): node --import tsx bench/${benchmark.script} ${benchmark.args.join(' ')}`);
      const outcome = await runBenchmark(benchmark.script, benchmark.args, log);
      console.error(`[bench] ${benchmark.name}: ${outcome.seconds.toFixed(0)} s, exit ${outcome.exitCode} (${path.relative(root, log)})`);
      rows.push(...rowsOf(benchmark, outcome));
    }
    const minutes = (performance.now() - started) / 60_000;
    console.log('');
    console.log(`Shiying benchmarks — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${minutes.toFixed(1)} min`);
    for (const line of details) console.log(line);
    console.log('');
    console.log(formatTable(rows));
    const failed = rows.filter((r) => r.ok === false).length;
    console.log('');
    console.log(failed === 0 ? `all ${rows.filter((r) => r.ok).length} targets met` : `${failed} target(s) missed`);
    console.log(`full outputs: ${path.relative(root, folder)}/`);
    return failed === 0 ? 0 : 1;
  },
};
