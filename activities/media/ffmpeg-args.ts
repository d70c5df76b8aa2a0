// Pure builders of ffmpeg jobs: every command Shiying runs is described here as data (inputs,
// filter graph, outputs) and unit-tested; activities/media/ffmpeg-runner.ts is the one module
// that executes them. Nothing here touches the file system or spawns a process.

export interface FfmpegInput {
  /** A file path, a lavfi graph (with `-f lavfi` in options), or `stdin` for a piped stream. */
  source: string;
  options: string[];
}

export interface FfmpegOutput {
  target: string;
  options: string[];
  /**
   * When true (the default) the runner writes to a temporary sibling and renames it into place
   * only on success. False for outputs that are patterns or tee lists, which must already point
   * into a temporary folder owned by the caller.
   */
  atomic?: boolean;
}

export interface FfmpegJob {
  /** Short description used in progress and in error messages ("encode shot 2"). */
  label: string;
  inputs: FfmpegInput[];
  complexFilter?: string;
  outputs: FfmpegOutput[];
  /** Expected output duration, for progress fractions. */
  expectedDurationSec?: number;
}

export interface VideoEncoding {
  /** x264 preset; every segment of one film must share the same encoding. */
  preset: 'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium';
  crf: number;
  /** Extra x264 options (`key=value:key=value`), e.g. to turn CABAC and deblocking back on. */
  x264Params?: string;
  /** Encoder threads (unset or 0: x264 decides). */
  threads?: number;
}

/**
 * The film's encoding: x264's fastest analysis, but with CABAC and the deblocking filter back on
 * (ultrafast drops both). On ink-wash frames this costs ~40% of `veryfast`'s encoding time for
 * ~1.9× the bitrate at the same CRF (≈1.5 Mbit/s at 720×1280) with no visible blocking.
 * One encoder thread: shots and cross-fades are encoded several at a time (one per render worker),
 * so the cores are already busy, and x264's own threads cost ~20% more CPU for the same clip.
 */
export const DEFAULT_VIDEO_ENCODING: VideoEncoding = { preset: 'ultrafast', crf: 20, x264Params: 'cabac=1:deblock=0,0', threads: 1 };

/**
 * The encoding as it belongs in a cache key: without the thread count, which only sets how fast a
 * clip is made (x264's bitstream differs in its last details between thread counts, the picture
 * does not), so a shot made by a lone encode with every core is still found by a film that
 * encodes four shots at once on one thread each.
 */
export function encodingKey(encoding: VideoEncoding): Omit<VideoEncoding, 'threads'> {
  const { threads: _threads, ...rest } = encoding;
  return rest;
}

/** The encoding for a shot encoded on its own: x264 may use every core. */
export function loneEncoding(encoding: VideoEncoding): VideoEncoding {
  return { ...encoding, threads: 0 };
}

/**
 * The H.264 settings shared by every video segment of a film, so the segments can be joined by
 * stream copy: no B-frames (no composition offsets at segment joins), 4:2:0, BT.709 tags.
 */
export function videoCodecArgs(encoding: VideoEncoding): string[] {
  return [
    '-c:v', 'libx264',
    '-preset', encoding.preset,
    '-crf', String(encoding.crf),
    ...(encoding.x264Params ? ['-x264-params', encoding.x264Params] : []),
    ...(encoding.threads !== undefined ? ['-threads', String(encoding.threads)] : []),
    '-bf', '0',
    '-profile:v', 'high',
    '-pix_fmt', 'yuv420p',
    '-colorspace', 'bt709',
    '-color_primaries', 'bt709',
    '-color_trc', 'bt709',
    '-color_range', 'tv',
  ];
}

/** RGB → BT.709 limited-range 4:2:0, matching the tags in `videoCodecArgs`. */
const TO_YUV709 = 'scale=out_color_matrix=bt709:out_range=tv,format=yuv420p';

export interface ShotEncodeSpec {
  width: number;
  height: number;
  fps: number;
  /** Total frames of the clip. */
  frames: number;
  /**
   * Each drawing streamed on stdin is shown for this many frames (1: on ones; 2: on twos, as
   * hand-drawn animation does); `ceil(frames / hold)` drawings arrive.
   */
  hold?: number;
  /** Frame numbers where a new segment starts (each becomes a keyframe), ascending, inside (0, frames). */
  cuts: number[];
  /** The whole clip, for reviewers. */
  clipPath: string;
  /** Segment file pattern with `%d` (segment 0, 1, …), inside a temporary folder. */
  segmentPattern: string;
  encoding: VideoEncoding;
}

/**
 * Encode raw RGBA frames streamed on stdin into one clip plus the clip cut into segments at the
 * given frames (in one pass, with the tee muxer): the film joins segments, cross-fading only the
 * short head and tail segments, so an unchanged shot is never re-encoded.
 */
export function shotEncodeJob(spec: ShotEncodeSpec, label: string): FfmpegJob {
  assertCuts(spec.cuts, spec.frames);
  const hold = spec.hold ?? 1;
  if (!Number.isInteger(hold) || hold < 1) throw new Error(`hold must be a whole number of frames, got ${hold}`);
  const keyframes = spec.cuts.length > 0 ? `expr:${spec.cuts.map((n) => `eq(n,${n})`).join('+')}` : undefined;
  return {
    label,
    inputs: [
      {
        source: 'stdin',
        options: ['-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${spec.width}x${spec.height}`, '-framerate', hold === 1 ? String(spec.fps) : `${spec.fps}/${hold}`],
      },
    ],
    outputs: [
      {
        target: teeTargets([
          { options: { movflags: '+faststart' }, path: spec.clipPath },
          {
            options: { f: 'segment', segment_frames: spec.cuts.join(','), reset_timestamps: '1', segment_format: 'mp4' },
            path: spec.segmentPattern,
          },
        ]),
        atomic: false,
        options: [
          '-map', '0:v',
          // Drawings held for `hold` frames become repeated frames (cheap for x264) at the film's rate.
          '-vf', hold === 1 ? TO_YUV709 : `${TO_YUV709},fps=${spec.fps}`,
          ...videoCodecArgs(spec.encoding),
          ...(keyframes ? ['-force_key_frames', keyframes] : []),
          '-frames:v', String(spec.frames),
          '-f', 'tee',
        ],
      },
    ],
    expectedDurationSec: spec.frames / spec.fps,
  };
}

function assertCuts(cuts: number[], frames: number): void {
  let previous = 0;
  for (const cut of cuts) {
    if (!Number.isInteger(cut) || cut <= previous || cut >= frames) {
      throw new Error(`segment cuts must be ascending frame numbers inside (0, ${frames}); got ${cuts.join(',')}`);
    }
    previous = cut;
  }
}

/** The tee muxer's target list: `[opt=v:opt=v]path|…`, with its special characters escaped. */
export function teeTargets(targets: { options: Record<string, string>; path: string }[]): string {
  return targets
    .map(({ options, path }) => {
      const opts = Object.entries(options).map(([k, v]) => `${k}=${escapeTee(v)}`).join(':');
      return `${opts ? `[${opts}]` : ''}${escapeTee(path)}`;
    })
    .join('|');
}

function escapeTee(value: string): string {
  return value.replace(/[\\|[\]:=]/g, (c) => `\\${c}`);
}

export type FadeSource = { file: string } | { color: string };

export interface CrossfadeSpec {
  from: FadeSource;
  to: string;
  width: number;
  height: number;
  fps: number;
  /** Frames in the cross-fade; both sources must have at least this many. */
  frames: number;
  out: string;
  encoding: VideoEncoding;
}

/** A cross-fade segment: the tail of one shot dissolving into the head of the next (or paper into the first shot). */
export function crossfadeJob(spec: CrossfadeSpec, label: string): FfmpegJob {
  const duration = spec.frames / spec.fps;
  const fromInput: FfmpegInput =
    'file' in spec.from
      ? { source: spec.from.file, options: [] }
      : {
          source: `color=c=${spec.from.color}:s=${spec.width}x${spec.height}:r=${spec.fps}:d=${formatSeconds(duration)}`,
          options: ['-f', 'lavfi'],
        };
  return {
    label,
    inputs: [fromInput, { source: spec.to, options: [] }],
    complexFilter:
      `[0:v]format=yuv420p,setsar=1,fps=${spec.fps}[a];[1:v]format=yuv420p,setsar=1,fps=${spec.fps}[b];` +
      `[a][b]xfade=transition=fade:duration=${formatSeconds(duration)}:offset=0,format=yuv420p[v]`,
    outputs: [
      {
        target: spec.out,
        options: ['-map', '[v]', ...videoCodecArgs(spec.encoding), '-frames:v', String(spec.frames), '-movflags', '+faststart', '-f', 'mp4'],
      },
    ],
    expectedDurationSec: duration,
  };
}

/** A voice clip in any format → mono 16-bit PCM WAV at `sampleRate`, for measuring and placing. */
export function normalizeVoiceJob(input: string, out: string, sampleRate: number, label: string): FfmpegJob {
  return {
    label,
    inputs: [{ source: input, options: [] }],
    outputs: [{ target: out, options: ['-map', '0:a:0', '-ac', '1', '-ar', String(sampleRate), '-c:a', 'pcm_s16le', '-f', 'wav'] }],
  };
}

export interface AudioMixSpec {
  narration: string;
  music: string;
  durationSec: number;
  out: string;
  /** Music level before ducking, as a linear gain. */
  musicGain: number;
  sampleRate: number;
}

/** Narration over the music bed: faded in and out, ducked under the voice, mixed, cut to length. */
function mixGraph(spec: Omit<AudioMixSpec, 'out'>): string {
  const d = spec.durationSec;
  const fadeOut = Math.min(3, d / 4);
  return [
    `[0:a]aformat=sample_fmts=fltp:channel_layouts=mono,aresample=${spec.sampleRate},asplit=2[voice][key]`,
    `[1:a]aformat=sample_fmts=fltp:channel_layouts=mono,aresample=${spec.sampleRate},volume=${spec.musicGain},` +
      `afade=t=in:st=0:d=${formatSeconds(Math.min(2, d / 4))},afade=t=out:st=${formatSeconds(d - fadeOut)}:d=${formatSeconds(fadeOut)}[bed]`,
    `[bed][key]sidechaincompress=threshold=0.03:ratio=8:attack=30:release=600:makeup=1[ducked]`,
    `[voice][ducked]amix=inputs=2:duration=longest:dropout_transition=0:normalize=0,` +
      `apad=whole_dur=${formatSeconds(d)},atrim=end=${formatSeconds(d)}`,
  ].join(';');
}

/**
 * Pass 1 of loudness normalisation: the mix measured by the EBU R128 meter (its summary, with
 * the integrated loudness `I:`, ends ffmpeg's log); nothing is written.
 */
export function audioMeasureJob(spec: Omit<AudioMixSpec, 'out'>, label: string): FfmpegJob {
  return {
    label,
    inputs: [
      { source: spec.narration, options: [] },
      { source: spec.music, options: [] },
    ],
    complexFilter: `${mixGraph(spec)},ebur128[mix]`,
    outputs: [{ target: '-', atomic: false, options: ['-map', '[mix]', '-f', 'null'] }],
    expectedDurationSec: spec.durationSec,
  };
}

/** The integrated loudness (LUFS) from the R128 meter's summary in ffmpeg's log. */
export function parseIntegratedLoudness(log: string): number | undefined {
  const summary = log.lastIndexOf('Integrated loudness');
  const match = /I:\s*(-?\d+(?:\.\d+)?) LUFS/.exec(summary >= 0 ? log.slice(summary) : log);
  return match ? Number(match[1]) : undefined;
}

/**
 * Pass 2: the same mix with the gain that brings it to the target loudness, a limiter keeping
 * peaks under −1.5 dBFS, encoded once as mono AAC (voice and bed are both mono) of exactly the
 * film's duration, so joining the film only copies it.
 */
export function audioMixJob(spec: AudioMixSpec & { gainDb: number }, label: string): FfmpegJob {
  return {
    label,
    inputs: [
      { source: spec.narration, options: [] },
      { source: spec.music, options: [] },
    ],
    complexFilter: `${mixGraph(spec)},volume=${spec.gainDb.toFixed(2)}dB,alimiter=limit=0.84:attack=5:release=50:level=disabled,aformat=channel_layouts=mono[mix]`,
    outputs: [{ target: spec.out, options: ['-map', '[mix]', '-c:a', 'aac', '-b:a', '128k', '-ar', String(spec.sampleRate), '-movflags', '+faststart', '-f', 'mp4'] }],
    expectedDurationSec: spec.durationSec,
  };
}

export interface FilmMuxSpec {
  /** A concat-demuxer list (see `concatList`). */
  concatListPath: string;
  audio: string;
  out: string;
  durationSec: number;
  metadata: Record<string, string>;
}

/** Joins the video segments and adds the mixed AAC audio, both by stream copy: H.264 + AAC MP4 with faststart. */
export function filmMuxJob(spec: FilmMuxSpec, label: string): FfmpegJob {
  return {
    label,
    inputs: [
      { source: spec.concatListPath, options: ['-f', 'concat', '-safe', '0'] },
      { source: spec.audio, options: [] },
    ],
    outputs: [
      {
        target: spec.out,
        options: [
          '-map', '0:v:0',
          '-map', '1:a:0',
          '-c:v', 'copy',
          '-c:a', 'copy',
          '-t', formatSeconds(spec.durationSec),
          ...Object.entries(spec.metadata).flatMap(([k, v]) => ['-metadata', `${k}=${v}`]),
          '-movflags', '+faststart',
          '-f', 'mp4',
        ],
      },
    ],
    expectedDurationSec: spec.durationSec,
  };
}

/** The concat demuxer's list file: one `file '…'` line per segment, quotes escaped. */
export function concatList(files: string[]): string {
  return `ffconcat version 1.0\n${files.map((file) => `file '${file.replace(/'/g, "'\\''")}'`).join('\n')}\n`;
}

/** Seconds with millisecond precision and no exponent, as ffmpeg expects. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`invalid duration ${seconds}`);
  return (Math.round(seconds * 1000) / 1000).toFixed(3).replace(/\.?0+$/, '') || '0';
}
