// Environment → typed settings of the remote providers (documented in platform/config.ts
// ENV_VARS and README's table). Loading never fails for missing keys — a worker without Kling
// keys still serves everything else — but choosing a provider does, naming what is missing.
import { ConfigError, type Environment } from '../../../platform/config.js';
import { DEFAULT_SPEECH_PRICES, DEFAULT_VIDEO_PRICES, parsePriceTable, PriceError, type PriceTable } from './prices.js';
import type { RetryPolicy } from './retry-policy.js';

export const REMOTE_PROVIDERS = ['kling', 'wan', 'openai-videos', 'openai-speech'] as const;
export type RemoteProviderName = (typeof REMOTE_PROVIDERS)[number];

/** Defaults, as README documents them (a test keeps ENV_VARS and these in step). */
export const REMOTE_PROVIDER_DEFAULTS = {
  KLING_BASE_URL: 'https://api-singapore.klingai.com',
  KLING_MODEL: 'kling-v1-6',
  KLING_MODE: 'std',
  WAN_BASE_URL: 'https://dashscope-intl.aliyuncs.com',
  WAN_MODEL: 'wan2.7-t2v',
  OPENAI_BASE_URL: 'https://api.openai.com/v1',
  OPENAI_VIDEO_MODEL: 'sora-2',
  OPENAI_TTS_MODEL: 'gpt-4o-mini-tts',
  OPENAI_TTS_VOICE: 'alloy',
  SHIYING_PRODUCTION_BUDGET_USD: '20',
  KLING_CONCURRENCY: '2',
  WAN_CONCURRENCY: '2',
  OPENAI_VIDEO_CONCURRENCY: '2',
  OPENAI_TTS_CONCURRENCY: '4',
  SHIYING_PROVIDER_POLL_SECONDS: '15',
  SHIYING_PROVIDER_REQUEST_TIMEOUT_SECONDS: '60',
  SHIYING_PROVIDER_JOB_TIMEOUT_MINUTES: '30',
  SHIYING_PROVIDER_RETRY_SECONDS: '2',
} as const;

export interface RemoteProviderSettings {
  kling: { baseUrl: string; accessKey?: string; secretKey?: string; model: string; mode: 'std' | 'pro' };
  wan: { baseUrl: string; apiKey?: string; model: string };
  openai: { baseUrl: string; apiKey?: string; videoModel: string; ttsModel: string; ttsVoice: string };
  videoPrices: PriceTable;
  speechPrices: PriceTable;
  /** Applies to productions that set no budget of their own; null = no limit. */
  productionBudgetUsd: number | null;
  /** Activity slots per worker process on each provider's task queue. */
  concurrency: Record<RemoteProviderName, number>;
  timing: {
    pollIntervalMs: number;
    requestTimeoutMs: number;
    downloadTimeoutMs: number;
    jobTimeoutMs: number;
    retry: RetryPolicy;
  };
}

type Defaulted = keyof typeof REMOTE_PROVIDER_DEFAULTS;

function text(env: Environment, name: Defaulted): string {
  const raw = env[name]?.trim();
  return raw ? raw : REMOTE_PROVIDER_DEFAULTS[name];
}

function optional(env: Environment, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

function positiveNumber(env: Environment, name: Defaulted, unit: string): number {
  const raw = text(env, name);
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(`${name} must be a positive number of ${unit}, got "${raw}"`);
  return value;
}

function slots(env: Environment, name: Defaulted): number {
  const raw = text(env, name);
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 100) throw new ConfigError(`${name} must be a whole number from 1 to 100, got "${raw}"`);
  return value;
}

function baseUrl(env: Environment, name: Defaulted): string {
  const raw = text(env, name);
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

function prices(env: Environment, name: string, defaults: string): PriceTable {
  try {
    return parsePriceTable(`${defaults},${env[name] ?? ''}`, name);
  } catch (error) {
    if (error instanceof PriceError) throw new ConfigError(error.message);
    throw error;
  }
}

export function loadRemoteProviderSettings(env: Environment = process.env): RemoteProviderSettings {
  const mode = text(env, 'KLING_MODE');
  if (mode !== 'std' && mode !== 'pro') throw new ConfigError(`KLING_MODE must be std or pro, got "${mode}"`);
  const budgetRaw = text(env, 'SHIYING_PRODUCTION_BUDGET_USD');
  let productionBudgetUsd: number | null;
  if (budgetRaw === 'none') productionBudgetUsd = null;
  else {
    productionBudgetUsd = Number(budgetRaw);
    if (!Number.isFinite(productionBudgetUsd) || productionBudgetUsd < 0) {
      throw new ConfigError(`SHIYING_PRODUCTION_BUDGET_USD must be an amount in USD or "none", got "${budgetRaw}"`);
    }
  }
  const retrySeconds = positiveNumber(env, 'SHIYING_PROVIDER_RETRY_SECONDS', 'seconds');
  const requestTimeoutMs = Math.round(positiveNumber(env, 'SHIYING_PROVIDER_REQUEST_TIMEOUT_SECONDS', 'seconds') * 1000);
  return {
    kling: {
      baseUrl: baseUrl(env, 'KLING_BASE_URL'),
      accessKey: optional(env, 'KLING_ACCESS_KEY'),
      secretKey: optional(env, 'KLING_SECRET_KEY'),
      model: text(env, 'KLING_MODEL'),
      mode,
    },
    wan: { baseUrl: baseUrl(env, 'WAN_BASE_URL'), apiKey: optional(env, 'DASHSCOPE_API_KEY'), model: text(env, 'WAN_MODEL') },
    openai: {
      baseUrl: baseUrl(env, 'OPENAI_BASE_URL'),
      apiKey: optional(env, 'OPENAI_API_KEY'),
      videoModel: text(env, 'OPENAI_VIDEO_MODEL'),
      ttsModel: text(env, 'OPENAI_TTS_MODEL'),
      ttsVoice: text(env, 'OPENAI_TTS_VOICE'),
    },
    videoPrices: prices(env, 'SHIYING_VIDEO_PRICES', DEFAULT_VIDEO_PRICES),
    speechPrices: prices(env, 'SHIYING_SPEECH_PRICES', DEFAULT_SPEECH_PRICES),
    productionBudgetUsd,
    concurrency: {
      kling: slots(env, 'KLING_CONCURRENCY'),
      wan: slots(env, 'WAN_CONCURRENCY'),
      'openai-videos': slots(env, 'OPENAI_VIDEO_CONCURRENCY'),
      'openai-speech': slots(env, 'OPENAI_TTS_CONCURRENCY'),
    },
    timing: {
      pollIntervalMs: Math.round(positiveNumber(env, 'SHIYING_PROVIDER_POLL_SECONDS', 'seconds') * 1000),
      requestTimeoutMs,
      downloadTimeoutMs: requestTimeoutMs * 10,
      jobTimeoutMs: Math.round(positiveNumber(env, 'SHIYING_PROVIDER_JOB_TIMEOUT_MINUTES', 'minutes') * 60_000),
      retry: {
        maxAttempts: 6,
        baseDelayMs: Math.round(retrySeconds * 1000),
        // Waits inside an activity stay under a minute, well within a remote shot's heartbeat
        // timeout (2 minutes); a longer Retry-After goes back to Temporal as the next retry delay.
        maxDelayMs: Math.min(60_000, Math.round(retrySeconds * 30_000)),
        maxRetryAfterMs: 60_000,
      },
    },
  };
}

/** The variables a provider cannot work without, with their current values. */
function requiredKeys(settings: RemoteProviderSettings, provider: RemoteProviderName): [string, string | undefined][] {
  switch (provider) {
    case 'kling':
      return [['KLING_ACCESS_KEY', settings.kling.accessKey], ['KLING_SECRET_KEY', settings.kling.secretKey]];
    case 'wan':
      return [['DASHSCOPE_API_KEY', settings.wan.apiKey]];
    case 'openai-videos':
    case 'openai-speech':
      return [['OPENAI_API_KEY', settings.openai.apiKey]];
  }
}

/** The model a provider uses, and the price variant for a request (Kling's mode). */
export function providerModel(settings: RemoteProviderSettings, provider: RemoteProviderName): string {
  switch (provider) {
    case 'kling':
      return settings.kling.model;
    case 'wan':
      return settings.wan.model;
    case 'openai-videos':
      return settings.openai.videoModel;
    case 'openai-speech':
      return settings.openai.ttsModel;
  }
}

/**
 * Throws a ConfigError naming every missing variable when `provider` cannot be used: its keys,
 * and a price for its model (without one no budget can be kept).
 */
export function assertProviderConfigured(settings: RemoteProviderSettings, provider: RemoteProviderName): void {
  const missing = requiredKeys(settings, provider).filter(([, value]) => !value).map(([name]) => name);
  if (missing.length > 0) {
    throw new ConfigError(`provider "${provider}" needs ${missing.join(' and ')}: set ${missing.length > 1 ? 'them' : 'it'} in the environment`);
  }
  const model = providerModel(settings, provider);
  const speech = provider === 'openai-speech';
  const table = speech ? settings.speechPrices : settings.videoPrices;
  const hasPrice = [...table.keys()].some((key) => key === `${provider}/${model}` || key.startsWith(`${provider}/${model}/`));
  if (!hasPrice) {
    const variable = speech ? 'SHIYING_SPEECH_PRICES' : 'SHIYING_VIDEO_PRICES';
    const unit = speech ? 'USD per million characters' : 'USD per second';
    throw new ConfigError(`no price for ${provider}/${model}: add it to ${variable} (${unit}), e.g. ${provider}/${model}=0.10`);
  }
}
