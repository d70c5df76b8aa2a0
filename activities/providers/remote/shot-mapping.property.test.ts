// Property tests on mapping a shot to each provider's request: for any planned length, prompt
// (English or Chinese, rare characters, emoji, far too long), aspect, size and model name, the
// duration is one the API allows (the shortest that covers the plan, else the longest), the body
// holds no undefined or NaN, the prompt fits the API's limit as well-formed text, and every change
// made to fit is said in words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PROMPT_LIMITS } from '../../../prompts/provider-prompts.js';
import { testShot } from '../../../tests/support/test-shots.js';
import { KLING_DURATIONS, mapShotToKling, mapShotToOpenAiVideo, mapShotToWan, OPENAI_VIDEO_SECONDS, pickDuration, pickWholeSeconds, wanCapabilities } from './shot-mapping.js';
import type { MappedShot } from './remote-video-provider.js';

const SEED = 20_250_908;
const RUNS = 200;
/** Shrinking long prompts is slow: a failure is reported as found after this long. */
const BOUNDED = { interruptAfterTimeLimit: 15_000, markInterruptAsFailure: true };

const planned = fc.double({ min: 0.1, max: 60, noNaN: true });
const rare = fc.integer({ min: 0x20000, max: 0x2a6df }).map((code) => String.fromCodePoint(code));
const textUnit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'Mist over the river, a lone boat. '.split('')) },
  { weight: 3, arbitrary: fc.constantFrom(...'水墨画，江上孤舟，月色。'.split('')) },
  { weight: 1, arbitrary: rare },
  { weight: 1, arbitrary: fc.constantFrom('😀', '🌙', '“', '”') },
);
/** Prompts around and far past every provider's limit. */
const promptText = fc.oneof(fc.string({ unit: textUnit, minLength: 1, maxLength: 300 }), fc.string({ unit: textUnit, minLength: 700, maxLength: 3000 }));
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const shotArbitrary = fc
  .record({ durationSec: planned, prompt: promptText, promptZh: promptText, negativePrompt: fc.oneof(fc.constant(''), promptText), aspect: fc.constantFrom<'9:16' | '16:9'>('9:16', '16:9') })
  .map(({ aspect, ...overrides }) => testShot(overrides, aspect));

/** Values anywhere in a request body that no API should receive. */
function holes(value: unknown, where = 'body'): string[] {
  if (value === undefined) return [`${where} is undefined`];
  if (typeof value === 'number' && !Number.isFinite(value)) return [`${where} is ${value}`];
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? [`${where} holds a lone surrogate`] : /undefined|NaN/.test(value) ? [`${where}: ${value.slice(0, 80)}`] : [];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => holes(inner, `${where}.${key}`));
  return [];
}

function checkMapped(mapped: MappedShot, allowed: (seconds: number) => boolean, durationSec: number, promptLimit: number, prompt: unknown): void {
  assert.deepEqual(holes(mapped.body), []);
  assert.ok(allowed(mapped.seconds), `${mapped.seconds} s`);
  assert.equal(mapped.adjustments.some((a) => /s planned, .* s requested/.test(a)), Math.abs(mapped.seconds - durationSec) > 1e-9, mapped.adjustments.join('; '));
  for (const adjustment of mapped.adjustments) assert.ok(adjustment.length > 0 && !/undefined|NaN/.test(adjustment), adjustment);
  assert.equal(typeof prompt, 'string');
  assert.ok((prompt as string).length > 0 && (prompt as string).length <= promptLimit, `a prompt of ${(prompt as string).length} for a limit of ${promptLimit}`);
}

describe('shot mapping properties', () => {
  it('pickDuration: the shortest allowed length covering the plan, else the longest; none allowed is an Error', () => {
    fc.assert(
      fc.property(planned, fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 6 }), (seconds, allowed) => {
        const picked = pickDuration(seconds, allowed);
        assert.ok(allowed.includes(picked));
        const covering = allowed.filter((a) => a >= seconds - 1e-9);
        assert.equal(picked, covering.length > 0 ? Math.min(...covering) : Math.max(...allowed));
      }),
      { numRuns: RUNS, seed: SEED },
    );
    assert.throws(() => pickDuration(5, []), /no allowed durations/);
  });

  it('pickWholeSeconds: a whole number of seconds in the range, covering the plan when the range can', () => {
    fc.assert(
      fc.property(planned, fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 20 }), (seconds, min, extra) => {
        const max = min + extra;
        const picked = pickWholeSeconds(seconds, min, max);
        assert.ok(Number.isInteger(picked) && picked >= min && picked <= max, `${picked} for ${seconds} in [${min}, ${max}]`);
        if (seconds <= max) assert.ok(picked >= seconds - 1e-9);
      }),
      { numRuns: RUNS, seed: SEED + 1 },
    );
  });

  it('Kling: 5 or 10 seconds, a prompt and negative prompt within 2500 characters, well formed', () => {
    fc.assert(
      fc.property(shotArbitrary, fc.constantFrom<'std' | 'pro'>('std', 'pro'), ({ shot, style }, mode) => {
        const mapped = mapShotToKling(shot, style, { model: 'kling-v1-6', mode });
        checkMapped(mapped, (s) => (KLING_DURATIONS as readonly number[]).includes(s), shot.durationSec, PROMPT_LIMITS.kling.prompt, mapped.body.prompt);
        assert.equal(mapped.body.duration, String(mapped.seconds));
        if (mapped.body.negative_prompt !== undefined) assert.ok((mapped.body.negative_prompt as string).length <= PROMPT_LIMITS.kling.negativePrompt!);
      }),
      { numRuns: RUNS, seed: SEED + 2, ...BOUNDED },
    );
  });

  it('Wan, any model name: a length the model takes, the Chinese prompt within 800 characters, well formed', () => {
    const model = fc.oneof(fc.constantFrom('wan2.7-t2v', 'wan2.6-t2v', 'wan2.5-t2v-preview', 'wanx2.1-t2v-turbo', 'wan3.0'), fc.string({ maxLength: 20 }));
    fc.assert(
      fc.property(shotArbitrary, model, ({ shot, style }, name) => {
        const mapped = mapShotToWan(shot, style, { model: name });
        const { durations } = wanCapabilities(name);
        const allowed = (s: number) => ('allowed' in durations ? durations.allowed.includes(s) : Number.isInteger(s) && s >= durations.min && s <= durations.max);
        const input = mapped.body.input as { prompt: unknown; negative_prompt?: string };
        checkMapped(mapped, allowed, shot.durationSec, PROMPT_LIMITS.wan.prompt, input.prompt);
        if (input.negative_prompt !== undefined) assert.ok(input.negative_prompt.length <= PROMPT_LIMITS.wan.negativePrompt!);
        assert.equal((mapped.body.parameters as { duration: number }).duration, mapped.seconds);
      }),
      { numRuns: RUNS, seed: SEED + 3, ...BOUNDED },
    );
  });

  it('a character outside the Basic Multilingual Plane where a prompt is cut is dropped whole, never halved', () => {
    const near = (limit: number) => fc.integer({ min: limit - 4, max: limit + 1 });
    const wide = fc.constantFrom('😀', String.fromCodePoint(0x20000), String.fromCodePoint(0x2a6d6));
    fc.assert(
      fc.property(near(PROMPT_LIMITS.kling.prompt), near(PROMPT_LIMITS.wan.prompt), near(PROMPT_LIMITS.wan.negativePrompt!), wide, fc.constantFrom('M', '水', '. ', '。'), (kling, wan, negative, char, filler) => {
        const at = (offset: number) => filler.repeat(Math.ceil(offset / filler.length)).slice(0, offset) + char + filler.repeat(40);
        const { shot, style } = testShot({ prompt: at(kling), promptZh: at(wan), negativePrompt: at(negative) });
        assert.deepEqual(holes(mapShotToKling(shot, style, { model: 'kling-v1-6', mode: 'std' }).body), []);
        assert.deepEqual(holes(mapShotToWan(shot, style, { model: 'wan2.7-t2v' }).body), []);
        assert.deepEqual(holes(mapShotToOpenAiVideo(shot, style, { model: 'sora-2' }).body), []);
      }),
      { numRuns: RUNS, seed: SEED + 5, ...BOUNDED },
    );
  });

  it('OpenAI-shaped /v1/videos: 4, 8 or 12 seconds as text, a size the API serves, what to avoid inside the prompt', () => {
    const model = fc.constantFrom('sora-2', 'sora-2-pro', 'veo-3');
    fc.assert(
      fc.property(shotArbitrary, model, ({ shot, style }, name) => {
        const mapped = mapShotToOpenAiVideo(shot, style, { model: name });
        checkMapped(mapped, (s) => (OPENAI_VIDEO_SECONDS as readonly number[]).includes(s), shot.durationSec, PROMPT_LIMITS['openai-videos'].prompt, mapped.body.prompt);
        assert.equal(mapped.body.seconds, String(mapped.seconds));
        assert.ok(['720x1280', '1280x720', '1024x1792', '1792x1024'].includes(mapped.body.size as string));
        assert.equal(mapped.body.negative_prompt, undefined);
      }),
      { numRuns: RUNS, seed: SEED + 4, ...BOUNDED },
    );
  });
});
