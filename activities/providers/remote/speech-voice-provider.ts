// The `openai` voice in the shape of the film's VoiceProvider (activities/providers/
// voice-provider.ts: `name`, `fingerprint`, `synthesize(request, outBase, {signal})` → the file
// written): the speech client's retries, Retry-After, error mapping and concurrency limit, with
// OPENAI_TTS_MODEL / OPENAI_TTS_VOICE from the settings. The narration stage caches by the
// fingerprint; cost and budget are kept by openai-speech.ts when a production is known.
import { writeFile } from 'node:fs/promises';
import type { Fetch } from './http-client.js';
import type { RemoteProviderSettings } from './provider-settings.js';
import { createSpeechClient, RECITATION_INSTRUCTIONS, speechBody } from './speech-client.js';

export interface SpeechVoiceOptions {
  /** Playback speed the service applies; recitation is slow. */
  speed?: number;
  fetch?: Fetch;
}

export function createSpeechVoiceProvider(settings: RemoteProviderSettings, options: SpeechVoiceOptions = {}) {
  const client = createSpeechClient(settings, options.fetch);
  const speed = options.speed ?? 0.85;
  const { baseUrl, ttsModel: model, ttsVoice: voice } = settings.openai;
  return {
    name: 'openai',
    fingerprint: { api: 'audio/speech', baseUrl, model, voice, speed, instructions: /^tts-1/.test(model) ? null : RECITATION_INSTRUCTIONS },
    async synthesize(request: { text: string }, outBase: string, { signal }: { signal?: AbortSignal } = {}): Promise<string> {
      const audio = await client.speak(speechBody(settings.openai, request.text, { speed, format: 'wav' }), { signal });
      const out = `${outBase}.wav`;
      await writeFile(out, audio);
      return out;
    },
  };
}
