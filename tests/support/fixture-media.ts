// Real media for the fake provider servers, made once per test process by ffmpeg (through the
// project's ffmpeg runner): tiny H.264 MP4s with an AAC track, like providers return, and speech
// audio in each format the speech API offers.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFfmpegRunner } from '../../activities/media/ffmpeg-runner.js';
import type { FfmpegJob } from '../../activities/media/ffmpeg-args.js';

const runner = createFfmpegRunner({ ffmpegPath: process.env.FFMPEG_PATH || 'ffmpeg', ffprobePath: process.env.FFPROBE_PATH || 'ffprobe' });
let dir: string | undefined;
const made = new Map<string, Promise<string>>();

function folder(): string {
  if (!dir) {
    dir = mkdtempSync(path.join(os.tmpdir(), 'shiying-fixture-media-'));
    const created = dir;
    process.once('exit', () => rmSync(created, { recursive: true, force: true }));
  }
  return dir;
}

function once(name: string, job: (target: string) => FfmpegJob): Promise<string> {
  let promise = made.get(name);
  if (!promise) {
    const target = path.join(folder(), name);
    promise = runner.run(job(target)).then(() => target);
    made.set(name, promise);
  }
  return promise;
}

/** A `seconds`-long test pattern MP4 at a tiny size of the given orientation, with a tone track. */
export function fixtureVideo(seconds: number, orientation: 'portrait' | 'landscape'): Promise<string> {
  const size = orientation === 'portrait' ? '72x128' : '128x72';
  return once(`video-${seconds}s-${orientation}.mp4`, (target) => ({
    label: `fixture video ${seconds}s ${orientation}`,
    inputs: [
      { source: `testsrc2=size=${size}:rate=8:duration=${seconds}`, options: ['-f', 'lavfi'] },
      { source: `sine=frequency=330:duration=${seconds}`, options: ['-f', 'lavfi'] },
    ],
    outputs: [
      {
        target,
        options: ['-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '32k', '-shortest', '-movflags', '+faststart', '-f', 'mp4'],
      },
    ],
  }));
}

const AUDIO_OUTPUT: Record<string, string[]> = {
  wav: ['-c:a', 'pcm_s16le', '-f', 'wav'],
  mp3: ['-c:a', 'libmp3lame', '-b:a', '48k', '-f', 'mp3'],
  flac: ['-c:a', 'flac', '-f', 'flac'],
  aac: ['-c:a', 'aac', '-b:a', '48k', '-f', 'adts'],
  opus: ['-c:a', 'libopus', '-b:a', '32k', '-f', 'ogg'],
  pcm: ['-c:a', 'pcm_s16le', '-f', 's16le'],
};

/** A tone of `seconds` (rounded to tenths) in a speech API response format; pcm is raw 24 kHz mono s16le. */
export function fixtureAudio(seconds: number, format: string): Promise<string> {
  const tenths = Math.max(1, Math.round(seconds * 10));
  const options = AUDIO_OUTPUT[format];
  if (!options) throw new Error(`no fixture audio for format ${format}`);
  return once(`speech-${tenths}-${format}.${format}`, (target) => ({
    label: `fixture audio ${tenths / 10}s ${format}`,
    inputs: [{ source: `sine=frequency=220:sample_rate=24000:duration=${tenths / 10}`, options: ['-f', 'lavfi'] }],
    outputs: [{ target, options: ['-ac', '1', '-ar', '24000', ...options] }],
  }));
}
