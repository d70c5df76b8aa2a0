// The OpenAI-compatible speech API (POST {OPENAI_BASE_URL}/audio/speech), one concern: turning
// a request body into audio bytes — retrying 429s, 5xx and timeouts with Retry-After honoured,
// mapping errors to ProviderErrors, and at most OPENAI_TTS_CONCURRENCY requests at once per
// process and base URL.
import { exchange, joinUrl, transportError, type Fetch } from './http-client.js';
import { createConcurrencyLimit } from './concurrency-limit.js';
import { openAiError } from './openai-errors.js';
import { assertProviderConfigured, type RemoteProviderSettings } from './provider-settings.js';
import { ProviderError } from './provider-error.js';
import { withRetries } from './retry-policy.js';

export const SPEECH_PROVIDER = 'openai-speech';
export const SPEECH_INPUT_LIMIT = 4096;
export type SpeechFormat = 'mp3' | 'opus' | 'aac' | 'flac' | 'wav' | 'pcm';

/** How classical verse should sound, for models that take instructions. */
export const RECITATION_INSTRUCTIONS =
  'Recite this classical Chinese poem in standard Mandarin, slowly and evenly, with a short pause at ｜ and a longer one at each comma and full stop.';

export interface SpeechOptions {
  /** 0.25–4; 1 by default. */
  speed?: number;
  /** Delivery instructions (not sent to tts-1 and tts-1-hd, which refuse them). */
  instructions?: string;
  format?: SpeechFormat;
}

/** The request body: `instructions` only where the model accepts them; refuses what the API would. */
export function speechBody(settings: RemoteProviderSettings['openai'], text: string, options: SpeechOptions = {}): Record<string, unknown> {
  const characters = [...text].length;
  if (characters === 0 || characters > SPEECH_INPUT_LIMIT) {
    throw new ProviderError('invalid-request', `narration of ${characters} characters cannot be spoken: the speech API takes 1–${SPEECH_INPUT_LIMIT}`, {
      provider: SPEECH_PROVIDER,
      operation: 'speech',
    });
  }
  if (options.speed !== undefined && (options.speed < 0.25 || options.speed > 4)) {
    throw new ProviderError('invalid-request', `speech speed ${options.speed} is outside 0.25–4`, { provider: SPEECH_PROVIDER, operation: 'speech' });
  }
  const body: Record<string, unknown> = { model: settings.ttsModel, input: text, voice: settings.ttsVoice, response_format: options.format ?? 'wav' };
  if (options.speed !== undefined && options.speed !== 1) body.speed = options.speed;
  const instructions = options.instructions ?? RECITATION_INSTRUCTIONS;
  if (!/^tts-1/.test(settings.ttsModel) && instructions) body.instructions = instructions;
  return body;
}

const limits = new Map<string, ReturnType<typeof createConcurrencyLimit>>();

export interface SpeechHooks {
  signal?: AbortSignal;
  heartbeat?: (details: { phase: string }) => void;
}

export function createSpeechClient(settings: RemoteProviderSettings, fetchImpl: Fetch = fetch) {
  const { openai, timing } = settings;
  let limited = limits.get(openai.baseUrl);
  if (!limited) {
    limited = createConcurrencyLimit(settings.concurrency['openai-speech']);
    limits.set(openai.baseUrl, limited);
  }
  const limit = limited;

  /** Fails with `not-configured`, naming the variable, when the key or a price is missing. */
  function assertConfigured(): void {
    try {
      assertProviderConfigured(settings, SPEECH_PROVIDER);
    } catch (error) {
      throw new ProviderError('not-configured', (error as Error).message, { provider: SPEECH_PROVIDER, operation: 'configure' });
    }
  }

  async function requestOnce(body: Record<string, unknown>, hooks: SpeechHooks): Promise<Buffer> {
    const where = { provider: SPEECH_PROVIDER, operation: 'speech', signal: hooks.signal, timeoutMs: timing.requestTimeoutMs };
    const response = await exchange(fetchImpl, joinUrl(openai.baseUrl, '/audio/speech'), {
      ...where,
      headers: { authorization: `Bearer ${openai.apiKey}`, accept: '*/*' },
      json: body,
    });
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      throw openAiError({ status: response.status, headers: response.headers, body: parsed, text }, { provider: SPEECH_PROVIDER, displayName: `speech at ${new URL(openai.baseUrl).host}`, operation: 'speech' });
    }
    try {
      return Buffer.from(await response.arrayBuffer());
    } catch (error) {
      throw transportError(error, where);
    }
  }

  /** The audio for `body`. */
  function speak(body: Record<string, unknown>, hooks: SpeechHooks = {}): Promise<Buffer> {
    assertConfigured();
    return withRetries(timing.retry, () => limit(() => requestOnce(body, hooks)), {
      signal: hooks.signal,
      onRetry: (error) => hooks.heartbeat?.({ phase: `speech retry: ${error.kind}` }),
    });
  }

  return { speak, assertConfigured };
}
