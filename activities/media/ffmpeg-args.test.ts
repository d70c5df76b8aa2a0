import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  audioMeasureJob,
  audioMixJob,
  concatList,
  crossfadeJob,
  DEFAULT_VIDEO_ENCODING,
  encodingKey,
  filmMuxJob,
  loneEncoding,
  formatSeconds,
  normalizeVoiceJob,
  parseIntegratedLoudness,
  shotEncodeJob,
  teeTargets,
  videoCodecArgs,
} from './ffmpeg-args.js';

const option = (args: string[], name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

describe('ffmpeg argument builders', () => {
  it('formats seconds with millisecond precision and no exponent', () => {
    assert.equal(formatSeconds(0), '0');
    assert.equal(formatSeconds(10), '10');
    assert.equal(formatSeconds(0.5), '0.5');
    assert.equal(formatSeconds(1 / 3), '0.333');
    assert.equal(formatSeconds(1e-7), '0');
    assert.throws(() => formatSeconds(-1));
    assert.throws(() => formatSeconds(Number.NaN));
  });

  it('uses one H.264 setting for every segment: no B-frames, 4:2:0, BT.709 tags', () => {
    const args = videoCodecArgs({ preset: 'veryfast', crf: 20 });
    assert.equal(option(args, '-x264-params'), undefined);
    assert.equal(option(videoCodecArgs(DEFAULT_VIDEO_ENCODING), '-x264-params'), 'cabac=1:deblock=0,0');
    assert.equal(option(args, '-c:v'), 'libx264');
    assert.equal(option(args, '-bf'), '0');
    assert.equal(option(args, '-pix_fmt'), 'yuv420p');
    assert.equal(option(args, '-crf'), '20');
    assert.equal(option(args, '-colorspace'), 'bt709');
  });

  it('encodes raw RGBA from stdin into a clip and its segments in one pass, keyframes at the cuts', () => {
    const job = shotEncodeJob(
      { width: 180, height: 320, fps: 24, frames: 132, cuts: [12, 120], clipPath: '/t/clip.mp4', segmentPattern: '/t/seg%d.mp4', encoding: DEFAULT_VIDEO_ENCODING },
      'encode shot 0',
    );
    assert.equal(job.inputs.length, 1);
    assert.equal(job.inputs[0]!.source, 'stdin');
    assert.deepEqual(job.inputs[0]!.options, ['-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', '180x320', '-framerate', '24']);
    const out = job.outputs[0]!;
    assert.equal(out.atomic, false);
    assert.equal(option(out.options, '-f'), 'tee');
    assert.equal(option(out.options, '-frames:v'), '132');
    assert.equal(option(out.options, '-force_key_frames'), 'expr:eq(n,12)+eq(n,120)');
    assert.equal(out.target, '[movflags=+faststart]/t/clip.mp4|[f=segment:segment_frames=12,120:reset_timestamps=1:segment_format=mp4]/t/seg%d.mp4');
    assert.equal(job.expectedDurationSec, 132 / 24);
  });

  it('rejects segment cuts that are not ascending frames inside the clip', () => {
    const spec = { width: 2, height: 2, fps: 24, frames: 100, clipPath: 'c', segmentPattern: 's%d', encoding: DEFAULT_VIDEO_ENCODING };
    assert.throws(() => shotEncodeJob({ ...spec, cuts: [50, 20] }, 'x'), /ascending/);
    assert.throws(() => shotEncodeJob({ ...spec, cuts: [0] }, 'x'), /ascending/);
    assert.throws(() => shotEncodeJob({ ...spec, cuts: [100] }, 'x'), /ascending/);
    assert.throws(() => shotEncodeJob({ ...spec, cuts: [1.5] }, 'x'), /ascending/);
  });

  it('escapes the tee muxer special characters in paths and values', () => {
    assert.equal(teeTargets([{ options: { f: 'mp4' }, path: '/a|b/c:d.mp4' }]), '[f=mp4]/a\\|b/c\\:d.mp4');
    assert.equal(teeTargets([{ options: {}, path: 'x[1].mp4' }]), 'x\\[1\\].mp4');
  });

  it('cross-fades a file into the next shot, or paper colour into the first', () => {
    const fromFile = crossfadeJob({ from: { file: '/a/tail.mp4' }, to: '/b/head.mp4', width: 180, height: 320, fps: 24, frames: 12, out: '/o/x.mp4', encoding: DEFAULT_VIDEO_ENCODING }, 'x');
    assert.deepEqual(fromFile.inputs.map((i) => i.source), ['/a/tail.mp4', '/b/head.mp4']);
    assert.match(fromFile.complexFilter!, /xfade=transition=fade:duration=0\.5:offset=0/);
    assert.equal(option(fromFile.outputs[0]!.options, '-frames:v'), '12');
    assert.equal(option(fromFile.outputs[0]!.options, '-bf'), '0');
    const fromPaper = crossfadeJob({ from: { color: '0xF3EEE3' }, to: '/b/head.mp4', width: 180, height: 320, fps: 24, frames: 12, out: '/o/x.mp4', encoding: DEFAULT_VIDEO_ENCODING }, 'x');
    assert.deepEqual(fromPaper.inputs[0], { source: 'color=c=0xF3EEE3:s=180x320:r=24:d=0.5', options: ['-f', 'lavfi'] });
  });

  it('normalises any voice clip to mono 16-bit PCM at the narration rate', () => {
    const job = normalizeVoiceJob('/v/voice.mp3', '/v/line.wav', 24000, 'x');
    assert.deepEqual(job.outputs[0]!.options, ['-map', '0:a:0', '-ac', '1', '-ar', '24000', '-c:a', 'pcm_s16le', '-f', 'wav']);
  });

  it('ducks the music under the voice, applies the measured gain under a limiter and cuts to the film length', () => {
    const job = audioMixJob({ narration: '/n.wav', music: '/m.wav', durationSec: 20, out: '/mix.wav', musicGain: 0.3, sampleRate: 48000, gainDb: 2.345 }, 'mix');
    const graph = job.complexFilter!;
    assert.match(graph, /\[bed\]\[key\]sidechaincompress/);
    assert.match(graph, /afade=t=out:st=17:d=3/);
    assert.match(graph, /apad=whole_dur=20,atrim=end=20/);
    assert.match(graph, /volume=2\.35dB,alimiter=limit=0\.84/);
    assert.deepEqual(job.outputs[0]!.options.slice(0, 2), ['-map', '[mix]']);
    assert.equal(option(job.outputs[0]!.options, '-c:a'), 'aac');
  });

  it('measures the same mix with the R128 meter and reads the integrated loudness back', () => {
    const job = audioMeasureJob({ narration: '/n.wav', music: '/m.wav', durationSec: 20, musicGain: 0.3, sampleRate: 48000 }, 'measure');
    assert.match(job.complexFilter!, /,ebur128\[mix\]$/);
    assert.deepEqual(job.outputs[0]!.options, ['-map', '[mix]', '-f', 'null']);
    const log = '[Parsed_ebur128_0 @ 0x1] Summary:\n\n  Integrated loudness:\n    I:         -17.3 LUFS\n    Threshold: -27.9 LUFS\n';
    assert.equal(parseIntegratedLoudness(log), -17.3);
    assert.equal(parseIntegratedLoudness('nothing here'), undefined);
  });

  it('joins segments and the AAC mix by stream copy, with faststart', () => {
    const job = filmMuxJob({ concatListPath: '/l.ffconcat', audio: '/mix.m4a', out: '/film.mp4', durationSec: 21.5, metadata: { title: '静夜思 · 李白' } }, 'mux');
    assert.deepEqual(job.inputs[0], { source: '/l.ffconcat', options: ['-f', 'concat', '-safe', '0'] });
    const args = job.outputs[0]!.options;
    assert.equal(option(args, '-c:v'), 'copy');
    assert.equal(option(args, '-c:a'), 'copy');
    assert.equal(option(args, '-movflags'), '+faststart');
    assert.equal(option(args, '-t'), '21.5');
    assert.equal(option(args, '-metadata'), 'title=静夜思 · 李白');
  });

  it('writes a concat list with quotes escaped', () => {
    assert.equal(concatList(['/a/b.mp4', "/it's/c.mp4"]), "ffconcat version 1.0\nfile '/a/b.mp4'\nfile '/it'\\''s/c.mp4'\n");
  });
});

it('keeps the thread count out of cache keys, and lets a lone shot use every core', () => {
  const encoding = { preset: 'ultrafast', crf: 20, x264Params: 'cabac=1:deblock=0,0', threads: 1 } as const;
  assert.deepEqual(encodingKey(encoding), { preset: 'ultrafast', crf: 20, x264Params: 'cabac=1:deblock=0,0' });
  assert.deepEqual(encodingKey(loneEncoding(encoding)), encodingKey(encoding));
  assert.equal(option(videoCodecArgs(loneEncoding(encoding)), '-threads'), '0');
  assert.equal(option(videoCodecArgs(encoding), '-threads'), '1');
});
