// Shared pieces of the film tests: a throwaway media store, a small film studio, and ways to
// look at real output (ffprobe streams, decoded frames, where the voice starts).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFilmStudio, type FilmActivityDeps } from '../../activities/film/film-activities.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ffmpegPath = process.env.FFMPEG_PATH || 'ffmpeg';
export const ffprobePath = process.env.FFPROBE_PATH || 'ffprobe';

export async function fixturePlan(name: 'jing-ye-si' | 'jiang-xue' | 'shan-ju-qiu-ming'): Promise<unknown> {
  return JSON.parse(await readFile(path.join(root, 'activities/fixtures', `${name}.plan.json`), 'utf8'));
}

export async function tempDir(label: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `shiying-${label}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A film studio on a fresh media store; one render worker (tests share two cores). */
export function studio(mediaRoot: string, deps: Partial<FilmActivityDeps> = {}) {
  return createFilmStudio({ mediaRoot, ffmpegPath, ffprobePath, renderWorkers: 1, ...deps });
}

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
  });
}

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  duration?: string;
  nb_frames?: string;
  pix_fmt?: string;
}

export async function probe(file: string): Promise<{ streams: ProbedStream[]; format: { duration: string } }> {
  const result = await run(ffprobePath, ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]);
  if (result.code !== 0) throw new Error(`ffprobe ${file}: ${result.stderr}`);
  return JSON.parse(result.stdout.toString());
}

/** One decoded frame as 8-bit grey, scaled to w×h. */
export async function greyFrame(file: string, atSec: number, w: number, h: number): Promise<Buffer> {
  const result = await run(ffmpegPath, ['-v', 'error', '-ss', atSec.toFixed(3), '-i', file, '-frames:v', '1', '-vf', `scale=${w}:${h}`, '-f', 'rawvideo', '-pix_fmt', 'gray', '-']);
  if (result.code !== 0 || result.stdout.length !== w * h) throw new Error(`could not decode a frame at ${atSec}s of ${file}: ${result.stderr}`);
  return result.stdout;
}

export function stats(grey: Buffer): { mean: number; std: number } {
  let sum = 0;
  for (const v of grey) sum += v;
  const mean = sum / grey.length;
  let sq = 0;
  for (const v of grey) sq += (v - mean) ** 2;
  return { mean, std: Math.sqrt(sq / grey.length) };
}

/**
 * Ink coverage: the share of pixels clearly darker than the paper (the brightest tenth of the
 * frame is taken as the paper's tone).
 */
export function inkCoverage(grey: Buffer): number {
  const sorted = Uint8Array.from(grey).sort();
  const paper = sorted[Math.floor(sorted.length * 0.9)]!;
  let ink = 0;
  for (const v of grey) if (v < paper - 40) ink++;
  return ink / grey.length;
}

export function meanAbsDiff(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** Where speech starts in a recording: the ends of silences longer than `minSilence` (plus 0 if it starts loud). */
export async function speechOnsets(file: string, minSilence = 0.45): Promise<number[]> {
  const result = await run(ffmpegPath, ['-hide_banner', '-nostats', '-i', file, '-af', `silencedetect=noise=-40dB:d=${minSilence}`, '-f', 'null', '-']);
  const duration = /Duration: (\d+):(\d+):([\d.]+)/.exec(result.stderr);
  const total = duration ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]) : Infinity;
  // A silence running to the end of the file also "ends" there: that is no onset.
  const onsets = [...result.stderr.matchAll(/silence_end: ([\d.]+)/g)].map((m) => Number(m[1])).filter((t) => t < total - 0.05);
  // Sound from the very start counts as an onset at 0.
  const firstSilence = /silence_start: (-?[\d.]+)/.exec(result.stderr);
  if (!firstSilence || Number(firstSilence[1]) > 0.02) onsets.unshift(0);
  return onsets;
}

/** Integrated loudness (EBU R128) of a file's audio. */
export async function integratedLoudness(file: string): Promise<number> {
  const result = await run(ffmpegPath, ['-hide_banner', '-nostats', '-i', file, '-map', '0:a', '-af', 'ebur128', '-f', 'null', '-']);
  const summary = result.stderr.slice(result.stderr.lastIndexOf('Integrated loudness'));
  const match = /I:\s*(-?[\d.]+) LUFS/.exec(summary);
  if (!match) throw new Error(`no loudness for ${file}: ${result.stderr.slice(-300)}`);
  return Number(match[1]);
}

/** The MD5 of every decoded video frame (ffmpeg's framemd5), to compare renders exactly. */
export async function frameHashes(file: string): Promise<string[]> {
  const result = await run(ffmpegPath, ['-v', 'error', '-i', file, '-map', '0:v', '-f', 'framemd5', '-']);
  if (result.code !== 0) throw new Error(result.stderr);
  return result.stdout
    .toString()
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(',').pop()!.trim());
}

export function sha(buffer: Buffer): string {
  return createHash('sha256').update(buffer).digest('hex');
}

/** Width and height from a PNG or JPEG header. */
export function imageSize(buffer: Buffer): { width: number; height: number; type: 'png' | 'jpeg' } {
  if (buffer.readUInt32BE(0) === 0x89504e47) return { type: 'png', width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
  if (buffer[0] === 0xff && buffer[1] === 0xd8) {
    let i = 2;
    while (i < buffer.length) {
      const marker = buffer[i + 1]!;
      const length = buffer.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xc3) return { type: 'jpeg', height: buffer.readUInt16BE(i + 5), width: buffer.readUInt16BE(i + 7) };
      i += 2 + length;
    }
  }
  throw new Error('not a PNG or JPEG');
}
