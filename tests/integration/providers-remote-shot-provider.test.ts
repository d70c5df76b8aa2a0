// The remote providers in the film's VideoProvider shape: a shot generated on a local Kling or
// /v1/videos becomes the film's shot files — exactly the frames asked for, the film's size and
// frame rate, no provider audio, cut into head/core/tail, with a still.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_VIDEO_ENCODING } from '../../activities/media/ffmpeg-args.js';
import { createRemoteShotProvider, type RemoteShotClipResult } from '../../activities/providers/remote/remote-shot-provider.js';
import { FakeKlingServer } from '../support/fake-kling-server.js';
import { FakeOpenAiVideosServer } from '../support/fake-openai-videos-server.js';
import { openProviderHarness, TEST_KEYS, uniqueSuffix, type ProviderHarness } from '../support/remote-provider-harness.js';
import { testPlan } from '../support/test-shots.js';

let harness: ProviderHarness;
let kling: FakeKlingServer;
let videos: FakeOpenAiVideosServer;
let outRoot: string;

before(async () => {
  harness = await openProviderHarness();
  kling = await new FakeKlingServer({ ...TEST_KEYS.kling, job: { durationMs: 100 } }).start();
  videos = await new FakeOpenAiVideosServer({ apiKey: TEST_KEYS.openai, job: { durationMs: 100 } }).start();
  outRoot = await mkdtemp(path.join(os.tmpdir(), 'shiying-remote-shot-'));
});
after(async () => {
  await kling.stop();
  await videos.stop();
  await harness.close();
  await rm(outRoot, { recursive: true, force: true });
});

function generator() {
  return harness.build({
    KLING_BASE_URL: kling.url,
    KLING_ACCESS_KEY: TEST_KEYS.kling.accessKey,
    KLING_SECRET_KEY: TEST_KEYS.kling.secretKey,
    OPENAI_BASE_URL: `${videos.url}/v1`,
    OPENAI_API_KEY: TEST_KEYS.openai,
  }).video;
}

async function frames(file: string): Promise<{ count: number; width: number; height: number; audio: boolean }> {
  const data = await harness.ffmpeg.probe(file);
  const video = data.streams.find((s) => s.codec_type === 'video')!;
  return { count: Number(video.nb_frames), width: Number(video.width), height: Number(video.height), audio: data.streams.some((s) => s.codec_type === 'audio') };
}

const request = (plan: ReturnType<typeof testPlan>, frameCount: number) => ({
  plan,
  shotIndex: 0,
  width: 144,
  height: 256,
  fps: 24,
  leadFrames: 6,
  frames: frameCount,
  tailFrames: 6,
  keyframe: 20,
  hold: 1,
  subtitles: null,
  encoding: { ...DEFAULT_VIDEO_ENCODING, preset: 'ultrafast' as const },
});

test('a Kling clip (5 s, 72×128, with audio) becomes 84 frames at 144×256 without audio, in three segments and a still', async () => {
  const provider = createRemoteShotProvider('kling', { generator: generator(), runner: harness.ffmpeg });
  assert.equal(provider.burnsSubtitles, true);
  assert.match(provider.version, /^kling\/kling-v1-6\/conform-2$/);
  const plan = testPlan({ shots: [{ prompt: `moon${uniqueSuffix()}`, durationSec: 3 }] });
  const outDir = await mkdtemp(path.join(outRoot, 'kling-'));
  const progress: number[] = [];
  const result = (await provider.renderShot(request(plan, 72), outDir, { onProgress: (f) => progress.push(f) })) as RemoteShotClipResult;

  const clip = await frames(path.join(outDir, result.files.clip));
  assert.deepEqual(clip, { count: 84, width: 144, height: 256, audio: false });
  assert.equal((await frames(path.join(outDir, result.files.head))).count, 12);
  assert.equal((await frames(path.join(outDir, result.files.core))).count, 60);
  assert.equal((await frames(path.join(outDir, result.files.tail))).count, 12);
  assert.ok((await stat(path.join(outDir, result.files.keyframe))).size > 0);
  assert.equal(result.remote.slowdown, 1);
  assert.ok(result.remote.trimmedSec > 1.4, 'the longer provider clip was trimmed');
  assert.equal(result.remote.costUsd, 0.14);
  assert.deepEqual(result.drawn, [{ term: '明月', motif: 'kling prompt' }]);
  assert.equal(progress.at(-1), 1);
});

test('a /v1/videos clip shorter than the shot is slowed, then holds its last frame', async () => {
  const provider = createRemoteShotProvider('openai-videos', { generator: generator(), runner: harness.ffmpeg }, { take: 1 });
  // 4 s planned → "4" seconds requested; the film then needs 7 s: slowed 1.25× to 5 s, 2 s held.
  const plan = testPlan({ shots: [{ prompt: `frost${uniqueSuffix()}`, durationSec: 4 }] });
  const outDir = await mkdtemp(path.join(outRoot, 'openai-'));
  const result = (await provider.renderShot(request(plan, 156), outDir)) as RemoteShotClipResult;
  assert.equal((await frames(path.join(outDir, result.files.clip))).count, 168);
  assert.equal(result.remote.slowdown, 1.25);
  assert.ok(Math.abs(result.remote.heldSec - 2) < 0.01, String(result.remote.heldSec));
});

test('selecting a remote provider without its keys fails at once, naming the variables', () => {
  assert.throws(() => createRemoteShotProvider('wan', { generator: harness.build({}).video, runner: harness.ffmpeg }), /DASHSCOPE_API_KEY/);
});
