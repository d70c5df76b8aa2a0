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
import { exchange, joinUrl, transportError, type Fetch } from './http-client.js';
import { openAiError } from './openai-errors.js';
import { lookupPrice, speechCost } from './prices.js';
import { isProviderError, ProviderError } from './provider-error.js';
import { isLive, latestAttempt, markFinishedBadly, markSpeechDone, paidAttempt, reserveAttempt } from './provider-jobs.js';
import { assertProviderConfigured, type RemoteProviderSettings } from './provider-settings.js';
import { withRetries } from './retry-policy.js';
import { createConcurrencyLimit } from './concurrency-limit.js';
import type { GenerationHooks } from './remote-video-generator.js';

const PROVIDER = 'openai-speech';

export const SPEECH_INPUT_LIMIT = 4096;
export type SpeechFormat = 'mp3' | 'opus' | 'aac' | 'flac' | 'wav' | 'pcm';

/** How classical verse should sound, for models that take instructions. */
export const RECITATION_INSTRUCTIONS =
  'Recite this classical Chinese poem in standard Mandarin, slowly and evenly, with a short pause at ｜ and a longer one at each comma and full stop.';

export interface SpeechRequest {
  text: string;
  productionId: string | null;
  shotIndex?: number | null;
  /** The production's whole budget in USD; null or absent: SHIYING_PRODUCTION_BUDGET_USD. */
  budgetUsd?: number | null;
  /** 0.25–4; 1 by default. */
  speed?: number;
  /** Delivery instructions (ignored for tts-1 and tts-1-hd, which do not take them). */
  instructions?: string;
  format?: SpeechFormat;
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

/** The request body for the speech API: `instructions` only where the model accepts them. */
export function speechBody(settings: RemoteProviderSettings['openai'], request: SpeechRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: settings.ttsModel,
    input: request.text,
    voice: settings.ttsVoice,
    response_format: request.format ?? 'wav',
  };
  if (request.speed !== undefined && request.speed !== 1) body.speed = request.speed;
  const instructions = request.instructions ?? RECITATION_INSTRUCTIONS;
  if (!/^tts-1/.test(settings.ttsModel) && instructions) body.instructions = instructions;
  return body;
}

export function createOpenAiSpeech(deps: OpenAiSpeechDeps) {
  const fetchImpl = deps.fetch ?? fetch;
  const { timing, openai } = deps.settings;
  const limited = createConcurrencyLimit(deps.settings.concurrency['openai-speech']);

  async function costFor(key: string, productionId: string | null): Promise<number> {
    const paid = await paidAttempt(deps.sql, key);
    return paid && paid.productionId === productionId ? (paid.costUsd ?? 0) : 0;
  }

  /** One speech request: the audio bytes, or a ProviderError in our words. */
  async function requestSpeech(body: Record<string, unknown>, hooks: GenerationHooks): Promise<Buffer> {
    const where = { provider: PROVIDER, operation: 'speech', signal: hooks.signal, timeoutMs: timing.requestTimeoutMs };
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
      throw openAiError({ status: response.status, headers: response.headers, body: parsed, text }, { provider: PROVIDER, displayName: `speech at ${new URL(openai.baseUrl).host}`, operation: 'speech' });
    }
    try {
      return Buffer.from(await response.arrayBuffer());
    } catch (error) {
      throw transportError(error, where);
    }
  }

  async function synthesize(request: SpeechRequest, hooks: GenerationHooks = {}): Promise<SpeechResult> {
    try {
      assertProviderConfigured(deps.settings, PROVIDER);
    } catch (error) {
      throw new ProviderError('not-configured', (error as Error).message, { provider: PROVIDER, operation: 'configure' });
    }
    const characters = [...request.text].length;
    if (characters === 0 || characters > SPEECH_INPUT_LIMIT) {
      throw new ProviderError('invalid-request', `narration of ${characters} characters cannot be spoken: the speech API takes 1–${SPEECH_INPUT_LIMIT}`, {
        provider: PROVIDER,
        operation: 'speech',
      });
    }
    if (request.speed !== undefined && (request.speed < 0.25 || request.speed > 4)) {
      throw new ProviderError('invalid-request', `speech speed ${request.speed} is outside 0.25–4`, { provider: PROVIDER, operation: 'speech' });
    }
    const body = speechBody(openai, request);
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
      const entry = await withRetries(
        timing.retry,
        () =>
          deps.media.getOrProduce<SpeechEntry>('narration', mediaKey, async (tmpDir) => {
            hooks.heartbeat?.({ phase: 'speaking' });
            const audio = await limited(() => requestSpeech(body, hooks));
            const file = `speech.${format}`;
            await writeFile(path.join(tmpDir, file), audio);
            let durationSec: number;
            try {
              durationSec = format === 'pcm' ? audio.length / (24_000 * 2) : await deps.ffmpeg.audioDuration(path.join(tmpDir, file));
            } catch (error) {
              throw new ProviderError('bad-response', `the speech API answered with audio we cannot read: ${(error as Error).message}`, { provider: PROVIDER, operation: 'speech' });
            }
            return { file, format, durationSec, model: openai.ttsModel, voice: openai.ttsVoice, characters };
          }),
        { signal: hooks.signal, onRetry: (error) => hooks.heartbeat?.({ phase: `speech retry: ${error.kind}` }) },
      );
      await markSpeechDone(deps.sql, reserved, mediaKey, estimate);
      return result(entry, await costFor(key, request.productionId), false);
    } catch (error) {
      if (isProviderError(error) && !error.retryable) await markFinishedBadly(deps.sql, reserved, 'failed', error);
      throw error;
    }
  }

  return { synthesize };
}

export type OpenAiSpeech = ReturnType<typeof createOpenAiSpeech>;
