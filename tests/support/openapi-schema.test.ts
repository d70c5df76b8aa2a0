// The validator the fake /v1/videos and speech servers rely on rejects what the schemas reject.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openAiSpec } from './fake-openai-videos-server.js';

test('CreateVideoJsonBody: prompt 1–32000 characters, seconds and size from their enums', () => {
  const spec = openAiSpec();
  assert.deepEqual(spec.validate('CreateVideoJsonBody', { model: 'sora-2', prompt: 'moon', seconds: '8', size: '720x1280' }), []);
  assert.deepEqual(spec.validate('CreateVideoJsonBody', { prompt: 'moon', model: 'any-gateway-model' }), []);
  assert.match(spec.validate('CreateVideoJsonBody', { prompt: 'moon', seconds: 8 }).join(), /\$\.seconds: expected string, got integer/);
  assert.match(spec.validate('CreateVideoJsonBody', { prompt: 'moon', seconds: '5' }).join(), /"5" is not one of "4", "8", "12"/);
  assert.match(spec.validate('CreateVideoJsonBody', { prompt: 'moon', size: '1080x1920' }).join(), /\$\.size/);
  assert.match(spec.validate('CreateVideoJsonBody', { prompt: '' }).join(), /shorter than 1/);
  assert.match(spec.validate('CreateVideoJsonBody', { prompt: 'x'.repeat(32001) }).join(), /longer than 32000/);
  assert.match(spec.validate('CreateVideoJsonBody', { seconds: '4' }).join(), /missing required property "prompt"/);
});

test('CreateSpeechRequest: no unknown properties, input ≤ 4096, speed 0.25–4, voice as a name or {id}', () => {
  const spec = openAiSpec();
  assert.deepEqual(spec.validate('CreateSpeechRequest', { model: 'tts-1', input: '床前明月光', voice: 'alloy', response_format: 'wav', speed: 1.2 }), []);
  assert.deepEqual(spec.validate('CreateSpeechRequest', { model: 'gpt-4o-mini-tts', input: 'x', voice: { id: 'voice_1234' } }), []);
  assert.match(spec.validate('CreateSpeechRequest', { model: 'tts-1', input: 'x', voice: 'alloy', volume: 3 }).join(), /unknown property "volume"/);
  assert.match(spec.validate('CreateSpeechRequest', { model: 'tts-1', input: 'x'.repeat(4097), voice: 'alloy' }).join(), /longer than 4096/);
  assert.match(spec.validate('CreateSpeechRequest', { model: 'tts-1', input: 'x', voice: 'alloy', speed: 5 }).join(), /above 4/);
  assert.match(spec.validate('CreateSpeechRequest', { model: 'tts-1', input: 'x', voice: 'alloy', response_format: 'ogg' }).join(), /not one of/);
  assert.match(spec.validate('CreateSpeechRequest', { model: 'tts-1', input: 'x', voice: { name: 'v' } }).join(), /matches none/);
});

test('VideoResource requires every field, nullable ones included', () => {
  const spec = openAiSpec();
  const video = {
    id: 'video_1', object: 'video', model: 'sora-2', status: 'completed', progress: 100, created_at: 1, completed_at: 2, expires_at: 3,
    prompt: 'p', size: '720x1280', seconds: '8', remixed_from_video_id: null, error: null,
  };
  assert.deepEqual(spec.validate('VideoResource', video), []);
  const { error: _error, ...missing } = video;
  assert.match(spec.validate('VideoResource', missing).join(), /missing required property "error"/);
  assert.match(spec.validate('VideoResource', { ...video, status: 'done' }).join(), /\$\.status/);
  assert.match(spec.validate('VideoResource', { ...video, progress: 99.5 }).join(), /expected integer, got number/);
  assert.deepEqual(spec.validate('VideoResource', { ...video, status: 'failed', error: { code: 'moderation_blocked', message: 'm' } }), []);
});
