// Pure: the ffmpeg jobs that turn a provider's MP4 into the film's shot files — exactly the
// frames the audio sync asked for (a longer clip is trimmed; a shorter one is slowed by at most
// a quarter and then holds its last frame), the film's size (scaled to cover, centre-cropped), frame
// rate and H.264 settings, cut into head / core / tail like a locally rendered shot, plus the
// keyframe still. The encode side is the film's own `shotEncodeJob`, so remote and local
// segments join by stream copy. Provider audio is dropped (the narration is ours).
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

export function conformJobs(spec: ConformSpec, label: string): ConformPlan {
  const total = spec.leadFrames + spec.frames + spec.tailFrames;
  const neededSec = total / spec.fps;
  if (!(spec.inputDurationSec > 0)) throw new Error(`${label}: the provider's clip has no duration`);
  const slowdown = spec.inputDurationSec >= neededSec ? 1 : Math.min(MAX_SLOWDOWN, neededSec / spec.inputDurationSec);
  const coveredSec = spec.inputDurationSec * slowdown;
  const heldSec = Math.max(0, neededSec - coveredSec);
  const trimmedSec = Math.max(0, spec.inputDurationSec - neededSec);

  const conform = [
    ...(slowdown > 1 ? [`setpts=${slowdown.toFixed(6)}*PTS`] : []),
    `fps=${spec.fps}`,
    `scale=${spec.width}:${spec.height}:force_original_aspect_ratio=increase`,
    `crop=${spec.width}:${spec.height}`,
    'setsar=1',
    // Always pad a little: frame-rate conversion can end a frame short of the last one we need.
    `tpad=stop_mode=clone:stop_duration=${formatSeconds(heldSec + 1 / spec.fps + 0.5)}`,
  ].join(',');

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
  if (vf < 0) throw new Error('shotEncodeJob no longer sets -vf; conformJobs must be updated');
  const options = [...output.options];
  options[vf + 1] = `${conform},${options[vf + 1]}`;
  const keyframeIndex = spec.leadFrames + spec.keyframe;
  if (keyframeIndex < 0 || keyframeIndex >= total) throw new Error(`${label}: keyframe ${spec.keyframe} is outside the shot`);

  return {
    encode: { ...encode, inputs: [{ source: spec.input, options: [] }], outputs: [{ ...output, options }] },
    keyframe: {
      label: `${label}: still`,
      inputs: [{ source: spec.clipPath, options: [] }],
      outputs: [{ target: spec.keyframePath, options: ['-map', '0:v', '-vf', `select=eq(n\\,${keyframeIndex})`, '-frames:v', '1', '-q:v', '3', '-update', '1', '-f', 'image2'] }],
    },
    slowdown,
    heldSec,
    trimmedSec,
  };
}
