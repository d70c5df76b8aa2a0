// The `openai` voice provider: POST {OPENAI_BASE_URL}/audio/speech (OpenAI or any gateway with
// its shape). Synchronous: the answer is the audio. Idempotent through the media store (the key
// is the hash of the request body), priced per character and charged to the production's budget
// like video, with the same error mapping and Retry-After-honouring retries.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Sql } from '../../../platform/db.js';
import { contentHash } from '../../media/content-hash.js';
import type { FfmpegRunner } from '../../media/ffmpeg-runner.js';
import type { MediaStore } from '../../media/media-store.js';
import type { Fetch } from './http-client.js';
import { lookupPrice, speechCost } from './prices.js';
import { isProviderError, ProviderError } from './provider-error.js';
import { isLive, latestAttempt, markEnded, markSpeechDone, paidAttempt, reserveAttempt } from './provider-jobs.js';
import type { RemoteProviderSettings } from './provider-settings.js';
import { createSpeechClient, SPEECH_PROVIDER, speechBody, type SpeechFormat, type SpeechOptions } from './speech-client.js';
import type { GenerationHooks } from './remote-video-generator.js';

const PROVIDER = SPEECH_PROVIDER;

export interface SpeechRequest extends SpeechOptions {
  text: string;
  productionId: string | null;
  shotIndex?: number | null;
  /** The production's whole budget in USD; null or absent: SHIYING_PRODUCTION_BUDGET_USD. */
  budgetUsd?: number | null;
}

export interface SpeechResult {
  /** Absolute path of the audio file in the media store. */
  audio: string;
  format: SpeechFormat;
  durationSec: number;
  model: string;
  voice: string;
  costUsd: number;
  cached: boolean;
  mediaKey: string;
}

interface SpeechEntry {
  file: string;
  format: SpeechFormat;
  durationSec: number;
  model: string;
  voice: string;
  characters: number;
}

export interface OpenAiSpeechDeps {
  sql: Sql;
  media: MediaStore;
  ffmpeg: Pick<FfmpegRunner, 'audioDuration'>;
  settings: RemoteProviderSettings;
  fetch?: Fetch;
}

export function createOpenAiSpeech(deps: OpenAiSpeechDeps) {
  const { openai } = deps.settings;
  const client = createSpeechClient(deps.settings, deps.fetch);

  async function costFor(key: string, productionId: string | null): Promise<number> {
    const paid = await paidAttempt(deps.sql, key);
    return paid && paid.productionId === productionId ? (paid.costUsd ?? 0) : 0;
  }

  async function synthesize(request: SpeechRequest, hooks: GenerationHooks = {}): Promise<SpeechResult> {
    client.assertConfigured();
    const body = speechBody(openai, request.text, request);
    const characters = [...request.text].length;
    const format = body.response_format as SpeechFormat;
    const key = contentHash({ provider: PROVIDER, body });
    const mediaKey = deps.media.key('narration', { remote: key });
    const result = (entry: { dir: string; value: SpeechEntry }, costUsd: number, cached: boolean): SpeechResult => ({
      audio: path.join(entry.dir, entry.value.file),
      format: entry.value.format,
      durationSec: entry.value.durationSec,
      model: entry.value.model,
      voice: entry.value.voice,
      costUsd,
      cached,
      mediaKey,
    });

    const existing = await deps.media.get<SpeechEntry>('narration', mediaKey);
    if (existing && (await deps.media.hasFile(path.join(existing.dir, existing.value.file)))) {
      return result(existing, await costFor(key, request.productionId), true);
    }

    const price = lookupPrice(deps.settings.speechPrices, PROVIDER, openai.ttsModel);
    if (price === undefined) {
      throw new ProviderError('not-configured', `no price for ${PROVIDER}/${openai.ttsModel}: add it to SHIYING_SPEECH_PRICES (USD per million characters)`, {
        provider: PROVIDER,
        operation: 'configure',
      });
    }
    const estimate = speechCost(price, characters);
    let job = await latestAttempt(deps.sql, key);
    if (!job || !isLive(job)) {
      job = await reserveAttempt(deps.sql, {
        key,
        provider: PROVIDER,
        model: openai.ttsModel,
        kind: 'speech',
        productionId: request.productionId,
        shotIndex: request.shotIndex ?? null,
        request: body,
        units: characters,
        unitPriceUsd: price / 1_000_000,
        estimatedCostUsd: estimate,
        budgetUsd: request.budgetUsd ?? deps.settings.productionBudgetUsd,
      });
    }
    const reserved = job;

    try {
      const entry = await deps.media.getOrProduce<SpeechEntry>('narration', mediaKey, async (tmpDir) => {
        hooks.heartbeat?.({ phase: 'speaking' });
        const audio = await client.speak(body, hooks);
        const file = `speech.${format}`;
        await writeFile(path.join(tmpDir, file), audio);
        let durationSec: number;
        try {
          durationSec = format === 'pcm' ? audio.length / (24_000 * 2) : await deps.ffmpeg.audioDuration(path.join(tmpDir, file));
        } catch (error) {
          throw new ProviderError('bad-response', `the speech API answered with audio we cannot read: ${(error as Error).message}`, { provider: PROVIDER, operation: 'speech' });
        }
        return { file, format, durationSec, model: openai.ttsModel, voice: openai.ttsVoice, characters };
      });
      await markSpeechDone(deps.sql, reserved, mediaKey, estimate);
      return result(entry, await costFor(key, request.productionId), false);
    } catch (error) {
      if (isProviderError(error) && !error.retryable) await markEnded(deps.sql, reserved, error);
      throw error;
    }
  }

  return { synthesize };
}

export type OpenAiSpeech = ReturnType<typeof createOpenAiSpeech>;
