// The OpenAI-shaped video API: POST /videos, GET /videos/{id}, GET /videos/{id}/content.
// OpenAI retired Sora 2 and its own Videos API on 2026-09-24; gateways serve other models through
// the same shape, so the base URL (with its /v1) and model are configuration.
import type { Shot } from '../../../prompts/shot-plan.js';
import { exchange, exchangeJson, field, joinUrl, responseContext, stringField } from './http-client.js';
import { openAiError } from './openai-errors.js';
import { looksLikeModeration, ProviderError, providerWords } from './provider-error.js';
import type { RemoteProviderSettings } from './provider-settings.js';
import type { AdapterDeps, CallOptions, JobState, MappedShot, RemoteVideoApi, ShotStyle } from './remote-video-provider.js';
import { mapShotToOpenAiVideo } from './shot-mapping.js';

const PROVIDER = 'openai-videos';

export function createOpenAiVideosApi(settings: RemoteProviderSettings['openai'], deps: AdapterDeps): RemoteVideoApi {
  if (!settings.apiKey) throw new Error('OPENAI_API_KEY is required (assertProviderConfigured first)');
  const displayName = `/v1/videos at ${new URL(settings.baseUrl).host}`;
  const headers = { authorization: `Bearer ${settings.apiKey}` };
  const url = (path: string) => joinUrl(settings.baseUrl, path);
  const where = (operation: string, jobId?: string) => ({ provider: PROVIDER, displayName, operation, jobId });

  function videoState(video: unknown, jobId: string): JobState {
    const status = stringField(video, 'status');
    switch (status) {
      case 'queued':
      case 'in_progress': {
        const progress = Number(field(video, 'progress'));
        return { state: 'pending', providerStatus: status, progress: Number.isFinite(progress) ? progress : undefined };
      }
      case 'completed': {
        const seconds = Number(stringField(video, 'seconds'));
        return {
          state: 'succeeded',
          providerStatus: status,
          downloadUrl: url(`/videos/${encodeURIComponent(jobId)}/content?variant=video`),
          seconds: Number.isFinite(seconds) && seconds > 0 ? seconds : undefined,
        };
      }
      case 'failed': {
        const error = field(video, 'error');
        const code = stringField(error, 'code');
        const reason = stringField(error, 'message') ?? 'no reason given';
        const moderated = looksLikeModeration(code, reason);
        const message = moderated
          ? `${displayName} refused the shot in moderation (${code ?? 'moderation'}): ${providerWords(reason)}`
          : `${displayName} video ${jobId} failed${code ? ` (${code})` : ''}: ${providerWords(reason)}`;
        return {
          state: 'failed',
          providerStatus: status,
          error: new ProviderError(moderated ? 'content-rejected' : 'job-failed', message, { provider: PROVIDER, operation: 'generate', jobId, code }),
        };
      }
      default:
        throw new ProviderError('bad-response', `${displayName} poll answered an unknown status ${JSON.stringify(status)}`, { provider: PROVIDER, operation: 'poll', jobId });
    }
  }

  return {
    provider: PROVIDER,
    model: settings.videoModel,
    mapShot: (shot: Shot, style: ShotStyle) => mapShotToOpenAiVideo(shot, style, { model: settings.videoModel }),

    async submit(mapped: MappedShot, idempotencyKey: string, options: CallOptions) {
      const response = await exchangeJson(deps.fetch, url('/videos'), {
        provider: PROVIDER,
        operation: 'submit',
        // Gateways that honour Idempotency-Key return the first job instead of creating a second.
        headers: { ...headers, 'idempotency-key': idempotencyKey },
        json: mapped.body,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
      });
      if (response.status < 200 || response.status >= 300) throw openAiError(response, where('submit'));
      const jobId = stringField(response.body, 'id');
      if (!jobId) throw new ProviderError('bad-response', `${displayName} submit answered without a video id`, { provider: PROVIDER, operation: 'submit' });
      // A job can fail at once (moderation before generation): report it from the first answer.
      const state = videoState(response.body, jobId);
      if (state.state === 'failed') throw state.error;
      return { jobId };
    },

    async poll(jobId: string, options: CallOptions) {
      const response = await exchangeJson(deps.fetch, url(`/videos/${encodeURIComponent(jobId)}`), {
        provider: PROVIDER,
        operation: 'poll',
        headers,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        jobId,
      });
      if (response.status !== 200) throw openAiError(response, where('poll', jobId));
      return videoState(response.body, jobId);
    },

    async openDownload(jobId: string, downloadUrl: string, options: CallOptions) {
      const response = await exchange(deps.fetch, downloadUrl, {
        provider: PROVIDER,
        operation: 'download',
        headers: { ...headers, accept: 'video/mp4' },
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        jobId,
      });
      if (response.ok) return response;
      const text = await response.text().catch(() => '');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (response.status === 404 || response.status === 410) {
        // The content endpoint is not a signed link: once the assets expire (about an hour after
        // completion) asking again cannot help.
        const reason = stringField(field(body, 'error'), 'message') ?? providerWords(text, 160);
        throw new ProviderError(
          'result-expired',
          `${displayName} no longer has the video of job ${jobId} (HTTP ${response.status}: ${providerWords(reason)}); its assets expire about an hour after completion — regenerate the shot`,
          responseContext(response, { provider: PROVIDER, operation: 'download', jobId }),
        );
      }
      throw openAiError({ status: response.status, headers: response.headers, body, text }, where('download', jobId));
    },
  };
}
