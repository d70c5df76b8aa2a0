// What burning the subtitles into a remote clip costs: one shot of a provider-sized clip
// (720×1280, 24 fps, 5 s, with an audio track, like Kling's) conformed into the film's shot files
// with and without its subtitles (7 characters, English line, title and seal — everything a shot
// can carry), through the provider's own code (conform-shot.ts). Runs alternate so background
// load hits both sides alike; medians of wall time and of CPU time (this process plus ffmpeg)
// are reported (CPU split into this process's drawing and ffmpeg's). Prints a table, then one JSON line.
//
//   node --import tsx bench/burned-subtitles.ts [--runs 5] [--keep]
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_VIDEO_ENCODING } from '../activities/media/ffmpeg-args.js';
import { createFfmpegRunner } from '../activities/media/ffmpeg-runner.js';
import { conformShot } from '../activities/providers/remote/conform-shot.js';
import type { ShotClipRequest } from '../activities/providers/video-provider.js';
import type { ShotSubtitleSpec } from '../activities/render/shot-renderer.js';
import { resolveSubtitleFont } from '../activities/subtitles/fonts.js';
import { testPlan } from '../tests/support/test-shots.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, keep: { type: 'boolean', default: false } } });
const runs = Math.max(1, Number(values.runs));
const runner = createFfmpegRunner({ ffmpegPath: process.env.FFMPEG_PATH || 'ffmpeg', ffprobePath: process.env.FFPROBE_PATH || 'ffprobe' });
const work = await mkdtemp(path.join(os.tmpdir(), 'shiying-bench-subtitles-'));

const WIDTH = 720;
const HEIGHT = 1280;
const FPS = 24;
const clipPath = path.join(work, 'provider.mp4');
await runner.run({
  label: 'provider-like clip',
  inputs: [
    { source: `testsrc2=size=${WIDTH}x${HEIGHT}:rate=${FPS}:duration=5.04`, options: ['-f', 'lavfi'] },
    { source: 'sine=frequency=330:duration=5.04', options: ['-f', 'lavfi'] },
  ],
  outputs: [{ target: clipPath, options: ['-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-f', 'mp4'] }],
});

const text = '独在异乡为异客';
const spec: ShotSubtitleSpec = {
  orientation: 'vertical',
  fontPath: resolveSubtitleFont(),
  fadeSec: 0.25,
  lines: [{ text, translation: 'Alone, a stranger in a strange land', charTimes: [...text].map((_, i) => 0.6 + i * 0.35) }],
  title: { title: '九月九日忆山东兄弟', author: '王维', inSec: 0.15 },
  seal: { author: '王维', atSec: 3.6 },
};
const request = (subtitles: ShotSubtitleSpec | null): ShotClipRequest => ({
  plan: testPlan(),
  shotIndex: 0,
  width: WIDTH,
  height: HEIGHT,
  fps: FPS,
  leadFrames: 6,
  frames: 108,
  tailFrames: 6,
  keyframe: 100,
  hold: 2,
  subtitles,
  encoding: DEFAULT_VIDEO_ENCODING,
});

/** CPU seconds of this process and of its finished children (ffmpeg), from /proc. */
async function cpuSeconds(): Promise<{ node: number; ffmpeg: number }> {
  const own = process.cpuUsage();
  let children = 0;
  try {
    const fields = (await readFile('/proc/self/stat', 'utf8')).split(') ')[1]!.split(' ');
    // Fields 16 and 17 (cutime, cstime), counted from the state field (3) after the name.
    children = (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    // Not Linux: children are not counted.
  }
  return { node: (own.user + own.system) / 1e6, ffmpeg: children };
}

const samples: Record<'plain' | 'burned', { wall: number; cpu: number; node: number; ffmpeg: number }[]> = { plain: [], burned: [] };
for (let i = 0; i < runs; i++) {
  for (const kind of ['plain', 'burned'] as const) {
    const outDir = await mkdtemp(path.join(work, `${kind}-`));
    const cpu0 = await cpuSeconds();
    const t0 = performance.now();
    await conformShot({ path: clipPath, durationSec: 5.04 }, request(kind === 'burned' ? spec : null), outDir, runner, `bench ${kind}`);
    const cpu1 = await cpuSeconds();
    const node = cpu1.node - cpu0.node;
    const ffmpeg = cpu1.ffmpeg - cpu0.ffmpeg;
    samples[kind].push({ wall: (performance.now() - t0) / 1000, cpu: node + ffmpeg, node, ffmpeg });
    if (!values.keep) await rm(outDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const summary = {
  runs,
  clip: `${WIDTH}x${HEIGHT} ${FPS} fps 5 s`,
  plainWallSec: median(samples.plain.map((s) => s.wall)),
  burnedWallSec: median(samples.burned.map((s) => s.wall)),
  plainCpuSec: median(samples.plain.map((s) => s.cpu)),
  burnedCpuSec: median(samples.burned.map((s) => s.cpu)),
  plainNodeCpuSec: median(samples.plain.map((s) => s.node)),
  burnedNodeCpuSec: median(samples.burned.map((s) => s.node)),
  plainFfmpegCpuSec: median(samples.plain.map((s) => s.ffmpeg)),
  burnedFfmpegCpuSec: median(samples.burned.map((s) => s.ffmpeg)),
};
const row = (label: string, wall: number, cpu: number, node: number, ffmpeg: number) =>
  console.log(`${label.padEnd(32)}${wall.toFixed(2).padStart(8)}   ${cpu.toFixed(2).padStart(7)}   ${node.toFixed(2).padStart(8)}   ${ffmpeg.toFixed(2).padStart(10)}`);
console.log(`conform one 5 s 720×1280 shot   wall (s)   CPU (s)   node (s)   ffmpeg (s)`);
row('without subtitles', summary.plainWallSec, summary.plainCpuSec, summary.plainNodeCpuSec, summary.plainFfmpegCpuSec);
row('with subtitles burned in', summary.burnedWallSec, summary.burnedCpuSec, summary.burnedNodeCpuSec, summary.burnedFfmpegCpuSec);
row(
  'extra',
  summary.burnedWallSec - summary.plainWallSec,
  summary.burnedCpuSec - summary.plainCpuSec,
  summary.burnedNodeCpuSec - summary.plainNodeCpuSec,
  summary.burnedFfmpegCpuSec - summary.plainFfmpegCpuSec,
);
console.log(JSON.stringify({ ...summary, extraWallSec: summary.burnedWallSec - summary.plainWallSec, extraCpuSec: summary.burnedCpuSec - summary.plainCpuSec }));
if (values.keep) console.log(`kept ${work}`);
else await rm(work, { recursive: true, force: true });
