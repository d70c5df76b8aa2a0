import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, ENV_VARS } from '../../../platform/config.js';
import { assertProviderConfigured, loadRemoteProviderSettings, REMOTE_PROVIDER_DEFAULTS } from './provider-settings.js';

test('every remote provider variable is documented in ENV_VARS with the default the loader uses', () => {
  const documented = new Map(ENV_VARS.map((v) => [v.name, v.default]));
  for (const [name, value] of Object.entries(REMOTE_PROVIDER_DEFAULTS)) {
    assert.equal(documented.get(name), value, `${name} in ENV_VARS`);
  }
  for (const name of ['KLING_ACCESS_KEY', 'KLING_SECRET_KEY', 'DASHSCOPE_API_KEY', 'OPENAI_API_KEY', 'SHIYING_VIDEO_PRICES', 'SHIYING_SPEECH_PRICES']) {
    assert.ok(documented.has(name), `${name} in ENV_VARS`);
  }
});

test('defaults load without any keys; a provider chosen without its keys fails naming the variables', () => {
  const settings = loadRemoteProviderSettings({});
  assert.equal(settings.kling.baseUrl, 'https://api-singapore.klingai.com');
  assert.equal(settings.timing.pollIntervalMs, 15_000);
  assert.equal(settings.productionBudgetUsd, 20);
  assert.throws(() => assertProviderConfigured(settings, 'kling'), (e: Error) => e instanceof ConfigError && /KLING_ACCESS_KEY and KLING_SECRET_KEY/.test(e.message));
  assert.throws(() => assertProviderConfigured(settings, 'wan'), /DASHSCOPE_API_KEY/);
  assert.throws(() => assertProviderConfigured(settings, 'openai-videos'), /OPENAI_API_KEY/);
  assert.throws(() => assertProviderConfigured(loadRemoteProviderSettings({ KLING_ACCESS_KEY: 'a' }), 'kling'), (e: Error) => /needs KLING_SECRET_KEY:/.test(e.message));
  assert.doesNotThrow(() => assertProviderConfigured(loadRemoteProviderSettings({ KLING_ACCESS_KEY: 'a', KLING_SECRET_KEY: 'b' }), 'kling'));
});

test('a model without a price cannot be used: the budget could not be kept', () => {
  const env = { OPENAI_API_KEY: 'k', OPENAI_VIDEO_MODEL: 'veo-via-gateway' };
  assert.throws(() => assertProviderConfigured(loadRemoteProviderSettings(env), 'openai-videos'), /no price for openai-videos\/veo-via-gateway: add it to SHIYING_VIDEO_PRICES/);
  assert.doesNotThrow(() => assertProviderConfigured(loadRemoteProviderSettings({ ...env, SHIYING_VIDEO_PRICES: 'openai-videos/veo-via-gateway=0.4' }), 'openai-videos'));
  assert.throws(() => assertProviderConfigured(loadRemoteProviderSettings({ OPENAI_API_KEY: 'k', OPENAI_TTS_MODEL: 'x-tts' }), 'openai-speech'), /SHIYING_SPEECH_PRICES/);
});

test('bad values are refused with the variable named', () => {
  assert.throws(() => loadRemoteProviderSettings({ KLING_MODE: 'turbo' }), /KLING_MODE must be std or pro/);
  assert.throws(() => loadRemoteProviderSettings({ WAN_BASE_URL: 'dashscope' }), /WAN_BASE_URL must be an http\(s\) URL/);
  assert.throws(() => loadRemoteProviderSettings({ KLING_CONCURRENCY: '0' }), /KLING_CONCURRENCY must be a whole number/);
  assert.throws(() => loadRemoteProviderSettings({ SHIYING_PROVIDER_POLL_SECONDS: '-1' }), /SHIYING_PROVIDER_POLL_SECONDS/);
  assert.throws(() => loadRemoteProviderSettings({ SHIYING_VIDEO_PRICES: 'nonsense' }), (e: Error) => e instanceof ConfigError && /SHIYING_VIDEO_PRICES/.test(e.message));
  assert.throws(() => loadRemoteProviderSettings({ SHIYING_PRODUCTION_BUDGET_USD: 'lots' }), /SHIYING_PRODUCTION_BUDGET_USD/);
});

test('fractional poll intervals (tests), a budget of none, trailing slashes', () => {
  const settings = loadRemoteProviderSettings({ SHIYING_PROVIDER_POLL_SECONDS: '0.05', SHIYING_PRODUCTION_BUDGET_USD: 'none', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1/' });
  assert.equal(settings.timing.pollIntervalMs, 50);
  assert.equal(settings.productionBudgetUsd, null);
  assert.equal(settings.openai.baseUrl, 'http://127.0.0.1:9/v1');
});
