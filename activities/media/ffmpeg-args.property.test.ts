// Property tests on the ffmpeg argument builders: for any sizes, rates, frame counts, cuts, gains,
// paths and metadata in their domain, every job is sound (strings only, no undefined/NaN/Infinity,
// no exponents), says what it was asked (frames, cuts, durations), and escaped text reads back as
// it was; what is outside the domain (cuts out of order, a negative duration) is refused with an
// Error that says why, never turned into a broken command.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { jobProblems, optionValue } from '../../tests/support/ffmpeg-jobs.js';
import {
  audioMeasureJob,
  audioMixJob,
  concatList,
  crossfadeJob,
  filmMuxJob,
  formatSeconds,
  shotEncodeJob,
  teeTargets,
  type VideoEncoding,
} from './ffmpeg-args.js';

const SEED = 20_250_906;
const RUNS = 200;

const encoding: fc.Arbitrary<VideoEncoding> = fc.record(
  {
    preset: fc.constantFrom('ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium'),
    crf: fc.integer({ min: 0, max: 51 }),
    x264Params: fc.constantFrom('cabac=1:deblock=0,0', 'ref=1'),
    threads: fc.integer({ min: 0, max: 16 }),
  },
  { requiredKeys: ['preset', 'crf'] },
);
const even = (min: number, max: number) => fc.integer({ min: min / 2, max: max / 2 }).map((n) => n * 2);
const fps = fc.constantFrom(12, 15, 24, 25, 30, 50, 60);
/** Paths with the characters muxers and list files treat specially, and Chinese. */
const path = fc.string({ unit: fc.constantFrom(...'abc/._- 诗影|[]:=\\\'",%'.split('')), minLength: 1, maxLength: 30 });

/** Ascending frame numbers strictly inside (0, frames). */
const cutsInside = (frames: number) =>
  fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, frames - 1) }), { maxLength: 4 }).map((cuts) => cuts.filter((cut) => cut < frames).sort((a, b) => a - b));

/** Splits at `separator` where it is not escaped; escapes stay in the pieces. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [''];
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\') {
      parts[parts.length - 1] += char + (text[i + 1] ?? '');
      i++;
    } else if (char === separator) parts.push('');
    else parts[parts.length - 1] += char;
  }
  return parts;
}

const unescape = (text: string) => text.replace(/\\(.)/gs, '$1');

/** The tee muxer's list read back: `[k=v:k=v]path|…` with backslash escapes. */
function readTee(list: string): { options: Record<string, string>; path: string }[] {
  return splitUnescaped(list, '|').map((target) => {
    if (!target.startsWith('[')) return { options: {}, path: unescape(target) };
    const [inside, ...rest] = splitUnescaped(target.slice(1), ']');
    const options = Object.fromEntries(splitUnescaped(inside!, ':').map((pair) => splitUnescaped(pair, '=').map(unescape) as [string, string]));
    return { options, path: unescape(rest.join(']')) };
  });
}

/** The concat demuxer's list read back: `file '…'` lines, `'\\''` standing for a quote. */
function readConcat(list: string): string[] {
  const lines = list.split('\n');
  assert.equal(lines[0], 'ffconcat version 1.0');
  assert.equal(lines.at(-1), '', 'ends with a new line');
  return lines.slice(1, -1).map((line) => {
    assert.ok(line.startsWith("file '") && line.endsWith("'"), `not a file line: ${line}`);
    const pieces = line.slice("file '".length, -1).split("'\\''");
    assert.ok(pieces.every((piece) => !piece.includes("'")), `an unescaped quote: ${line}`);
    return pieces.join("'");
  });
}

describe('ffmpeg argument builder properties', () => {
  it('formatSeconds: millisecond text without exponent for any duration, an Error for what is not one', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e12, noNaN: true }), (seconds) => {
        const text = formatSeconds(seconds);
        assert.match(text, /^\d+(\.\d{1,3})?$/);
        assert.ok(Math.abs(Number(text) - seconds) <= 0.0005 + seconds * 1e-15, `${seconds} → ${text}`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    fc.assert(
      fc.property(fc.oneof(fc.double({ max: -Number.MIN_VALUE }), fc.constantFrom(Number.NaN, Infinity, -Infinity)), (bad) => {
        assert.throws(() => formatSeconds(bad), /invalid duration/);
      }),
      { numRuns: 50, seed: SEED },
    );
  });

  it('teeTargets: whatever the paths and option values, the list reads back as given', () => {
    const key = fc.stringMatching(/^[a-z][a-z_]{0,11}$/);
    const target = fc.record({ options: fc.dictionary(key, fc.string({ maxLength: 12 }), { maxKeys: 4 }), path });
    fc.assert(
      fc.property(fc.array(target, { minLength: 1, maxLength: 4 }), (targets) => {
        assert.deepEqual(readTee(teeTargets(targets)), targets.map(({ options, path: file }) => ({ options: { ...options }, path: file })));
      }),
      { numRuns: RUNS, seed: SEED + 1 },
    );
  });

  it('concatList: file names with quotes, spaces and Chinese read back as given', () => {
    fc.assert(
      fc.property(fc.array(path, { minLength: 1, maxLength: 6 }), (files) => {
        assert.deepEqual(readConcat(concatList(files)), files);
      }),
      { numRuns: RUNS, seed: SEED + 2 },
    );
  });

  it('shotEncodeJob: a sound job whose frame count, keyframes and segment cuts are the ones asked for', () => {
    const spec = fc
      .record({ width: even(2, 3840), height: even(2, 3840), fps, frames: fc.integer({ min: 1, max: 2000 }), hold: fc.integer({ min: 1, max: 4 }), encoding, clipPath: path, segmentPattern: path })
      .chain((base) => cutsInside(base.frames).map((cuts) => ({ ...base, cuts })));
    fc.assert(
      fc.property(spec, (asked) => {
        const job = shotEncodeJob(asked, 'encode shot');
        assert.deepEqual(jobProblems(job), []);
        const options = job.outputs[0]!.options;
        assert.equal(optionValue(options, '-frames:v'), String(asked.frames));
        assert.equal(optionValue(options, '-force_key_frames'), asked.cuts.length > 0 ? `expr:${asked.cuts.map((n) => `eq(n,${n})`).join('+')}` : undefined);
        const [clip, segments] = readTee(job.outputs[0]!.target);
        assert.equal(clip!.path, asked.clipPath);
        assert.equal(segments!.path, asked.segmentPattern);
        assert.equal(segments!.options.segment_frames, asked.cuts.join(','));
        assert.equal(job.expectedDurationSec, asked.frames / asked.fps);
      }),
      { numRuns: RUNS, seed: SEED + 3 },
    );
  });

  it('shotEncodeJob: cuts that are not ascending frames inside the clip, or a hold that is not a whole frame count, are an Error', () => {
    const base = { width: 180, height: 320, fps: 24, clipPath: 'clip.mp4', segmentPattern: 'seg%d.mp4', encoding: { preset: 'ultrafast' as const, crf: 20 } };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.array(fc.oneof(fc.integer({ min: -5, max: 320 }), fc.double({ noNaN: false })), { maxLength: 5 }), (frames, cuts) => {
        const valid = cuts.every((cut, i) => Number.isInteger(cut) && cut > (i === 0 ? 0 : cuts[i - 1]!) && cut < frames);
        if (valid) assert.deepEqual(jobProblems(shotEncodeJob({ ...base, frames, cuts }, 'x')), []);
        else assert.throws(() => shotEncodeJob({ ...base, frames, cuts }, 'x'), /segment cuts must be ascending frame numbers inside \(0, \d+\)/);
      }),
      { numRuns: RUNS, seed: SEED + 4 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.integer({ max: 0 }), fc.double({ min: 0.01, max: 9.99 }).filter((n) => !Number.isInteger(n)), fc.constant(Number.NaN)), (hold) => {
        assert.throws(() => shotEncodeJob({ ...base, frames: 10, cuts: [], hold }, 'x'), /hold must be a whole number of frames/);
      }),
      { numRuns: 50, seed: SEED + 4 },
    );
  });

  it('crossfadeJob: a sound job of exactly the fade’s frames, from a file or from paper colour', () => {
    const from = fc.oneof(path.map((file) => ({ file })), fc.constantFrom('0xf4efe4', 'white', '#e8e0d0').map((color) => ({ color })));
    const spec = fc.record({ from, to: path, width: even(2, 3840), height: even(2, 3840), fps, frames: fc.integer({ min: 1, max: 240 }), out: path, encoding });
    fc.assert(
      fc.property(spec, (asked) => {
        const job = crossfadeJob(asked, 'fade');
        assert.deepEqual(jobProblems(job), []);
        assert.equal(optionValue(job.outputs[0]!.options, '-frames:v'), String(asked.frames));
        assert.ok(job.complexFilter!.includes(`xfade=transition=fade:duration=${formatSeconds(asked.frames / asked.fps)}:offset=0`));
      }),
      { numRuns: RUNS, seed: SEED + 5 },
    );
  });

  it('audio mix and measure: sound jobs whose fades start inside the film and whose length is the film’s', () => {
    const spec = fc.record({
      narration: path,
      music: path,
      durationSec: fc.double({ min: 0.05, max: 3600, noNaN: true }),
      out: path,
      musicGain: fc.double({ min: 0.01, max: 2, noNaN: true }),
      sampleRate: fc.constantFrom(16000, 22050, 24000, 44100, 48000),
      gainDb: fc.double({ min: -60, max: 60, noNaN: true }),
    });
    fc.assert(
      fc.property(spec, (asked) => {
        for (const job of [audioMixJob(asked, 'mix'), audioMeasureJob(asked, 'measure')]) {
          assert.deepEqual(jobProblems(job), []);
          const graph = job.complexFilter!;
          for (const [, value] of graph.matchAll(/\b(?:st|d)=(-?[\d.]+)/g)) assert.ok(Number(value) >= 0 && Number(value) <= asked.durationSec + 0.001, `${value} in ${graph}`);
          assert.ok(graph.includes(`atrim=end=${formatSeconds(asked.durationSec)}`));
        }
      }),
      { numRuns: RUNS, seed: SEED + 6 },
    );
  });

  it('filmMuxJob: every metadata pair arrives as given, and the film is cut to its duration', () => {
    const spec = fc.record({
      concatListPath: path,
      audio: path,
      out: path,
      durationSec: fc.double({ min: 0.05, max: 3600, noNaN: true }),
      metadata: fc.dictionary(fc.stringMatching(/^[a-z][a-z_]{0,11}$/), fc.string({ maxLength: 40 }), { maxKeys: 5 }),
    });
    fc.assert(
      fc.property(spec, (asked) => {
        const job = filmMuxJob(asked, 'mux');
        assert.deepEqual(jobProblems(job), []);
        const options = job.outputs[0]!.options;
        assert.equal(optionValue(options, '-t'), formatSeconds(asked.durationSec));
        const pairs = options.flatMap((option, i) => (options[i - 1] === '-metadata' ? [option] : []));
        assert.deepEqual(pairs, Object.entries(asked.metadata).map(([k, v]) => `${k}=${v}`));
      }),
      { numRuns: RUNS, seed: SEED + 7 },
    );
  });
});
