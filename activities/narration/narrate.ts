// Narration: every poem line recited by the voice provider, normalised to mono PCM, trimmed to
// where the voice starts and ends, measured with ffprobe and stored content-addressed (an
// unchanged line is never synthesised twice). The film is timed to these measurements.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ShotPlan } from '../../prompts/shot-plan.js';
import { normalizeVoiceJob } from '../media/ffmpeg-args.js';
import type { FfmpegRunner } from '../media/ffmpeg-runner.js';
import type { MediaStore } from '../media/media-store.js';
import { readWav, trimSilence, writeWav, type Pcm16 } from '../media/wav.js';
import type { VoiceProvider } from '../providers/voice-provider.js';
import { readLine, type LineReading } from './pinyin.js';

/** Bump when the processing below changes (cache entries made before are then ignored). */
export const NARRATION_VERSION = 3;
/** The narration's sample rate: espeak-ng's own; other voices are resampled to it. */
export const NARRATION_SAMPLE_RATE = 22050;

function nativePcm(buffer: Buffer): Pcm16 | undefined {
  try {
    const pcm = readWav(buffer);
    return pcm.sampleRate === NARRATION_SAMPLE_RATE ? pcm : undefined;
  } catch {
    return undefined;
  }
}

export interface LineAudio {
  line: number;
  text: string;
  reading: LineReading;
  /** The trimmed line audio (16-bit mono WAV at NARRATION_SAMPLE_RATE). */
  file: string;
  durationSec: number;
  cached: boolean;
}

interface StoredLine {
  file: string;
  durationSec: number;
}

export interface NarrationDeps {
  store: MediaStore;
  runner: FfmpegRunner;
  voice: VoiceProvider;
}

export async function narrateLines(
  deps: NarrationDeps,
  plan: ShotPlan,
  options: { signal?: AbortSignal; onLine?: (done: number, total: number) => void; concurrency?: number } = {},
): Promise<LineAudio[]> {
  const lines = plan.shots.flatMap((shot) => shot.lineIndexes.map((line) => ({ line, shot })));
  const results: LineAudio[] = new Array(lines.length);
  let done = 0;
  let next = 0;
  const worker = async () => {
    while (next < lines.length) {
      const k = next++;
      const { line, shot } = lines[k]!;
      const text = plan.poem.lines[line]!;
      const reading = readLine(text, shot.prosody?.find((p) => p.line === line));
      const key = deps.store.key('narration', { version: NARRATION_VERSION, voice: deps.voice.name, fingerprint: deps.voice.fingerprint, text, syllables: reading.syllables, pauses: reading.pauses });
      const entry = await deps.store.getOrProduce<StoredLine>('narration', key, async (dir) => {
        const raw = await deps.voice.synthesize({ text: reading.chars.join(''), reading }, path.join(dir, 'voice'), { signal: options.signal });
        // Mono 16-bit PCM at the narration rate is used as it is; anything else goes through ffmpeg.
        let pcm = nativePcm(await readFile(raw));
        if (!pcm) {
          const normalised = path.join(dir, 'normalised.wav');
          await deps.runner.run(normalizeVoiceJob(raw, normalised, NARRATION_SAMPLE_RATE, `normalise narration of line ${line}`), { signal: options.signal });
          pcm = readWav(await readFile(normalised));
        }
        const trimmed = trimSilence(pcm);
        if (trimmed.samples.length === 0) throw new Error(`the voice produced silence for line ${line} ("${text}")`);
        const file = path.join(dir, 'line.wav');
        await writeFile(file, writeWav(trimmed));
        return { file: 'line.wav', durationSec: await deps.runner.audioDuration(file) };
      });
      results[k] = { line, text, reading, file: path.join(entry.dir, entry.value.file), durationSec: entry.value.durationSec, cached: entry.cached };
      options.onLine?.(++done, lines.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, lines.length) }, worker));
  return results;
}
