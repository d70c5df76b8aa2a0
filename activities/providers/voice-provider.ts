// A voice provider turns one line of narration into audio. Implementations: `local` (espeak-ng,
// offline) and `openai` (the speech API at a configurable base URL). Chosen by configuration.
import type { LineReading } from '../narration/pinyin.js';
import { createLocalVoiceProvider, type LocalVoiceOptions } from './local-voice-provider.js';
import { createOpenAiVoiceProvider, type OpenAiVoiceOptions } from './openai-voice-provider.js';

export interface VoiceRequest {
  /** The line in characters (what a remote speech API reads). */
  text: string;
  /** Tone-numbered pinyin and pauses (what the local voice reads). */
  reading: LineReading;
}

export interface VoiceProvider {
  readonly name: string;
  /** Everything that changes the audio (voice, rate, model …): part of every narration's cache key. */
  readonly fingerprint: Record<string, unknown>;
  /** Writes the line's audio to a file beginning with `outBase` and returns its path. */
  synthesize(request: VoiceRequest, outBase: string, options?: { signal?: AbortSignal }): Promise<string>;
}

export type VoiceProviderName = 'local' | 'openai';
export const VOICE_PROVIDERS: VoiceProviderName[] = ['local', 'openai'];

export interface VoiceProviderConfig {
  local?: LocalVoiceOptions;
  openai?: OpenAiVoiceOptions;
}

export function createVoiceProvider(name: string, config: VoiceProviderConfig = {}): VoiceProvider {
  if (name === 'local') return createLocalVoiceProvider(config.local);
  if (name === 'openai') return createOpenAiVoiceProvider(config.openai ?? openAiVoiceOptionsFromEnv());
  throw new Error(`unknown voice provider "${name}" (known: ${VOICE_PROVIDERS.join(', ')})`);
}

/** OPENAI_BASE_URL (default https://api.openai.com/v1), OPENAI_API_KEY, SHIYING_TTS_MODEL, SHIYING_TTS_VOICE. */
export function openAiVoiceOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenAiVoiceOptions {
  return {
    baseUrl: env.OPENAI_BASE_URL || 'https://api.openai.com/v1',
    apiKey: env.OPENAI_API_KEY,
    model: env.SHIYING_TTS_MODEL || 'gpt-4o-mini-tts',
    voice: env.SHIYING_TTS_VOICE || 'onyx',
  };
}
