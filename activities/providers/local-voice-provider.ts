// The offline Mandarin voice: espeak-ng's `cmn-latn-pinyin` voice reading tone-numbered pinyin
// (its plain `cmn` voice guesses readings from characters and gets many wrong), slowly, as
// recitation, pausing at the caesura.
import { spawn } from 'node:child_process';
import { espeakInput } from '../narration/pinyin.js';
import type { VoiceProvider, VoiceRequest } from './voice-provider.js';

export interface LocalVoiceOptions {
  espeakPath?: string;
  /** Words per minute; recitation is slow. */
  rate?: number;
  pitch?: number;
  /** Extra gap between syllables, in 10 ms units. */
  wordGap?: number;
}

export class VoiceError extends Error {
  override name = 'VoiceError';
}

export function createLocalVoiceProvider(options: LocalVoiceOptions = {}): VoiceProvider {
  const espeak = options.espeakPath ?? 'espeak-ng';
  const rate = options.rate ?? 118;
  const pitch = options.pitch ?? 38;
  const wordGap = options.wordGap ?? 3;
  return {
    name: 'local',
    fingerprint: { engine: 'espeak-ng', voice: 'cmn-latn-pinyin', rate, pitch, wordGap },
    synthesize(request: VoiceRequest, outBase: string, { signal } = {}) {
      const out = `${outBase}.wav`;
      const text = espeakInput(request.reading);
      return new Promise<string>((resolve, reject) => {
        const child = spawn(espeak, ['-v', 'cmn-latn-pinyin', '-s', String(rate), '-p', String(pitch), '-g', String(wordGap), '-w', out, text], {
          stdio: ['ignore', 'ignore', 'pipe'],
          signal,
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') reject(new VoiceError(`espeak-ng not found at "${espeak}" (install espeak-ng)`));
          else if (error.name === 'AbortError') reject(error);
          else reject(new VoiceError(`espeak-ng failed: ${error.message}`));
        });
        child.on('close', (code) => {
          if (code === 0 && !/error|unknown voice/i.test(stderr)) resolve(out);
          else if (code !== null) reject(new VoiceError(`espeak-ng failed reading "${request.text}" (exit ${code}): ${stderr.trim() || 'no output'}`));
        });
      });
    },
  };
}
