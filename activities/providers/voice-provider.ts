// A voice provider turns one line of narration into audio. Implementations: `local` (espeak-ng,
// offline) and `openai` (the speech API at OPENAI_BASE_URL, through the remote providers' speech
// client: retries, Retry-After, error mapping). Chosen by configuration.
import type { LineReading } from '../narration/pinyin.js';
import { createLocalVoiceProvider, type LocalVoiceOptions } from './local-voice-provider.js';

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
  env?: NodeJS.ProcessEnv;
}

export async function createVoiceProvider(name: string, config: VoiceProviderConfig = {}): Promise<VoiceProvider> {
  if (name === 'local') return createLocalVoiceProvider(config.local);
  if (name === 'openai') {
    const [{ createSpeechVoiceProvider }, { loadRemoteProviderSettings }] = await Promise.all([
      import('./remote/speech-voice-provider.js'),
      import('./remote/provider-settings.js'),
    ]);
    return createSpeechVoiceProvider(loadRemoteProviderSettings(config.env ?? process.env));
  }
  throw new Error(`unknown voice provider "${name}" (known: ${VOICE_PROVIDERS.join(', ')})`);
}
