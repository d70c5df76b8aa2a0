import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_VIDEO_ENCODING } from '../../media/ffmpeg-args.js';
import { conformJobs, MAX_SLOWDOWN, segmentCuts, type ConformSpec } from './clip-conform.js';

const base: ConformSpec = {
  input: '/store/shot/ab/abc/clip.mp4',
  inputDurationSec: 5.04,
  width: 720,
  height: 1280,
  fps: 24,
  leadFrames: 12,
  frames: 96,
  tailFrames: 12,
  keyframe: 60,
  encoding: DEFAULT_VIDEO_ENCODING,
  clipPath: '/tmp/x/clip.mp4',
  segmentPattern: '/tmp/x/seg%d.mp4',
  keyframePath: '/tmp/x/keyframe.jpg',
};

const vf = (plan: ReturnType<typeof conformJobs>) => {
  const options = plan.encode.outputs[0]!.options;
  return options[options.indexOf('-vf') + 1]!;
};

test('segments are cut where the film cross-fades: both halves of each fade in head and tail', () => {
  assert.deepEqual(segmentCuts(12, 96, 12), [24, 96]);
  assert.deepEqual(segmentCuts(0, 48, 0), [48].filter((c) => c < 48));
});

test('a clip longer than the shot is trimmed: no slowdown, exactly the frames asked for, cover-scaled and cropped', () => {
  const plan = conformJobs(base, 'conform kling shot 0');
  assert.equal(plan.slowdown, 1);
  assert.equal(plan.heldSec, 0);
  assert.ok(Math.abs(plan.trimmedSec - 0.04) < 1e-9);
  assert.deepEqual(plan.encode.inputs, [{ source: base.input, options: [] }]);
  const filters = vf(plan);
  assert.doesNotMatch(filters, /setpts/);
  assert.match(filters, /^fps=24,scale=720:1280:force_original_aspect_ratio=increase,crop=720:1280,setsar=1,tpad=stop_mode=clone:stop_duration=[\d.]+,scale=out_color_matrix=bt709/);
  const options = plan.encode.outputs[0]!.options;
  assert.equal(options[options.indexOf('-frames:v') + 1], '120');
  assert.equal(options[options.indexOf('-map') + 1], '0:v', 'the provider’s audio is dropped');
  assert.match(plan.encode.outputs[0]!.target, /segment_frames=24,96:/);
});

test('a shorter clip is slowed by at most a quarter, the rest held on its last frame', () => {
  const slightly = conformJobs({ ...base, inputDurationSec: 4.6 }, 'c');
  assert.ok(Math.abs(slightly.slowdown - 5 / 4.6) < 1e-9);
  assert.equal(slightly.heldSec, 0);
  assert.match(vf(slightly), /^setpts=1\.086957\*PTS,fps=24/);
  const much = conformJobs({ ...base, inputDurationSec: 2 }, 'c');
  assert.equal(much.slowdown, MAX_SLOWDOWN);
  assert.ok(Math.abs(much.heldSec - 2.5) < 1e-9);
  assert.match(vf(much), /tpad=stop_mode=clone:stop_duration=3\.042/);
});

test('the still is taken from the conformed clip at lead + keyframe', () => {
  const plan = conformJobs(base, 'c');
  assert.deepEqual(plan.keyframe.inputs, [{ source: base.clipPath, options: [] }]);
  assert.ok(plan.keyframe.outputs[0]!.options.includes('select=eq(n\\,72)'));
  assert.throws(() => conformJobs({ ...base, keyframe: 200 }, 'c'), /outside the shot/);
  assert.throws(() => conformJobs({ ...base, inputDurationSec: 0 }, 'c'), /no duration/);
});
