// The one module that runs ffmpeg and ffprobe (through fluent-ffmpeg). Jobs come from the pure
// builders in ffmpeg-args.ts. Every run reports progress, can be cancelled with an AbortSignal,
// writes its outputs to temporary paths renamed into place only on success, and removes its
// temporary files in `finally` — a failed or killed run leaves no half-written output.
import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import ffmpeg from 'fluent-ffmpeg';
import type { FfmpegJob } from './ffmpeg-args.js';

export interface FfmpegTools {
  ffmpegPath: string;
  ffprobePath: string;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Called with a fraction 0…1 (when the expected duration is known) and the frames done. */
  onProgress?: (progress: { fraction: number | undefined; frames: number | undefined }) => void;
  /** The stream read for the job's `stdin` input. */
  stdin?: Readable;
  /** Called once ffmpeg is running, with its process id. */
  onSpawn?: (pid: number) => void;
}

/** An ffmpeg run that failed: carries the job's label, how it ended and ffmpeg's last words. */
export class FfmpegError extends Error {
  override name = 'FfmpegError';
  constructor(
    readonly label: string,
    readonly reason: string,
    readonly stderrTail: string,
    readonly killedBy?: string,
  ) {
    super(`${label}: ${reason}${stderrTail ? ` — ${stderrTail}` : ''}`);
  }
}

/** Thrown when a run is cancelled through its AbortSignal. */
export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor(label: string) {
    super(`${label}: cancelled`);
  }
}

const TIME_RE = /time=\s*(\d+):(\d+):(\d+(?:\.\d+)?)/;
const FRAME_RE = /frame=\s*(\d+)/;

function tail(stderr: string, lines = 4): string {
  return stderr
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('frame=') && !line.startsWith('size='))
    .slice(-lines)
    .join(' | ');
}

export function createFfmpegRunner(tools: FfmpegTools) {
  /** Runs one job to completion. Resolves, with the end of ffmpeg's log, when every output is in place. */
  async function run(job: FfmpegJob, options: RunOptions = {}): Promise<{ log: string }> {
    const { signal } = options;
    if (signal?.aborted) throw new CancelledError(job.label);
    const partials = job.outputs.map((output) =>
      output.atomic === false
        ? { final: output.target, partial: output.target }
        : {
            final: output.target,
            partial: path.join(
              path.dirname(output.target),
              `.${path.basename(output.target)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`,
            ),
          },
    );
    let succeeded = false;
    let stderr = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const command = ffmpeg();
        command.setFfmpegPath(tools.ffmpegPath);
        command.setFfprobePath(tools.ffprobePath);
        skipCapabilityProbes(command);
        for (const input of job.inputs) {
          if (input.source === 'stdin') {
            if (!options.stdin) throw new Error(`${job.label}: job reads stdin but no stream was given`);
            command.input(options.stdin);
          } else {
            command.input(input.source);
          }
          applyOptions(input.options, (...args) => command.inputOptions(...args));
        }
        command.inputOptions('-hide_banner');
        if (job.complexFilter) command.complexFilter(job.complexFilter);
        job.outputs.forEach((output, i) => {
          command.output(partials[i]!.partial);
          applyOptions(output.options, (...args) => command.outputOptions(...args));
        });

        let aborted = false;
        const onAbort = () => {
          aborted = true;
          command.kill('SIGKILL');
        };
        command.on('start', () => {
          const pid = (command as unknown as { ffmpegProc?: { pid?: number } }).ffmpegProc?.pid;
          if (pid !== undefined) options.onSpawn?.(pid);
          if (signal?.aborted) onAbort();
        });
        command.on('stderr', (line: string) => {
          stderr = (stderr + '\n' + line).slice(-16000);
          if (!options.onProgress) return;
          const time = TIME_RE.exec(line);
          const frame = FRAME_RE.exec(line);
          if (!time && !frame) return;
          const seconds = time ? Number(time[1]) * 3600 + Number(time[2]) * 60 + Number(time[3]) : undefined;
          const fraction =
            seconds !== undefined && job.expectedDurationSec ? Math.min(1, seconds / job.expectedDurationSec) : undefined;
          options.onProgress({ fraction, frames: frame ? Number(frame[1]) : undefined });
        });
        command.on('error', (error: Error) => {
          signal?.removeEventListener('abort', onAbort);
          if (aborted) return reject(new CancelledError(job.label));
          const killed = /killed with signal (\w+)/.exec(error.message);
          if (killed) {
            return reject(new FfmpegError(job.label, `ffmpeg was killed (${killed[1]}) before it finished`, tail(stderr), killed[1]));
          }
          const exit = /exited with code (\d+)/.exec(error.message);
          if (exit) return reject(new FfmpegError(job.label, `ffmpeg failed (exit code ${exit[1]})`, tail(stderr)));
          if (/ENOENT|Cannot find ffmpeg/.test(error.message)) {
            return reject(new FfmpegError(job.label, `ffmpeg not found at "${tools.ffmpegPath}" (install ffmpeg or set FFMPEG_PATH)`, ''));
          }
          reject(new FfmpegError(job.label, error.message, tail(stderr)));
        });
        command.on('end', () => {
          signal?.removeEventListener('abort', onAbort);
          if (aborted) reject(new CancelledError(job.label));
          else resolve();
        });
        signal?.addEventListener('abort', onAbort, { once: true });
        command.run();
      });
      for (const { partial, final } of partials) {
        if (partial !== final) await rename(partial, final);
      }
      succeeded = true;
      return { log: stderr };
    } finally {
      if (!succeeded) {
        await Promise.all(partials.filter((p) => p.partial !== p.final).map((p) => rm(p.partial, { force: true })));
      }
    }
  }

  /** ffprobe's format and streams for a file. */
  function probe(file: string): Promise<ffmpeg.FfprobeData> {
    return new Promise((resolve, reject) => {
      const command = ffmpeg(file);
      command.setFfprobePath(tools.ffprobePath);
      command.ffprobe((error: Error | null, data: ffmpeg.FfprobeData) => {
        if (error) reject(new FfmpegError(`probe ${path.basename(file)}`, error.message.split('\n')[0] ?? 'ffprobe failed', ''));
        else resolve(data);
      });
    });
  }

  /** Duration in seconds of a media file's first audio stream (or of the container). */
  async function audioDuration(file: string): Promise<number> {
    const data = await probe(file);
    const stream = data.streams.find((s) => s.codec_type === 'audio');
    const duration = Number(stream?.duration ?? data.format.duration);
    if (!Number.isFinite(duration)) throw new FfmpegError(`probe ${path.basename(file)}`, 'no audio duration', '');
    return duration;
  }

  return { run, probe, audioDuration, tools };
}

export type FfmpegRunner = ReturnType<typeof createFfmpegRunner>;

/**
 * fluent-ffmpeg checks every command's formats and codecs by running `ffmpeg -formats` and
 * `ffmpeg -encoders` first — in every process, and again for each job started before the first
 * check returns. Each is a full ffmpeg start (~80 ms of CPU, mostly loading its ~100 libraries);
 * a film paid for a dozen of them. Our jobs come from ffmpeg-args.ts and use formats and codecs
 * `shiying setup` checked once, so these per-command checks are switched off.
 */
function skipCapabilityProbes(command: ffmpeg.FfmpegCommand): void {
  const probes = command as unknown as {
    _checkCapabilities: (callback: (error?: Error) => void) => void;
    availableEncoders: (callback: (error: Error | null, encoders: Record<string, unknown>) => void) => void;
  };
  probes._checkCapabilities = (callback) => callback();
  probes.availableEncoders = (callback) => callback(null, {});
}

/**
 * fluent-ffmpeg splits a lone option on its space unless options are passed as separate
 * arguments; always pass them spread so values with spaces (titles, paths) stay whole.
 */
function applyOptions(options: string[], apply: (...args: string[]) => unknown): void {
  if (options.length === 0) return;
  if (options.length === 1) {
    if (options[0]!.includes(' ')) throw new Error(`ambiguous lone ffmpeg option "${options[0]}"`);
    apply(options[0]!);
    return;
  }
  apply(...options);
}
