// Benchmark of `shiying render`, measured in the same run as its baselines:
//   1. 静夜思 at 720×1280, 24 fps, cold media store, end to end through the CLI, against a bare
//      `ffmpeg -f lavfi -i testsrc2=size=720x1280:rate=24 -t <same duration> -c:v libx264
//      -preset veryfast` (ratio must be ≤ 2.0);
//   2. an 8-line poem (山居秋暝) rendered cold, then again with one shot changed (only that shot,
//      its two cross-fades and the assembly are redone): regeneration fraction ≤ 0.3.
// Runs alternate so background load hits both sides alike; medians are reported. Prints a table,
// then one JSON line.
//
//   node --import tsx bench/render.ts [--runs 3] [--plan FILE] [--text] [--keep]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    plan: { type: 'string', default: path.join(root, 'activities/fixtures/jing-ye-si.plan.json') },
    eight: { type: 'string', default: path.join(root, 'activities/fixtures/shan-ju-qiu-ming.plan.json') },
    text: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const runs = Math.max(1, Number(args.runs));
const ffmpegPath = process.env.FFMPEG_PATH || 'ffmpeg';
const work = mkdtempSync(path.join(os.tmpdir(), 'shiying-bench-render-'));

interface RenderJson {
  film: string;
  durationSec: number;
  shots: { index: number; cached: boolean }[];
}

function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const start = process.hrtime.bigint();
  return fn().then((value) => ({ seconds: Number(process.hrtime.bigint() - start) / 1e9, value }));
}

function render(cliArgs: string[], mediaRoot: string): Promise<RenderJson> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/shiying.js'), 'render', ...cliArgs, '--json'], {
      cwd: root,
      env: { ...process.env, SHIYING_MEDIA_ROOT: mediaRoot },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as RenderJson) : reject(new Error(`render failed (${code}): ${err.trim()}`))));
  });
}

function bareEncode(seconds: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=720x1280:rate=24', '-t', seconds.toFixed(3), '-c:v', 'libx264', '-preset', 'veryfast', path.join(work, 'bare.mp4')], { stdio: 'ignore' });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`bare ffmpeg failed (${code})`))));
  });
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const load = () => os.loadavg()[0]!.toFixed(2);

// 静夜思 plan (or text) — the same input for every run.
const planArgs = args.text
  ? ['--text', '床前明月光，疑是地上霜。举头望明月，低头思故乡。', '--title', '静夜思', '--author', '李白']
  : ['--plan', args.plan];

// Warm the page cache and module compilation once (not timed): the first process on a cold
// machine reads node_modules from disk.
await render([...planArgs, '--size', '64x112'], path.join(work, 'warm'));

const rows: { run: number; renderSec: number; bareSec: number; ratio: number; filmSec: number; load: string }[] = [];
for (let run = 1; run <= runs; run++) {
  const mediaRoot = path.join(work, `media-${run}`);
  // Alternate which goes first so drifting background load falls on both.
  let renderSec = 0;
  let bareSec = 0;
  let filmSec = 0;
  const doRender = async () => {
    const r = await timed(() => render(planArgs, mediaRoot));
    renderSec = r.seconds;
    filmSec = r.value.durationSec;
  };
  const before = load();
  if (run % 2 === 1) {
    await doRender();
    bareSec = (await timed(() => bareEncode(filmSec))).seconds;
  } else {
    // The film's length is known from the first run.
    filmSec = rows[0]!.filmSec;
    bareSec = (await timed(() => bareEncode(filmSec))).seconds;
    await doRender();
  }
  rows.push({ run, renderSec, bareSec, ratio: renderSec / bareSec, filmSec, load: before });
  rmSync(mediaRoot, { recursive: true, force: true });
}

// Regeneration: 8-line poem, cold, then one shot changed.
const eightPlan = JSON.parse(readFileSync(args.eight, 'utf8')) as { shots: { camera: { move: string }; index: number }[] };
const changedPlan = structuredClone(eightPlan);
const target = changedPlan.shots[Math.floor(changedPlan.shots.length / 2)]!;
target.camera.move = target.camera.move === 'push-in' ? 'pull-out' : 'push-in';
const changedFile = path.join(work, 'changed.plan.json');
writeFileSync(changedFile, JSON.stringify(changedPlan));
const regenRows: { run: number; fullSec: number; regenSec: number; fraction: number; rerendered: number; shots: number }[] = [];
for (let run = 1; run <= runs; run++) {
  const mediaRoot = path.join(work, `eight-${run}`);
  const full = await timed(() => render(['--plan', args.eight], mediaRoot));
  const regen = await timed(() => render(['--plan', changedFile], mediaRoot));
  const rerendered = regen.value.shots.filter((s) => !s.cached).length;
  regenRows.push({ run, fullSec: full.seconds, regenSec: regen.seconds, fraction: regen.seconds / full.seconds, rerendered, shots: regen.value.shots.length });
  rmSync(mediaRoot, { recursive: true, force: true });
}

const cores = os.availableParallelism?.() ?? os.cpus().length;
console.log(`shiying render benchmark — ${cores} cores, ${os.cpus()[0]?.model ?? 'cpu'}, load now ${load()}`);
console.log('');
console.log('静夜思 720×1280 24 fps (cold store)     render s   bare s   ratio   film s   load');
for (const r of rows) console.log(`  run ${r.run}                                  ${r.renderSec.toFixed(2).padStart(7)}  ${r.bareSec.toFixed(2).padStart(7)}  ${r.ratio.toFixed(2).padStart(6)}  ${r.filmSec.toFixed(2).padStart(6)}   ${r.load}`);
console.log(`  median                                 ${median(rows.map((r) => r.renderSec)).toFixed(2).padStart(7)}  ${median(rows.map((r) => r.bareSec)).toFixed(2).padStart(7)}  ${median(rows.map((r) => r.ratio)).toFixed(2).padStart(6)}`);
console.log('');
console.log('山居秋暝 8 shots, one shot changed        full s   regen s  fraction  re-rendered');
for (const r of regenRows) console.log(`  run ${r.run}                                  ${r.fullSec.toFixed(2).padStart(7)}  ${r.regenSec.toFixed(2).padStart(7)}  ${r.fraction.toFixed(3).padStart(7)}   ${r.rerendered}/${r.shots}`);
console.log(`  median                                 ${median(regenRows.map((r) => r.fullSec)).toFixed(2).padStart(7)}  ${median(regenRows.map((r) => r.regenSec)).toFixed(2).padStart(7)}  ${median(regenRows.map((r) => r.fraction)).toFixed(3).padStart(7)}`);

const summary = {
  bench: 'render',
  cores,
  input: args.text ? 'text' : path.basename(args.plan),
  filmSec: rows[0]!.filmSec,
  renderSec: median(rows.map((r) => r.renderSec)),
  bareSec: median(rows.map((r) => r.bareSec)),
  ratio: Number(median(rows.map((r) => r.ratio)).toFixed(3)),
  ratioOk: median(rows.map((r) => r.ratio)) <= 2,
  regenFraction: Number(median(regenRows.map((r) => r.fraction)).toFixed(3)),
  regenOk: median(regenRows.map((r) => r.fraction)) <= 0.3,
  runs,
  loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
};
if (!args.keep) rmSync(work, { recursive: true, force: true });
console.log(JSON.stringify(summary));

