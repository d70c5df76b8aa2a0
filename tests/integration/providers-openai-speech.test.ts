// The `openai` voice provider against a local speech API that validates every body against
// CreateSpeechRequest: audio stored once, costs recorded, faults mapped.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { isProviderError, type ProviderError } from '../../activities/providers/remote/provider-error.js';
import { FakeOpenAiSpeechServer } from '../support/fake-openai-speech-server.js';
import { openAiErrorBody, openAiSpec } from '../support/fake-openai-videos-server.js';
import { createSpeechVoiceProvider } from '../../activities/providers/remote/speech-voice-provider.js';
import { newProductionId, openProviderHarness, TEST_KEYS, uniqueSuffix, type ProviderHarness } from '../support/remote-provider-harness.js';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

let harness: ProviderHarness;
const servers: FakeOpenAiSpeechServer[] = [];

before(async () => {
  harness = await openProviderHarness();
});
after(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await harness.close();
});

async function speech(env: Record<string, string> = {}) {
  const server = await new FakeOpenAiSpeechServer({ apiKey: TEST_KEYS.openai, secondsPerCharacter: 0.1 }).start();
  servers.push(server);
  const { speech: provider } = harness.build({ OPENAI_BASE_URL: `${server.url}/v1`, OPENAI_API_KEY: TEST_KEYS.openai, ...env });
  return { server, provider };
}

const rejectsWith = (kind: ProviderError['kind'], pattern?: RegExp) => (error: unknown) => {
  assert.ok(isProviderError(error), `expected a ProviderError, got ${String(error)}`);
  assert.equal(error.kind, kind, error.message);
  if (pattern) assert.match(error.message, pattern);
  return true;
};

test('narration becomes stored WAV audio with recitation instructions; asked again it comes from the store', async () => {
  const { server, provider } = await speech();
  const productionId = newProductionId('speech');
  const text = `床前明月光｜疑是地上霜。${uniqueSuffix()}`;
  const result = await provider.synthesize({ text, productionId });
  const [call] = server.requestsTo('speech');
  assert.deepEqual(openAiSpec().validate('CreateSpeechRequest', call!.body), []);
  const body = call!.body as Record<string, unknown>;
  assert.equal(body.model, 'gpt-4o-mini-tts');
  assert.equal(body.response_format, 'wav');
  assert.match(body.instructions as string, /Mandarin/);
  assert.equal(result.format, 'wav');
  assert.ok(result.durationSec > 1 && result.durationSec < 10, String(result.durationSec));
  assert.equal(result.costUsd, Number((([...text].length * 80) / 1e6).toFixed(6)));
  assert.equal(result.cached, false);

  const again = await provider.synthesize({ text, productionId });
  assert.equal(again.cached, true);
  assert.equal(again.audio, result.audio);
  assert.equal(again.costUsd, result.costUsd);
  assert.equal(server.syntheses, 1);
});

test('tts-1 gets no instructions (the API refuses them there); mp3 and speed pass through', async () => {
  const { server, provider } = await speech({ OPENAI_TTS_MODEL: 'tts-1', OPENAI_TTS_VOICE: 'onyx' });
  const result = await provider.synthesize({ text: `举头望明月${uniqueSuffix()}`, productionId: null, format: 'mp3', speed: 0.8 });
  const body = server.requestsTo('speech')[0]!.body as Record<string, unknown>;
  assert.equal('instructions' in body, false);
  assert.equal(body.voice, 'onyx');
  assert.equal(body.speed, 0.8);
  assert.equal(result.format, 'mp3');
  assert.ok(result.durationSec > 0);
});

test('429 with Retry-After and 500 are retried; a quota error and a moderation refusal are final', async () => {
  const { server, provider } = await speech();
  server.inject('speech', { kind: 'rate-limit', retryAfterSec: 1 }, 1);
  server.inject('speech', { kind: 'server-error' }, 1);
  const started = Date.now();
  await provider.synthesize({ text: `低头思故乡${uniqueSuffix()}`, productionId: null });
  assert.ok(Date.now() - started >= 1000);
  assert.equal(server.requestsTo('speech').length, 3);

  server.inject('speech', { kind: 'custom', status: 429, body: openAiErrorBody('You exceeded your current quota.', 'insufficient_quota', 'insufficient_quota') });
  await assert.rejects(provider.synthesize({ text: `月${uniqueSuffix()}`, productionId: null }), rejectsWith('balance-exhausted'));
  server.inject('speech', { kind: 'custom', status: 400, body: openAiErrorBody('Your request was rejected as a result of our safety system.', 'invalid_request_error', 'moderation_blocked') });
  await assert.rejects(provider.synthesize({ text: `霜${uniqueSuffix()}`, productionId: null }), rejectsWith('content-rejected', /safety system/));
});

test('input the API cannot take is refused before any request', async () => {
  const { server, provider } = await speech();
  await assert.rejects(provider.synthesize({ text: '诗'.repeat(4097), productionId: null }), rejectsWith('invalid-request', /4097 characters/));
  await assert.rejects(provider.synthesize({ text: '诗', productionId: null, speed: 5 }), rejectsWith('invalid-request', /0.25–4/));
  assert.equal(server.requests.length, 0);
  const { speech: unconfigured } = harness.build({});
  await assert.rejects(unconfigured.synthesize({ text: '诗', productionId: null }), rejectsWith('not-configured', /OPENAI_API_KEY/));
});

test('the film’s VoiceProvider shape: writes <outBase>.wav through the same retries, configured by OPENAI_TTS_*', async () => {
  const { server } = await speech();
  const { settings } = harness.build({ OPENAI_BASE_URL: `${server.url}/v1`, OPENAI_API_KEY: TEST_KEYS.openai, OPENAI_TTS_VOICE: 'sage' });
  const voice = createSpeechVoiceProvider(settings);
  assert.deepEqual(voice.fingerprint.voice, 'sage');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shiying-voice-'));
  try {
    server.inject('speech', { kind: 'server-error', status: 502 }, 1);
    const file = await voice.synthesize({ text: '床前明月光' }, path.join(dir, 'line-0'));
    assert.equal(file, path.join(dir, 'line-0.wav'));
    assert.ok((await harness.ffmpeg.audioDuration(file)) > 0);
    const body = server.requestsTo('speech').at(-1)!.body as Record<string, unknown>;
    assert.deepEqual([body.voice, body.speed, body.response_format], ['sage', 0.85, 'wav']);
    assert.equal(server.requestsTo('speech').length, 2, 'the 502 was retried');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const unconfigured = createSpeechVoiceProvider(harness.build({}).settings);
  await assert.rejects(unconfigured.synthesize({ text: '月' }, '/tmp/never'), rejectsWith('not-configured', /OPENAI_API_KEY/));
});
