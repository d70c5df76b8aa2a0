// Pure: the ffmpeg jobs that turn a provider's MP4 into the film's shot files — exactly the
// frames the audio sync asked for (a longer clip is trimmed; a shorter one is slowed by at most
// a quarter and then holds its last frame), the film's size (scaled to cover, centre-cropped), frame
// rate and H.264 settings, cut into head / core / tail like a locally rendered shot, plus the
// keyframe still. The encode side is the film's own `shotEncodeJob`, so remote and local
// segments join by stream copy. Provider audio is dropped (the narration is ours).
// With an overlay, the same single encode also burns the subtitles in: a second input of raw RGBA
// drawings (transparent where there is no text) streamed on stdin is composited over the
// conformed picture, in BT.709 like the local renderer's frames. `frameProbeJob` extracts one
// small frame of the conformed picture (to choose the text colour before that encode).
import { shotEncodeJob, formatSeconds, type FfmpegJob, type VideoEncoding } from '../../media/ffmpeg-args.js';

/** How much a short clip may be slowed before the rest is held on its last frame. */
export const MAX_SLOWDOWN = 1.25;

export interface ConformSpec {
  /** The provider's clip. */
  input: string;
  /** Its measured duration. */
  inputDurationSec: number;
  width: number;
  height: number;
  fps: number;
  leadFrames: number;
  frames: number;
  tailFrames: number;
  /** Shot-local frame of the still (0 = nominal start). */
  keyframe: number;
  encoding: VideoEncoding;
  clipPath: string;
  segmentPattern: string;
  keyframePath: string;
  /** Subtitle drawings to burn in, streamed on stdin (none: the picture alone). */
  overlay?: ConformOverlay | undefined;
}

/**
 * Raw RGBA drawings (straight alpha), one for every `hold` frames of the conformed clip from its
 * first frame (`ceil(frames / hold)` of them; the last one stays up if the stream ends early).
 * Each drawing is an atlas of `width`×`height` holding only the frame areas with text: piece i
 * is the atlas rectangle at `atlasX`,`atlasY`, placed at `x`,`y` of the frame. Pieces must not
 * overlap in the frame; every number is even (4:2:0).
 */
export interface ConformOverlay {
  width: number;
  height: number;
  hold: number;
  pieces: OverlayPiece[];
}

export interface OverlayPiece {
  x: number;
  y: number;
  width: number;
  height: number;
  atlasX: number;
  atlasY: number;
}

export interface ConformPlan {
  encode: FfmpegJob;
  keyframe: FfmpegJob;
  /** 1 when the clip was long enough. */
  slowdown: number;
  /** Seconds held on the last frame (0 when none). */
  heldSec: number;
  /** Seconds of the provider's clip left unused at the end. */
  trimmedSec: number;
}

/** Segment boundaries of a shot, as the film cuts every shot: the cross-fade halves at each end. */
export function segmentCuts(leadFrames: number, frames: number, tailFrames: number): number[] {
  const total = leadFrames + frames + tailFrames;
  return [leadFrames * 2, frames + leadFrames - tailFrames].filter((cut, i, all) => cut > 0 && cut < total && (i === 0 || cut > all[i - 1]!));
}

interface ConformTiming {
  slowdown: number;
  heldSec: number;
  trimmedSec: number;
}

function conformTiming(spec: ConformSpec, label: string): ConformTiming {
  const neededSec = (spec.leadFrames + spec.frames + spec.tailFrames) / spec.fps;
  if (!(spec.inputDurationSec > 0)) throw new Error(`${label}: the provider's clip has no duration`);
  const slowdown = spec.inputDurationSec >= neededSec ? 1 : Math.min(MAX_SLOWDOWN, neededSec / spec.inputDurationSec);
  const coveredSec = spec.inputDurationSec * slowdown;
  return { slowdown, heldSec: Math.max(0, neededSec - coveredSec), trimmedSec: Math.max(0, spec.inputDurationSec - neededSec) };
}

/** The provider's frames on the film's clock: from 0, slowed, at the film's rate. */
function clockFilters(spec: ConformSpec, timing: ConformTiming): string[] {
  return [timing.slowdown > 1 ? `setpts=${timing.slowdown.toFixed(6)}*(PTS-STARTPTS)` : 'setpts=PTS-STARTPTS', `fps=${spec.fps}`];
}

/** The provider's picture at the film's size: scaled to cover, centre-cropped, square pixels. */
function pictureFilters(spec: ConformSpec): string[] {
  return [`scale=${spec.width}:${spec.height}:force_original_aspect_ratio=increase`, `crop=${spec.width}:${spec.height}`, 'setsar=1'];
}

/** Always pad a little: frame-rate conversion can end a frame short of the last one we need. */
function holdFilter(spec: ConformSpec, timing: ConformTiming): string {
  return `tpad=stop_mode=clone:stop_duration=${formatSeconds(timing.heldSec + 1 / spec.fps + 0.5)}`;
}

/** RGBA drawings → BT.709 limited-range 4:2:0 with alpha, as the film's frames are converted. */
const OVERLAY_TO_YUVA709 = 'scale=out_color_matrix=bt709:out_range=tv,format=yuva420p';

function assertOverlay(overlay: ConformOverlay, spec: ConformSpec, label: string): void {
  const fail = (why: string) => {
    throw new Error(`${label}: invalid subtitle overlay (${why})`);
  };
  const even = (n: number) => Number.isInteger(n) && n % 2 === 0;
  if (!Number.isInteger(overlay.hold) || overlay.hold < 1) fail(`hold ${overlay.hold}`);
  if (!even(overlay.width) || !even(overlay.height) || overlay.width < 2 || overlay.height < 2) fail(`atlas ${overlay.width}×${overlay.height}`);
  if (overlay.pieces.length === 0) fail('no pieces');
  overlay.pieces.forEach((p, i) => {
    const where = `piece ${i} ${p.width}×${p.height}+${p.x}+${p.y} from ${p.atlasX},${p.atlasY}`;
    if (![p.x, p.y, p.width, p.height, p.atlasX, p.atlasY].every(even) || p.width < 2 || p.height < 2) fail(`${where}: not on even pixels`);
    if (p.x < 0 || p.y < 0 || p.x + p.width > spec.width || p.y + p.height > spec.height) fail(`${where}: outside the ${spec.width}×${spec.height} frame`);
    if (p.atlasX < 0 || p.atlasY < 0 || p.atlasX + p.width > overlay.width || p.atlasY + p.height > overlay.height) fail(`${where}: outside the atlas`);
    overlay.pieces.slice(0, i).forEach((q, j) => {
      if (p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height) fail(`pieces ${j} and ${i} overlap in the frame`);
    });
  });
}

export function conformJobs(spec: ConformSpec, label: string): ConformPlan {
  const total = spec.leadFrames + spec.frames + spec.tailFrames;
  const timing = conformTiming(spec, label);
  const conform = [...clockFilters(spec, timing), ...pictureFilters(spec), holdFilter(spec, timing)].join(',');

  const encode = shotEncodeJob(
    {
      width: spec.width,
      height: spec.height,
      fps: spec.fps,
      frames: total,
      cuts: segmentCuts(spec.leadFrames, spec.frames, spec.tailFrames),
      clipPath: spec.clipPath,
      segmentPattern: spec.segmentPattern,
      encoding: spec.encoding,
    },
    label,
  );
  const output = encode.outputs[0]!;
  const vf = output.options.indexOf('-vf');
  const map = output.options.indexOf('-map');
  if (vf < 0 || map < 0) throw new Error('shotEncodeJob no longer sets -vf and -map; conformJobs must be updated');
  const toFilm = output.options[vf + 1]!;
  const keyframeIndex = spec.leadFrames + spec.keyframe;
  if (keyframeIndex < 0 || keyframeIndex >= total) throw new Error(`${label}: keyframe ${spec.keyframe} is outside the shot`);
  const keyframe: FfmpegJob = {
    label: `${label}: still`,
    inputs: [{ source: spec.clipPath, options: [] }],
    outputs: [{ target: spec.keyframePath, options: ['-map', '0:v', '-vf', `select=eq(n\\,${keyframeIndex})`, '-frames:v', '1', '-q:v', '3', '-update', '1', '-f', 'image2'] }],
  };

  if (!spec.overlay) {
    const options = [...output.options];
    options[vf + 1] = `${conform},${toFilm}`;
    return { encode: { ...encode, inputs: [{ source: spec.input, options: [] }], outputs: [{ ...output, options }] }, keyframe, ...timing };
  }

  const overlay = spec.overlay;
  assertOverlay(overlay, spec, label);
  // The film's picture, then the drawings over it: both 4:2:0 BT.709, so the blend is the one
  // the local renderer's RGB compositing gives (the conversion is affine), chroma aside. Each
  // piece is cut from the atlas (crop only moves pointers) and laid where it belongs.
  const pieces = overlay.pieces;
  const names = pieces.map((_, i) => `text${i}`);
  const complexFilter = [
    `[0:v]${conform},${toFilm}[picture]`,
    `[1:v]${OVERLAY_TO_YUVA709}${pieces.length > 1 ? `,split=${pieces.length}${names.map((n) => `[${n}]`).join('')}` : `[${names[0]}]`}`,
    ...pieces.map((p, i) => `[${names[i]}]crop=${p.width}:${p.height}:${p.atlasX}:${p.atlasY}[piece${i}]`),
    ...pieces.map((p, i) => `[${i === 0 ? 'picture' : `over${i - 1}`}][piece${i}]overlay=x=${p.x}:y=${p.y}:format=yuv420:eof_action=repeat[${i === pieces.length - 1 ? 'v' : `over${i}`}]`),
  ].join(';');
  const options = output.options.filter((_, i) => i !== vf && i !== vf + 1).map((option, i, all) => (i > 0 && all[i - 1] === '-map' && option === '0:v' ? '[v]' : option));
  return {
    encode: {
      ...encode,
      inputs: [
        { source: spec.input, options: [] },
        {
          source: 'stdin',
          options: ['-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${overlay.width}x${overlay.height}`, '-framerate', overlay.hold === 1 ? String(spec.fps) : `${spec.fps}/${overlay.hold}`],
        },
      ],
      complexFilter,
      outputs: [{ ...output, options }],
    },
    keyframe,
    ...timing,
  };
}

/** Number of overlay drawings a conformed clip takes: one every `hold` frames. */
export function overlayDrawings(spec: Pick<ConformSpec, 'leadFrames' | 'frames' | 'tailFrames'>, hold: number): number {
  return Math.ceil((spec.leadFrames + spec.frames + spec.tailFrames) / hold);
}

/**
 * One frame of the conformed picture (clip frame `frame`, counted from the first lead frame),
 * shrunk to `width`×`height` (area-averaged) as raw RGB24 bytes: what the subtitles will sit on.
 */
export function frameProbeJob(spec: Omit<ConformSpec, 'overlay'>, frame: number, size: { width: number; height: number }, out: string, label: string): FfmpegJob {
  const total = spec.leadFrames + spec.frames + spec.tailFrames;
  if (!Number.isInteger(frame) || frame < 0 || frame >= total) throw new Error(`${label}: frame ${frame} is outside the shot`);
  const timing = conformTiming(spec, label);
  const filters = [
    ...clockFilters(spec, timing),
    holdFilter(spec, timing),
    // Select first, so only the one frame is scaled.
    `select=eq(n\\,${frame})`,
    ...pictureFilters(spec),
    `scale=${size.width}:${size.height}:flags=area`,
    'format=rgb24',
  ].join(',');
  return {
    label,
    inputs: [{ source: spec.input, options: [] }],
    outputs: [{ target: out, options: ['-map', '0:v', '-vf', filters, '-frames:v', '1', '-f', 'rawvideo'] }],
  };
}
