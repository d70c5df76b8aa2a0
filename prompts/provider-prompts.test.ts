import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interpretPoem } from './interpret.js';
import { PROMPT_LIMITS, promptForProvider, type VideoProviderName } from './provider-prompts.js';

// A 词 shot with many images makes long prompts.
const plan = interpretPoem({
  id: null,
  title: '天净沙·秋思',
  author: '马致远',
  dynasty: '元',
  form: '天净沙',
  lines: ['枯藤老树昏鸦，小桥流水人家，古道西风瘦马。', '夕阳西下，断肠人在天涯。'],
});

describe('provider prompts', () => {
  it('keeps the stored prompts within Kling’s limit (English) and Wan’s (Chinese)', () => {
    for (const shot of plan.shots) {
      assert.ok(shot.prompt.length <= PROMPT_LIMITS.kling.prompt);
      assert.ok(shot.promptZh.length <= PROMPT_LIMITS.wan.prompt);
      assert.ok(shot.negativePrompt.length <= PROMPT_LIMITS.wan.negativePrompt!, `${shot.negativePrompt.length}`);
    }
  });

  it('puts style and images first, so a short limit keeps them', () => {
    const shot = plan.shots[0];
    assert.ok(shot);
    assert.match(shot.prompt, /^Chinese ink-wash painting/);
    assert.match(shot.prompt, /withered vines/i);
    assert.match(shot.promptZh, /枯藤/);
  });

  for (const provider of Object.keys(PROMPT_LIMITS) as VideoProviderName[]) {
    it(`fits ${provider}’s limits`, () => {
      for (const shot of plan.shots) {
        const long = { ...shot, prompt: `${shot.prompt} ${'More detail. '.repeat(400)}`, promptZh: `${shot.promptZh}${'细节。'.repeat(400)}`, negativePrompt: `${shot.negativePrompt}, ${'blur, '.repeat(600)}` };
        const fitted = promptForProvider(long, provider);
        const limits = PROMPT_LIMITS[provider];
        assert.ok(fitted.prompt.length <= limits.prompt, `${provider} prompt ${fitted.prompt.length}`);
        if (limits.negativePrompt === null) assert.equal(fitted.negativePrompt, undefined);
        else assert.ok((fitted.negativePrompt ?? '').length <= limits.negativePrompt, `${provider} negative ${fitted.negativePrompt?.length}`);
      }
    });
  }

  it('gives Wan the Chinese prompt and folds the negative prompt into the OpenAI-shaped prompt', () => {
    const shot = plan.shots[0];
    assert.ok(shot);
    assert.equal(promptForProvider(shot, 'wan').prompt, shot.promptZh);
    assert.match(promptForProvider(shot, 'openai-videos').prompt, /Avoid: text, calligraphy characters/);
    assert.equal(promptForProvider(shot, 'kling').prompt, shot.prompt);
  });
});
