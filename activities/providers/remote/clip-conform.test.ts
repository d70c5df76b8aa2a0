import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_VIDEO_ENCODING } from '../../media/ffmpeg-args.js';
import { conformJobs, frameProbeJob, MAX_SLOWDOWN, overlayDrawings, segmentCuts, type ConformSpec } from './clip-conform.js';

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
  assert.match(filters, /^setpts=PTS-STARTPTS,fps=24,scale=720:1280:force_original_aspect_ratio=increase,crop=720:1280,setsar=1,tpad=stop_mode=clone:stop_duration=[\d.]+,scale=out_color_matrix=bt709/);
  const options = plan.encode.outputs[0]!.options;
  assert.equal(options[options.indexOf('-frames:v') + 1], '120');
  assert.equal(options[options.indexOf('-map') + 1], '0:v', 'the provider’s audio is dropped');
  assert.match(plan.encode.outputs[0]!.target, /segment_frames=24,96:/);
});

test('a shorter clip is slowed by at most a quarter, the rest held on its last frame', () => {
  const slightly = conformJobs({ ...base, inputDurationSec: 4.6 }, 'c');
  assert.ok(Math.abs(slightly.slowdown - 5 / 4.6) < 1e-9);
  assert.equal(slightly.heldSec, 0);
  assert.match(vf(slightly), /^setpts=1\.086957\*\(PTS-STARTPTS\),fps=24/);
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

const overlay = {
  width: 128,
  height: 600,
  hold: 2,
  pieces: [
    { x: 590, y: 110, width: 90, height: 600, atlasX: 0, atlasY: 0 },
    { x: 40, y: 110, width: 38, height: 420, atlasX: 90, atlasY: 0 },
  ],
};

test('with subtitles, the same single encode composites the drawings streamed on stdin over the conformed picture', () => {
  const plain = conformJobs(base, 'c');
  const plan = conformJobs({ ...base, overlay }, 'c');
  assert.deepEqual(plan.encode.inputs, [
    { source: base.input, options: [] },
    { source: 'stdin', options: ['-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', '128x600', '-framerate', '24/2'] },
  ]);
  const graph = plan.encode.complexFilter!.split(';');
  // The picture is conformed and converted exactly as without subtitles.
  assert.equal(graph[0], `[0:v]${vf(plain)}[picture]`);
  // The drawings: BT.709 limited range with alpha, cut into their pieces, laid where they belong.
  assert.equal(graph[1], '[1:v]scale=out_color_matrix=bt709:out_range=tv,format=yuva420p,split=2[text0][text1]');
  assert.deepEqual(graph.slice(2), [
    '[text0]crop=90:600:0:0[piece0]',
    '[text1]crop=38:420:90:0[piece1]',
    '[picture][piece0]overlay=x=590:y=110:format=yuv420:eof_action=repeat[over0]',
    '[over0][piece1]overlay=x=40:y=110:format=yuv420:eof_action=repeat[v]',
  ]);
  const options = plan.encode.outputs[0]!.options;
  assert.ok(!options.includes('-vf'));
  assert.equal(options[options.indexOf('-map') + 1], '[v]');
  // Everything else — codec, keyframes at the cuts, frame count, tee targets — is the plain encode's.
  const rest = (o: string[]) => o.filter((x, i) => x !== '-vf' && o[i - 1] !== '-vf' && x !== '-map' && o[i - 1] !== '-map');
  assert.deepEqual(rest(options), rest(plain.encode.outputs[0]!.options));
  assert.equal(plan.encode.outputs[0]!.target, plain.encode.outputs[0]!.target);
  assert.deepEqual(plan.keyframe, plain.keyframe);
});

test('one piece needs no split; drawings on ones arrive at the film rate', () => {
  const single = { width: 90, height: 600, hold: 1, pieces: [overlay.pieces[0]!] };
  const plan = conformJobs({ ...base, overlay: single }, 'c');
  assert.deepEqual(plan.encode.inputs[1]!.options.slice(-2), ['-framerate', '24']);
  const graph = plan.encode.complexFilter!.split(';');
  assert.equal(graph[1], '[1:v]scale=out_color_matrix=bt709:out_range=tv,format=yuva420p[text0]');
  assert.equal(graph.at(-1), '[picture][piece0]overlay=x=590:y=110:format=yuv420:eof_action=repeat[v]');
  assert.equal(overlayDrawings(base, 2), 60);
  assert.equal(overlayDrawings({ leadFrames: 6, frames: 73, tailFrames: 6 }, 2), 43);
});

test('an overlay off even pixels, outside the frame or the atlas, or with overlapping pieces is refused', () => {
  const piece = overlay.pieces[0]!;
  const bad = (pieces: typeof overlay.pieces, extra: Partial<typeof overlay> = {}) => () => conformJobs({ ...base, overlay: { ...overlay, ...extra, pieces } }, 'c');
  assert.throws(bad([{ ...piece, x: 591 }]), /even pixels/);
  assert.throws(bad([{ ...piece, x: 640 }]), /outside the 720×1280 frame/);
  assert.throws(bad([{ ...piece, atlasX: 40 }]), /outside the atlas/);
  assert.throws(bad([piece, { ...piece, x: 600, y: 200, width: 20, height: 20, atlasX: 90, atlasY: 0 }]), /pieces 0 and 1 overlap/);
  assert.throws(bad([]), /no pieces/);
  assert.throws(bad(overlay.pieces, { hold: 0 }), /hold 0/);
});

test('the probe frame: the conformed picture at one frame, shrunk, as raw RGB', () => {
  const job = frameProbeJob(base, 66, { width: 180, height: 320 }, '/tmp/x/probe.rgb', 'probe');
  assert.deepEqual(job.inputs, [{ source: base.input, options: [] }]);
  const options = job.outputs[0]!.options;
  assert.equal(
    options[options.indexOf('-vf') + 1],
    'setpts=PTS-STARTPTS,fps=24,tpad=stop_mode=clone:stop_duration=0.542,select=eq(n\\,66),' +
      'scale=720:1280:force_original_aspect_ratio=increase,crop=720:1280,setsar=1,scale=180:320:flags=area,format=rgb24',
  );
  assert.deepEqual(options.slice(options.indexOf('-frames:v')), ['-frames:v', '1', '-f', 'rawvideo']);
  // A short clip is slowed and held exactly as the encode does it.
  const slow = frameProbeJob({ ...base, inputDurationSec: 2 }, 119, { width: 180, height: 320 }, '/tmp/x/probe.rgb', 'probe');
  assert.match(slow.outputs[0]!.options.join(' '), /setpts=1\.250000\*\(PTS-STARTPTS\),fps=24,tpad=stop_mode=clone:stop_duration=3\.042,select=eq\(n\\,119\)/);
  assert.throws(() => frameProbeJob(base, 120, { width: 180, height: 320 }, '/tmp/x/probe.rgb', 'probe'), /outside the shot/);
});
