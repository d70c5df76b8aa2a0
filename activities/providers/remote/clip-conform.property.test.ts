// Property tests on conforming a provider's clip: for any clip length, film size, rate, lead, tail,
// keyframe and subtitle overlay, the jobs are sound (no undefined/NaN/Infinity, no exponents), ask
// for exactly the shot's frames, cut its segments in order inside it, and account for every second
// (slowed by at most a quarter, then held; or trimmed); what cannot be conformed — a clip without
// duration, a still outside the shot, an overlay off the frame — is an Error that says so.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { jobProblems, optionValue } from '../../../tests/support/ffmpeg-jobs.js';
import { DEFAULT_VIDEO_ENCODING } from '../../media/ffmpeg-args.js';
import { conformJobs, frameProbeJob, MAX_SLOWDOWN, overlayDrawings, segmentCuts, type ConformOverlay, type ConformSpec, type OverlayPiece } from './clip-conform.js';

const SEED = 20_250_907;
const RUNS = 200;

const even = (min: number, max: number) => fc.integer({ min: Math.ceil(min / 2), max: Math.floor(max / 2) }).map((n) => n * 2);

const shape = fc
  .record({
    width: even(64, 1920),
    height: even(64, 1920),
    fps: fc.constantFrom(12, 24, 25, 30, 60),
    leadFrames: fc.integer({ min: 0, max: 24 }),
    frames: fc.integer({ min: 1, max: 1200 }),
    tailFrames: fc.integer({ min: 0, max: 24 }),
    inputDurationSec: fc.double({ min: 0.05, max: 120, noNaN: true }),
  })
  .chain((s) => fc.integer({ min: -s.leadFrames, max: s.frames + s.tailFrames - 1 }).map((keyframe) => ({ ...s, keyframe })));

type Shape = Omit<ConformSpec, 'input' | 'encoding' | 'clipPath' | 'segmentPattern' | 'keyframePath' | 'overlay'>;

function specOf(s: Shape, overlay?: ConformOverlay): ConformSpec {
  return { ...s, input: '/store/clip.mp4', encoding: DEFAULT_VIDEO_ENCODING, clipPath: '/tmp/c/clip.mp4', segmentPattern: '/tmp/c/seg%d.mp4', keyframePath: '/tmp/c/still.jpg', overlay };
}

/** Non-overlapping pieces: each in a horizontal band of its own, stacked in the atlas. */
const validOverlay = (width: number, height: number): fc.Arbitrary<ConformOverlay> =>
  fc.integer({ min: 1, max: Math.min(4, Math.floor(height / 4)) }).chain((count) => {
    const band = Math.floor(height / count / 2) * 2;
    return fc
      .array(
        fc.record({ w: even(2, width), h: even(2, band), xs: fc.double({ min: 0, max: 1, noNaN: true }), ys: fc.double({ min: 0, max: 1, noNaN: true }) }),
        { minLength: count, maxLength: count },
      )
      .chain((sizes) => {
        let atlasY = 0;
        const pieces: OverlayPiece[] = sizes.map(({ w, h, xs, ys }, i) => {
          const x = Math.floor(((width - w) * xs) / 2) * 2;
          const y = i * band + Math.floor(((band - h) * ys) / 2) * 2;
          const piece = { x, y, width: w, height: h, atlasX: 0, atlasY };
          atlasY += h;
          return piece;
        });
        const atlasWidth = Math.max(...pieces.map((p) => p.width));
        return fc.integer({ min: 1, max: 4 }).map((hold) => ({ width: atlasWidth, height: atlasY, hold, pieces }));
      });
  });

/** Anything at all: odd numbers, negative, off the frame, overlapping, no pieces. */
const anyOverlay: fc.Arbitrary<ConformOverlay> = fc.record({
  width: fc.integer({ min: -2, max: 300 }),
  height: fc.integer({ min: -2, max: 300 }),
  hold: fc.oneof(fc.integer({ min: -1, max: 4 }), fc.constant(1.5)),
  pieces: fc.array(
    fc.record({ x: fc.integer({ min: -4, max: 400 }), y: fc.integer({ min: -4, max: 400 }), width: fc.integer({ min: 0, max: 200 }), height: fc.integer({ min: 0, max: 200 }), atlasX: fc.integer({ min: -2, max: 200 }), atlasY: fc.integer({ min: -2, max: 200 }) }),
    { maxLength: 4 },
  ),
});

function checkPlan(spec: ConformSpec, plan: ReturnType<typeof conformJobs>): void {
  const total = spec.leadFrames + spec.frames + spec.tailFrames;
  const neededSec = total / spec.fps;
  assert.deepEqual(jobProblems(plan.encode), []);
  assert.deepEqual(jobProblems(plan.keyframe), []);
  const options = plan.encode.outputs[0]!.options;
  assert.equal(optionValue(options, '-frames:v'), String(total));
  assert.equal(plan.encode.inputs[0]!.source, spec.input);
  assert.ok(plan.keyframe.outputs[0]!.options.includes(`select=eq(n\\,${spec.leadFrames + spec.keyframe})`));
  // Every second accounted for: slowed by at most a quarter, then held; or trimmed.
  assert.ok(plan.slowdown >= 1 && plan.slowdown <= MAX_SLOWDOWN, `slowdown ${plan.slowdown}`);
  assert.ok(plan.heldSec >= 0 && plan.trimmedSec >= 0);
  if (spec.inputDurationSec >= neededSec) {
    assert.equal(plan.slowdown, 1);
    assert.equal(plan.heldSec, 0);
    assert.ok(Math.abs(plan.trimmedSec - (spec.inputDurationSec - neededSec)) < 1e-9);
  } else {
    assert.equal(plan.trimmedSec, 0);
    assert.ok(Math.abs(spec.inputDurationSec * plan.slowdown + plan.heldSec - neededSec) < 1e-9, JSON.stringify(plan));
  }
  if (spec.overlay) {
    assert.equal(plan.encode.inputs[1]!.source, 'stdin');
    assert.equal(optionValue(plan.encode.inputs[1]!.options, '-s'), `${spec.overlay.width}x${spec.overlay.height}`);
    assert.equal(optionValue(options, '-map'), '[v]');
    spec.overlay.pieces.forEach((p, i) => assert.ok(plan.encode.complexFilter!.includes(`overlay=x=${p.x}:y=${p.y}:`), `piece ${i} laid at ${p.x},${p.y}`));
  } else {
    assert.equal(plan.encode.inputs.length, 1);
    assert.equal(optionValue(options, '-map'), '0:v', 'the provider’s audio is dropped');
  }
}

describe('conforming a provider clip: properties', () => {
  it('segmentCuts: ascending frames strictly inside the shot, at most two', () => {
    fc.assert(
      fc.property(fc.nat(200), fc.integer({ min: 1, max: 5000 }), fc.nat(200), (lead, frames, tail) => {
        const cuts = segmentCuts(lead, frames, tail);
        const total = lead + frames + tail;
        assert.ok(cuts.length <= 2);
        cuts.forEach((cut, i) => assert.ok(Number.isInteger(cut) && cut > (i === 0 ? 0 : cuts[i - 1]!) && cut < total, `${cuts} in ${total}`));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('any clip length, size, rate, lead, tail and keyframe: sound jobs for exactly the shot’s frames, every second accounted for', () => {
    fc.assert(
      fc.property(shape, (s) => {
        const spec = specOf(s);
        checkPlan(spec, conformJobs(spec, 'conform shot'));
      }),
      { numRuns: RUNS, seed: SEED + 1 },
    );
  });

  it('with a valid subtitle overlay: the same sound encode, each piece laid where it belongs', () => {
    const withOverlay = shape.chain((s) => validOverlay(s.width, s.height).map((overlay) => specOf(s, overlay)));
    fc.assert(
      fc.property(withOverlay, (spec) => {
        checkPlan(spec, conformJobs(spec, 'conform shot'));
        assert.ok(overlayDrawings(spec, spec.overlay!.hold) >= 1);
      }),
      { numRuns: RUNS, seed: SEED + 2 },
    );
  });

  it('any overlay at all: a sound encode, or an Error naming what is wrong with it', () => {
    fc.assert(
      fc.property(shape, anyOverlay, (s, overlay) => {
        const spec = specOf({ ...s, width: 320, height: 320 }, overlay);
        let plan: ReturnType<typeof conformJobs>;
        try {
          plan = conformJobs(spec, 'conform shot');
        } catch (error) {
          assert.match((error as Error).message, /^conform shot: invalid subtitle overlay \(.+\)$/);
          return;
        }
        checkPlan(spec, plan);
      }),
      { numRuns: RUNS, seed: SEED + 3 },
    );
  });

  it('a clip without a duration, a still or probe frame outside the shot: an Error that says so', () => {
    fc.assert(
      fc.property(shape, fc.oneof(fc.double({ max: 0 }), fc.constant(Number.NaN)), fc.integer({ min: 1, max: 50 }), (s, duration, beyond) => {
        assert.throws(() => conformJobs(specOf({ ...s, inputDurationSec: duration }), 'conform shot'), /conform shot: the provider's clip has no duration/);
        assert.throws(() => conformJobs(specOf({ ...s, keyframe: s.frames + s.tailFrames - 1 + beyond }), 'conform shot'), /conform shot: keyframe -?\d+ is outside the shot/);
        assert.throws(() => conformJobs(specOf({ ...s, keyframe: -s.leadFrames - beyond }), 'conform shot'), /is outside the shot/);
        const total = s.leadFrames + s.frames + s.tailFrames;
        assert.throws(() => frameProbeJob(specOf(s), total - 1 + beyond, { width: 16, height: 16 }, '/tmp/probe.rgb', 'probe'), /probe: frame \d+ is outside the shot/);
        assert.deepEqual(jobProblems(frameProbeJob(specOf(s), total - 1, { width: 16, height: 16 }, '/tmp/probe.rgb', 'probe')), []);
      }),
      { numRuns: RUNS, seed: SEED + 4 },
    );
  });
});
