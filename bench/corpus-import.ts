// Full corpus import: wall time and the importer's peak memory, into a fresh database each run,
// then (with --merge) an unchanged re-import into the same database.
//
//   node --import tsx bench/corpus-import.ts [--runs 3] [--merge]
//
// Each import runs in a child process so its peak RSS (process.resourceUsage().maxRSS) is its
// own. The scratch database `shiying_bench_corpus` is made in the cluster of DATABASE_URL
// (default: the local cluster on 5433) and dropped at the end. Prints a table, then one JSON line.
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connectDatabase } from '../platform/db.js';
import { migrate } from '../platform/migrate.js';
import { importCorpus, type ImportPhase } from '../corpus/import.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    merge: { type: 'boolean', default: false },
    child: { type: 'string' },
  },
});

interface RunFigures {
  mode: 'fresh' | 'merge';
  /** Rows the import inserted / updated / deleted (a re-import of the same package: all 0). */
  changes: [number, number, number];
  seconds: number;
  peakRssMb: number;
  poems: number;
  phases: Partial<Record<ImportPhase, number>>;
  loadBefore: number;
}

if (values.child) {
  // The measured import.
  const sql = connectDatabase(values.child, { max: 4 });
  const started = performance.now();
  const phases: Partial<Record<ImportPhase, number>> = {};
  let phase: ImportPhase | undefined;
  const summary = await importCorpus(sql, {
    onProgress: (progress) => {
      if (progress.phase !== phase) {
        phase = progress.phase;
        phases[phase] = Number(((performance.now() - started) / 1000).toFixed(1));
      }
    },
  });
  await sql.end({ timeout: 5 });
  const figures: Omit<RunFigures, 'loadBefore'> = {
    mode: summary.mode,
    changes: [summary.inserted, summary.updated, summary.deleted],
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    poems: summary.poems,
    phases,
  };
  console.log(JSON.stringify(figures));
  process.exit(0);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const base = new URL(process.env.DATABASE_URL ?? 'postgres://shiying@127.0.0.1:5433/shiying');
const admin = new URL(base);
admin.pathname = '/postgres';
const target = new URL(base);
target.pathname = '/shiying_bench_corpus';

function child(): Promise<RunFigures> {
  const loadBefore = os.loadavg()[0]!;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'bench', 'corpus-import.ts'), '--child', target.toString()],
      { cwd: root, maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`import failed: ${stderr || error.message}`));
        else resolve({ ...(JSON.parse(stdout.trim().split('\n').pop()!) as Omit<RunFigures, 'loadBefore'>), loadBefore });
      },
    );
  });
}

const adminSql = connectDatabase(admin.toString(), { max: 1 });
const runs: RunFigures[] = [];
try {
  for (let run = 0; run < Number(values.runs); run++) {
    await adminSql.unsafe('drop database if exists shiying_bench_corpus with (force)');
    await adminSql.unsafe('create database shiying_bench_corpus');
    const sql = connectDatabase(target.toString(), { max: 1 });
    await migrate(sql);
    await sql.end({ timeout: 5 });
    runs.push(await child());
    if (values.merge) runs.push(await child());
  }
} finally {
  await adminSql.unsafe('drop database if exists shiying_bench_corpus with (force)').catch(() => {});
  await adminSql.end({ timeout: 5 });
}

console.log(`corpus import: ${runs.length} run(s), ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'})`);
console.log('run  mode    seconds  peak RSS MB  poems     ins/upd/del         load before  phases (s from start)');
runs.forEach((r, i) => {
  const phases = Object.entries(r.phases)
    .map(([name, at]) => `${name}@${at}`)
    .join(' ');
  console.log(
    `${String(i + 1).padStart(3)}  ${r.mode.padEnd(6)} ${r.seconds.toFixed(1).padStart(8)} ${String(r.peakRssMb).padStart(12)}  ${String(r.poems).padEnd(9)} ${r.changes.join('/').padEnd(18)} ${r.loadBefore.toFixed(2).padStart(11)}  ${phases}`,
  );
});
const fresh = runs.filter((r) => r.mode === 'fresh').map((r) => r.seconds).sort((a, b) => a - b);
const merge = runs.filter((r) => r.mode === 'merge').map((r) => r.seconds).sort((a, b) => a - b);
console.log(
  JSON.stringify({
    bench: 'corpus-import',
    runs: fresh.length,
    freshBestSeconds: fresh[0],
    freshMedianSeconds: fresh[Math.floor(fresh.length / 2)],
    mergeBestSeconds: merge[0],
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
    poems: runs[0]?.poems,
  }),
);
