// The speech API voice (POST {baseUrl}/audio/speech), for OpenAI or any gateway speaking its
// shape. A thin adapter for now: it sends the characters and lets the service read them (retries
// and hardening come with the remote-providers work).
import { writeFile } from 'node:fs/promises';
import type { VoiceProvider, VoiceRequest } from './voice-provider.js';
import { VoiceError } from './local-voice-provider.js';

export interface OpenAiVoiceOptions {
  baseUrl: string;
  apiKey: string | undefined;
  model: string;
  voice: string;
  /** Playback speed the service applies (recitation is slow). */
  speed?: number;
}

export function createOpenAiVoiceProvider(options: OpenAiVoiceOptions): VoiceProvider {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const speed = options.speed ?? 0.85;
  return {
    name: 'openai',
    fingerprint: { api: 'audio/speech', baseUrl, model: options.model, voice: options.voice, speed },
    async synthesize(request: VoiceRequest, outBase: string, { signal } = {}) {
      if (!options.apiKey) throw new VoiceError('voice provider "openai" needs OPENAI_API_KEY');
      const url = `${baseUrl}/audio/speech`;
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` },
          body: JSON.stringify({
            model: options.model,
            voice: options.voice,
            input: request.text,
            response_format: 'wav',
            speed,
            instructions: 'Recite this line of classical Chinese poetry slowly and clearly in Mandarin.',
          }),
          signal: signal ?? null,
        });
      } catch (error) {
        if ((error as Error).name === 'AbortError') throw error;
        throw new VoiceError(`speech API unreachable at ${url}: ${(error as Error).message}`);
      }
      if (!response.ok) {
        const body = (await response.text().catch(() => '')).slice(0, 300);
        throw new VoiceError(`speech API ${url} answered ${response.status}: ${body}`);
      }
      const out = `${outBase}.wav`;
      await writeFile(out, Buffer.from(await response.arrayBuffer()));
      return out;
    },
  };
}
