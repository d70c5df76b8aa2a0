// A whole film with a remote video provider, through the same film pipeline as `local`
// (activities/film/produce-film.ts): every shot generated on a local Kling, conformed, cross-faded
// and joined by stream copy under the narration; rendered again, nothing is generated twice.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { produceFilm } from '../../activities/film/produce-film.js';
import { createLocalVoiceProvider } from '../../activities/providers/local-voice-provider.js';
import { remoteShotProvider } from '../../activities/providers/remote/remote-shot-provider.js';
import { FakeKlingServer } from '../support/fake-kling-server.js';
import { openProviderHarness, TEST_KEYS, uniqueSuffix, type ProviderHarness } from '../support/remote-provider-harness.js';
import { testPlan } from '../support/test-shots.js';

let harness: ProviderHarness;
let kling: FakeKlingServer;

before(async () => {
  harness = await openProviderHarness();
  kling = await new FakeKlingServer({ ...TEST_KEYS.kling, job: { durationMs: 100 } }).start();
});
after(async () => {
  await kling.stop();
  await harness.close();
});

test('静夜思 on Kling: a film whose video and narration end together; rendered again from the store', async () => {
  const { settings } = harness.build({ KLING_BASE_URL: kling.url, KLING_ACCESS_KEY: TEST_KEYS.kling.accessKey, KLING_SECRET_KEY: TEST_KEYS.kling.secretKey });
  const deps = () => ({
    store: harness.media,
    runner: harness.ffmpeg,
    video: remoteShotProvider('kling', { sql: harness.sql, media: harness.media, runner: harness.ffmpeg, settings }),
    voice: createLocalVoiceProvider(),
  });
  const run = uniqueSuffix();
  const plan = testPlan({ shots: [0, 1, 2, 3].map((i) => ({ prompt: `Quiet Night Thought, line ${i + 1}${run}` })) });

  const film = await produceFilm(deps(), plan, { width: 144, height: 256 });
  assert.equal(kling.submissions, 4);
  const probe = await harness.ffmpeg.probe(film.film);
  const video = probe.streams.find((s) => s.codec_type === 'video')!;
  const audio = probe.streams.find((s) => s.codec_type === 'audio')!;
  assert.deepEqual([video.width, video.height], [144, 256]);
  assert.ok(Math.abs(Number(video.duration) - Number(audio.duration)) < 0.2, `video ${video.duration} s, audio ${audio.duration} s`);
  assert.ok(Math.abs(film.durationSec - Number(audio.duration)) < 0.2);
  assert.equal(film.shots.length, 4);

  const again = await produceFilm(deps(), plan, { width: 144, height: 256 });
  assert.equal(again.film, film.film);
  assert.ok(again.shots.every((shot) => shot.cached));
  assert.equal(kling.submissions, 4, 'nothing was generated twice');
});
