// Durable submit → poll → download of one shot on a remote provider.
//
// The idempotency key is the content hash of what we ask for (provider, model, the mapped
// request, the take). Before anything is sent the attempt is reserved in provider_jobs with its
// budget; the submission is sent under a lease and the provider's job id committed before the
// first poll. Any later call with the same key — a Temporal retry, a worker restarted after
// SIGKILL, another production asking for the same shot — finds the row and continues from it:
// polls the same job, or downloads the finished one, and never submits again. The clip goes into
// the content-addressed media store right after completion, before the provider's link expires.
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Shot } from '../../../prompts/shot-plan.js';
import type { Sql } from '../../../platform/db.js';
import { contentHash } from '../../media/content-hash.js';
import type { FfmpegRunner } from '../../media/ffmpeg-runner.js';
import type { MediaStore } from '../../media/media-store.js';
import type { Fetch } from './http-client.js';
import { createKlingApi } from './kling.js';
import { createOpenAiVideosApi } from './openai-videos.js';
import { lookupPrice, videoCost } from './prices.js';
import { isProviderError, ProviderError } from './provider-error.js';
import {
  claimSubmission,
  isLive,
  latestAttempt,
  markDownloaded,
  markEnded,
  markSubmitted,
  markSucceeded,
  paidAttempt,
  recordPoll,
  releaseSubmission,
  reserveAttempt,
  type ProviderJob,
} from './provider-jobs.js';
import { assertProviderConfigured, type RemoteProviderSettings } from './provider-settings.js';
import type { MappedShot, RemoteVideoApi, RemoteVideoProviderName, ShotStyle } from './remote-video-provider.js';
import { retryDelay, sleep, withRetries } from './retry-policy.js';
import { createWanApi } from './wan.js';

export interface RemoteShotRequest {
  provider: RemoteVideoProviderName;
  shot: Shot;
  style: ShotStyle;
  /** 1 for the first take; regenerating asks for the next take, which is a new (paid) job. */
  take: number;
  /** The production that pays, or null outside a production (e.g. `shiying render`). */
  productionId: string | null;
  /**
   * The production's whole budget in USD — not what is left: spending (including jobs still
   * running for parallel shots) is summed from provider_jobs under a lock. Null or absent: the
   * operator's SHIYING_PRODUCTION_BUDGET_USD (which may be `none`).
   */
  budgetUsd?: number | null;
}

export interface RemoteClip {
  provider: RemoteVideoProviderName;
  model: string;
  /** Absolute path of the MP4 in the media store (the provider's encoding, audio and all). */
  clip: string;
  mediaKey: string;
  idempotencyKey: string;
  providerJobId: string;
  /** Measured from the file. */
  durationSec: number;
  width: number;
  height: number;
  fps: number;
  /** What we asked the provider for (the film's audio sync trims or holds to the narration). */
  requestedSeconds: number;
  /** What this production paid for the clip: 0 when it was made (and paid) for another production. */
  costUsd: number;
  /** True when the clip was already in the media store. */
  cached: boolean;
  /** What had to give to fit the API (truncated prompt, dropped negative prompt, duration). */
  adjustments: string[];
}

/** What a media store entry of a remote clip holds (entry.json). */
interface ClipEntry {
  file: string;
  provider: RemoteVideoProviderName;
  model: string;
  providerJobId: string;
  idempotencyKey: string;
  durationSec: number;
  width: number;
  height: number;
  fps: number;
  bytes: number;
}

export interface GenerationHooks {
  /** The activity's cancellation. */
  signal?: AbortSignal;
  /** Called at every step (Temporal heartbeats from it). */
  heartbeat?: (details: { phase: string; providerJobId?: string; providerStatus?: string; progress?: number }) => void;
}

export interface RemoteVideoDeps {
  sql: Sql;
  media: MediaStore;
  ffmpeg: Pick<FfmpegRunner, 'probe'>;
  settings: RemoteProviderSettings;
  fetch?: Fetch;
}

/** The price variant of a request: Kling's mode, Wan's resolution, a /v1/videos size. */
function priceVariant(mapped: MappedShot): string | undefined {
  const body = mapped.body as { mode?: string; size?: string; parameters?: { resolution?: string; size?: string } };
  return body.mode ?? body.parameters?.resolution ?? body.size;
}

function waitedFor(ms: number): string {
  return ms < 120_000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms / 60_000)} minutes`;
}

/** Errors about our account, not about a job: a running job is left running when polling meets them. */
const ACCOUNT_ERRORS = new Set(['authentication', 'balance-exhausted', 'not-configured']);

/** Failure kinds of a submission that certainly created no job. */
const REFUSED_SUBMISSION = new Set(['rate-limited', 'concurrency-limited']);

function notConfigured(error: unknown, provider: string): ProviderError {
  return new ProviderError('not-configured', (error as Error).message, { provider, operation: 'configure' });
}

export function createRemoteVideoGenerator(deps: RemoteVideoDeps) {
  const fetchImpl = deps.fetch ?? fetch;
  const { timing } = deps.settings;
  const apis = new Map<RemoteVideoProviderName, RemoteVideoApi>();

  /** The adapter for a provider; fails at once, naming the missing variable, when it is not configured. */
  function api(provider: RemoteVideoProviderName): RemoteVideoApi {
    const known = apis.get(provider);
    if (known) return known;
    try {
      assertProviderConfigured(deps.settings, provider);
    } catch (error) {
      throw notConfigured(error, provider);
    }
    const adapter =
      provider === 'kling'
        ? createKlingApi(deps.settings.kling, { fetch: fetchImpl })
        : provider === 'wan'
          ? createWanApi(deps.settings.wan, { fetch: fetchImpl })
          : createOpenAiVideosApi(deps.settings.openai, { fetch: fetchImpl });
    apis.set(provider, adapter);
    return adapter;
  }

  function call(signal?: AbortSignal) {
    return { timeoutMs: timing.requestTimeoutMs, signal };
  }

  async function storedClip(mediaKey: string) {
    const entry = await deps.media.get<ClipEntry>('shot', mediaKey);
    if (!entry) return undefined;
    if (!(await deps.media.hasFile(path.join(entry.dir, entry.value.file)))) {
      await deps.media.evict('shot', mediaKey);
      return undefined;
    }
    return entry;
  }

  /** Sends the submission of a reserved attempt, or waits for the worker that is sending it. */
  async function submit(adapter: RemoteVideoApi, reserved: ProviderJob, mapped: MappedShot, hooks: GenerationHooks): Promise<ProviderJob> {
    const leaseMs = timing.requestTimeoutMs * 2 + 5_000;
    return withRetries(
      timing.retry,
      async () => {
        for (;;) {
          const claimed = await claimSubmission(deps.sql, reserved, leaseMs);
          if (!claimed) {
            const now = await latestAttempt(deps.sql, reserved.idempotencyKey);
            if (!now || now.attempt !== reserved.attempt || now.status !== 'reserved') return now ?? reserved;
            hooks.heartbeat?.({ phase: 'waiting for another worker’s submission' });
            await sleep(Math.min(1000, timing.pollIntervalMs), hooks.signal);
            continue;
          }
          hooks.heartbeat?.({ phase: 'submitting' });
          try {
            // An earlier send may have created the job although we never heard back (its worker
            // died, or the answer was a timeout or a 5xx): look for it before sending again. A
            // 429 is a definite "no job", so after one there is nothing to look for.
            const inDoubt = claimed.submitCount > 1 && !REFUSED_SUBMISSION.has(claimed.failureKind ?? '');
            if (inDoubt && adapter.recover) {
              const found = await adapter.recover(claimed.idempotencyKey, call(hooks.signal));
              if (found) return await markSubmitted(deps.sql, claimed, found.jobId);
            }
            const { jobId } = await adapter.submit(mapped, claimed.idempotencyKey, call(hooks.signal));
            return await markSubmitted(deps.sql, claimed, jobId);
          } catch (error) {
            if (!isProviderError(error)) throw error;
            if (error.retryable) await releaseSubmission(deps.sql, claimed, error);
            else await markEnded(deps.sql, claimed, error);
            throw error;
          }
        }
      },
      { signal: hooks.signal, onRetry: (error) => hooks.heartbeat?.({ phase: `submit retry: ${error.kind}` }) },
    );
  }

  /** Polls a running job until it finishes; stores the outcome. */
  async function pollUntilDone(adapter: RemoteVideoApi, running: ProviderJob, hooks: GenerationHooks): Promise<ProviderJob> {
    const jobId = running.providerJobId!;
    const started = running.submittedAt?.getTime() ?? Date.now();
    let lastStatus = running.providerStatus;
    let failures = 0;
    const timedOut = async () => {
      const error = new ProviderError(
        'job-timeout',
        `${adapter.provider} job ${jobId} did not finish within ${waitedFor(timing.jobTimeoutMs)} (last status ${lastStatus ?? 'unknown'})`,
        { provider: adapter.provider, operation: 'poll', jobId },
      );
      await markEnded(deps.sql, running, error);
      return error;
    };
    for (;;) {
      // The timeout is judged after a poll: a worker that comes back late still collects a finished job.
      let state;
      try {
        state = await adapter.poll(jobId, call(hooks.signal));
        failures = 0;
      } catch (error) {
        if (!isProviderError(error)) throw error;
        if (!error.retryable) {
          // Refused keys say nothing about the job: it stays running, to be resumed once they are fixed.
          if (!ACCOUNT_ERRORS.has(error.kind)) await markEnded(deps.sql, running, error);
          throw error;
        }
        // A bad poll is no news: wait (at least the poll interval, and what the server asks) and ask again.
        failures += 1;
        if (failures >= timing.retry.maxAttempts * 2) throw error;
        if (Date.now() - started > timing.jobTimeoutMs) throw await timedOut();
        hooks.heartbeat?.({ phase: `poll retry: ${error.kind}`, providerJobId: jobId });
        await sleep(Math.max(timing.pollIntervalMs, retryDelay(timing.retry, failures, error.context.retryAfterMs)), hooks.signal);
        continue;
      }
      hooks.heartbeat?.({ phase: 'polling', providerJobId: jobId, providerStatus: state.providerStatus, progress: state.state === 'pending' ? state.progress : undefined });
      if (state.providerStatus !== lastStatus && state.state === 'pending') {
        await recordPoll(deps.sql, running, state.providerStatus);
        lastStatus = state.providerStatus;
      }
      if (state.state === 'pending') {
        if (Date.now() - started > timing.jobTimeoutMs) throw await timedOut();
        await sleep(timing.pollIntervalMs, hooks.signal);
        continue;
      }
      if (state.state === 'failed') {
        await markEnded(deps.sql, running, state.error, state.providerStatus);
        throw state.error;
      }
      // Providers bill the length asked for, whatever the file measures.
      const costUsd = videoCost(running.unitPriceUsd, running.units);
      return markSucceeded(deps.sql, running, { providerStatus: state.providerStatus, downloadUrl: state.downloadUrl, costUsd });
    }
  }

  /** Streams the finished job's MP4 into the media store, asking for a fresh link once if it expired. */
  async function download(adapter: RemoteVideoApi, done: ProviderJob, mediaKey: string, hooks: GenerationHooks) {
    const jobId = done.providerJobId!;
    let downloadUrl = done.downloadUrl;
    let refreshed = false;
    for (;;) {
      try {
        if (!downloadUrl) throw new ProviderError('link-expired', `no download link recorded for job ${jobId}`, { provider: adapter.provider, operation: 'download', jobId });
        const url = downloadUrl;
        const entry = await withRetries(
          timing.retry,
          () =>
            deps.media.getOrProduce<ClipEntry>('shot', mediaKey, async (tmpDir) => {
              hooks.heartbeat?.({ phase: 'downloading', providerJobId: jobId });
              const response = await adapter.openDownload(jobId, url, { timeoutMs: timing.downloadTimeoutMs, signal: hooks.signal });
              const file = path.join(tmpDir, 'clip.mp4');
              const bytes = await saveBody(response, file, adapter.provider, jobId, hooks);
              const clip = await describeClip(file, adapter.provider, jobId);
              return { file: 'clip.mp4', provider: adapter.provider, model: done.model, providerJobId: jobId, idempotencyKey: done.idempotencyKey, bytes, ...clip };
            }),
          { signal: hooks.signal, onRetry: (error) => hooks.heartbeat?.({ phase: `download retry: ${error.kind}`, providerJobId: jobId }) },
        );
        await markDownloaded(deps.sql, done, mediaKey);
        return entry;
      } catch (error) {
        if (!isProviderError(error)) throw error;
        if (error.kind === 'link-expired' && !refreshed) {
          // Pre-signed links expire; the job still knows its video and signs a new link.
          refreshed = true;
          const state = await withRetries(timing.retry, () => adapter.poll(jobId, call(hooks.signal)), { signal: hooks.signal });
          if (state.state === 'succeeded') {
            downloadUrl = state.downloadUrl;
            await markSucceeded(deps.sql, done, { providerStatus: state.providerStatus, downloadUrl, costUsd: done.costUsd ?? videoCost(done.unitPriceUsd, done.units) });
            continue;
          }
          if (state.state === 'failed') {
            await markEnded(deps.sql, done, state.error, state.providerStatus);
            throw state.error;
          }
        }
        if (error.kind === 'link-expired' || error.kind === 'result-expired') {
          const expired =
            error.kind === 'result-expired'
              ? error
              : new ProviderError('result-expired', `${error.message}; a fresh link did not work either — regenerate the shot`, error.context);
          await markEnded(deps.sql, done, expired);
          throw expired;
        }
        throw error;
      }
    }
  }

  async function saveBody(response: Response, file: string, provider: string, jobId: string, hooks: GenerationHooks): Promise<number> {
    if (!response.body) throw new ProviderError('bad-response', `${provider} sent an empty download for job ${jobId}`, { provider, operation: 'download', jobId });
    const out = createWriteStream(file);
    let bytes = 0;
    let lastBeat = Date.now();
    const source = Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>, { signal: hooks.signal });
    source.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (Date.now() - lastBeat > 1000) {
        lastBeat = Date.now();
        hooks.heartbeat?.({ phase: `downloading (${bytes} bytes)`, providerJobId: jobId });
      }
    });
    try {
      await pipeline(source, out);
    } catch (error) {
      if (hooks.signal?.aborted) throw hooks.signal.reason ?? error;
      throw new ProviderError('network', `${provider} download of job ${jobId} broke off after ${bytes} bytes: ${(error as Error).message}`, { provider, operation: 'download', jobId }, { cause: error });
    }
    return bytes;
  }

  /** Probes the downloaded file: it must be a video we can play. */
  async function describeClip(file: string, provider: string, jobId: string) {
    let data;
    try {
      data = await deps.ffmpeg.probe(file);
    } catch (error) {
      throw new ProviderError('bad-response', `${provider} job ${jobId} downloaded something that is not a video: ${(error as Error).message}`, { provider, operation: 'download', jobId });
    }
    const video = data.streams.find((stream) => stream.codec_type === 'video');
    const durationSec = Number(video?.duration ?? data.format.duration);
    if (!video || !Number.isFinite(durationSec) || durationSec <= 0) {
      throw new ProviderError('bad-response', `${provider} job ${jobId} downloaded a file without a video stream`, { provider, operation: 'download', jobId });
    }
    const [num, den] = String(video.avg_frame_rate ?? video.r_frame_rate ?? '0/1').split('/').map(Number);
    return { durationSec, width: Number(video.width), height: Number(video.height), fps: den ? num! / den : num! };
  }

  /** What this production paid for an existing clip: the paid attempt's cost if it paid, else 0. */
  async function costFor(key: string, productionId: string | null): Promise<number> {
    const paid = await paidAttempt(deps.sql, key);
    return paid && paid.productionId === productionId ? (paid.costUsd ?? 0) : 0;
  }

  /** The shot as it would be sent, with its idempotency key and estimated cost (no network, no database). */
  function plan(request: RemoteShotRequest) {
    const adapter = api(request.provider);
    const mapped = adapter.mapShot(request.shot, request.style);
    const key = contentHash({ provider: adapter.provider, model: adapter.model, body: mapped.body, take: request.take });
    const variant = priceVariant(mapped);
    const price = lookupPrice(deps.settings.videoPrices, adapter.provider, adapter.model, variant);
    if (price === undefined) {
      throw new ProviderError(
        'not-configured',
        `no price for ${adapter.provider}/${adapter.model}${variant ? `/${variant}` : ''}: add it to SHIYING_VIDEO_PRICES (USD per second)`,
        { provider: adapter.provider, operation: 'configure' },
      );
    }
    return { adapter, mapped, key, mediaKey: deps.media.key('shot', { remote: key }), price, estimateUsd: videoCost(price, mapped.seconds) };
  }

  async function generate(request: RemoteShotRequest, hooks: GenerationHooks = {}): Promise<RemoteClip> {
    const { adapter, mapped, key, mediaKey, price, estimateUsd } = plan(request);
    const result = (entry: { dir: string; value: ClipEntry }, costUsd: number, cached: boolean): RemoteClip => ({
      provider: adapter.provider,
      model: adapter.model,
      clip: path.join(entry.dir, entry.value.file),
      mediaKey,
      idempotencyKey: key,
      providerJobId: entry.value.providerJobId,
      durationSec: entry.value.durationSec,
      width: entry.value.width,
      height: entry.value.height,
      fps: entry.value.fps,
      requestedSeconds: mapped.seconds,
      costUsd,
      cached,
      adjustments: mapped.adjustments,
    });

    const stored = await storedClip(mediaKey);
    if (stored) {
      // Saved by a worker that died (or lost Postgres) before recording the download: record it now.
      const paid = await paidAttempt(deps.sql, key);
      if (paid?.status === 'succeeded') await markDownloaded(deps.sql, paid, mediaKey);
      return result(stored, await costFor(key, request.productionId), true);
    }

    let job = await latestAttempt(deps.sql, key);
    if (!job || !isLive(job)) {
      job = await reserveAttempt(deps.sql, {
        key,
        provider: adapter.provider,
        model: adapter.model,
        kind: 'video',
        productionId: request.productionId,
        shotIndex: request.shot.index,
        request: mapped.body,
        units: mapped.seconds,
        unitPriceUsd: price,
        estimatedCostUsd: estimateUsd,
        budgetUsd: request.budgetUsd ?? deps.settings.productionBudgetUsd,
      });
    }
    for (;;) {
      switch (job.status) {
        case 'reserved':
          job = await submit(adapter, job, mapped, hooks);
          break;
        case 'running':
          job = await pollUntilDone(adapter, job, hooks);
          break;
        case 'succeeded':
        case 'downloaded': {
          const entry = await download(adapter, job, mediaKey, hooks);
          return result(entry, await costFor(key, request.productionId), false);
        }
        case 'failed':
        case 'expired':
          // Another worker's attempt ended badly while we waited on it: report its reason.
          throw new ProviderError((job.failureKind as ProviderError['kind'] | null) ?? 'job-failed', job.failureReason ?? `${adapter.provider} job failed`, {
            provider: adapter.provider,
            operation: 'generate',
            jobId: job.providerJobId ?? undefined,
          });
      }
    }
  }

  return { generate, plan, api };
}

export type RemoteVideoGenerator = ReturnType<typeof createRemoteVideoGenerator>;
