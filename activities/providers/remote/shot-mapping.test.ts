import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testShot } from '../../../tests/support/test-shots.js';
import { promptForProvider } from '../../../prompts/provider-prompts.js';
import { mapShotToKling, mapShotToOpenAiVideo, mapShotToWan, pickDuration, pickWholeSeconds, wanCapabilities } from './shot-mapping.js';

test('durations round up to the nearest allowed length, or the longest when none is long enough', () => {
  assert.equal(pickDuration(4.5, [4, 8, 12]), 8);
  assert.equal(pickDuration(4, [4, 8, 12]), 4);
  assert.equal(pickDuration(0.5, [5, 10]), 5);
  assert.equal(pickDuration(13, [4, 8, 12]), 12);
  assert.equal(pickDuration(7.2, [10, 5]), 10);
  assert.equal(pickWholeSeconds(4.1, 2, 15), 5);
  assert.equal(pickWholeSeconds(1, 2, 15), 2);
  assert.equal(pickWholeSeconds(30, 2, 15), 15);
});

test('Kling: "5"|"10" as strings, aspect_ratio, mode, the English template within 2500 characters', () => {
  const { shot, style } = testShot({ durationSec: 4.5, prompt: `${'Mist over the river, '.repeat(200)}end.` });
  const mapped = mapShotToKling(shot, style, { model: 'kling-v1-6', mode: 'std' });
  assert.equal(mapped.body.duration, '5');
  assert.equal(mapped.seconds, 5);
  assert.equal(mapped.body.aspect_ratio, '9:16');
  assert.equal(mapped.body.mode, 'std');
  assert.equal(mapped.body.model_name, 'kling-v1-6');
  assert.equal(mapped.body.negative_prompt, 'text, watermark, photorealistic');
  assert.ok([...(mapped.body.prompt as string)].length <= 2500);
  assert.ok(mapped.adjustments.some((a) => /prompt shortened from 4204 to \d+ characters for kling/.test(a)), mapped.adjustments.join('; '));
  assert.equal(mapped.body.prompt, promptForProvider(shot, 'kling').prompt);
  assert.ok(mapped.adjustments.some((a) => /4.5 s planned, 5 s requested/.test(a)));
  assert.equal('cfg_scale' in mapped.body, false);
  const long = mapShotToKling(testShot({ durationSec: 7 }, '16:9').shot, testShot({}, '16:9').style, { model: 'kling-v1-6', mode: 'pro' });
  assert.equal(long.body.duration, '10');
  assert.equal(long.body.aspect_ratio, '16:9');
  const noNegative = mapShotToKling(testShot({ negativePrompt: '  ' }).shot, style, { model: 'm', mode: 'std' });
  assert.equal('negative_prompt' in noNegative.body, false);
});

test('Wan 2.7: resolution + ratio, whole seconds 2–15, the Chinese template, no rewriting or watermark', () => {
  const { shot, style } = testShot({ durationSec: 4.5, promptZh: `${'月光如霜，'.repeat(200)}。` });
  const mapped = mapShotToWan(shot, style, { model: 'wan2.7-t2v' });
  const fitted = promptForProvider(shot, 'wan');
  assert.ok([...fitted.prompt].length <= 800);
  assert.ok(mapped.adjustments.some((a) => /prompt shortened from 1001 to \d+ characters for wan/.test(a)), mapped.adjustments.join('; '));
  assert.deepEqual(mapped.body, {
    model: 'wan2.7-t2v',
    input: { prompt: fitted.prompt, negative_prompt: 'text, watermark, photorealistic' },
    parameters: { resolution: '720P', ratio: '9:16', duration: 5, prompt_extend: false, watermark: false },
  });
  const longest = mapShotToWan(testShot({ durationSec: 40 }).shot, style, { model: 'wan2.7-t2v' });
  assert.equal((longest.body.parameters as { duration: number }).duration, 15);
  const full = { ...style, resolution: { width: 1080, height: 1920 } };
  assert.equal((mapShotToWan(shot, full, { model: 'wan2.7-t2v' }).body.parameters as { resolution: string }).resolution, '1080P');
});

test('older Wan models take pixel sizes and their fixed lengths', () => {
  assert.deepEqual(wanCapabilities('wan2.5-t2v-preview'), { durations: { allowed: [5, 10] }, sizing: 'size' });
  assert.deepEqual(wanCapabilities('wanx2.1-t2v-turbo'), { durations: { allowed: [5] }, sizing: 'size' });
  const { shot, style } = testShot({ durationSec: 6 }, '16:9');
  const mapped = mapShotToWan(shot, style, { model: 'wan2.5-t2v-preview' });
  assert.deepEqual(mapped.body.parameters, { size: '1280*720', duration: 10, prompt_extend: false, watermark: false });
  const negative = mapShotToWan(testShot({ negativePrompt: 'n'.repeat(800) }).shot, style, { model: 'wan2.7-t2v' });
  assert.equal([...((negative.body.input as { negative_prompt: string }).negative_prompt)].length, 500);
});

test('/v1/videos: seconds "4"|"8"|"12" as strings, 720p sizes, what to avoid folded into the prompt', () => {
  const { shot, style } = testShot({ durationSec: 4.5 });
  const mapped = mapShotToOpenAiVideo(shot, style, { model: 'sora-2' });
  assert.deepEqual(mapped.body, { model: 'sora-2', prompt: `${shot.prompt} Avoid: text, watermark, photorealistic.`, seconds: '8', size: '720x1280' });
  assert.ok(mapped.adjustments.includes('no negative prompt field on /v1/videos: what to avoid is appended to the prompt'));
  const wide = testShot({ durationSec: 3 }, '16:9');
  assert.deepEqual(mapShotToOpenAiVideo(wide.shot, wide.style, { model: 'sora-2' }).body.size, '1280x720');
  assert.equal(mapShotToOpenAiVideo(wide.shot, wide.style, { model: 'sora-2' }).body.seconds, '4');
  const big = { ...style, resolution: { width: 1080, height: 1920 } };
  assert.equal(mapShotToOpenAiVideo(shot, big, { model: 'sora-2-pro' }).body.size, '1024x1792');
  assert.equal(mapShotToOpenAiVideo(shot, big, { model: 'sora-2' }).body.size, '720x1280');
});
