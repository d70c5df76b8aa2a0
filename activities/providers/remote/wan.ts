// Wan on Alibaba DashScope: POST /api/v1/services/aigc/video-generation/video-synthesis with
// `X-DashScope-Async: enable`, then GET /api/v1/tasks/{task_id}. Errors are `{request_id, code,
// message}` with DashScope's string codes; failed tasks carry `output.code` / `output.message`.
// DashScope has no idempotency key, so a submission whose answer was lost is submitted again.
import type { Shot } from '../../../prompts/shot-plan.js';
import { exchangeJson, field, joinUrl, kindOfStatus, responseContext, stringField, type JsonResponse } from './http-client.js';
import { looksLikeModeration, ProviderError, providerWords, type ProviderErrorKind } from './provider-error.js';
import type { RemoteProviderSettings } from './provider-settings.js';
import type { AdapterDeps, CallOptions, JobState, MappedShot, RemoteVideoApi, ShotStyle } from './remote-video-provider.js';
import { mapShotToWan } from './shot-mapping.js';
import { openSignedDownload } from './signed-download.js';

const PROVIDER = 'wan';

/** DashScope's error codes → our kinds. */
export function wanKind(code: string | undefined, status: number): ProviderErrorKind {
  if (code) {
    if (/^(Arrearage|.*FreeTierOnly|.*Quota\.Exhausted|InsufficientBalance)/i.test(code)) return 'balance-exhausted';
    if (/^Throttling\.AllocationQuota|ConcurrentLimit/i.test(code)) return 'concurrency-limited';
    if (/^Throttling/i.test(code)) return 'rate-limited';
    if (looksLikeModeration(code)) return 'content-rejected';
    if (/^(InvalidApiKey|AccessDenied|Unauthorized|Model\.AccessDenied|Workspace\.AccessDenied)/i.test(code)) return 'authentication';
    if (/^(InvalidParameter|BadRequest|InvalidURL|InvalidFile)/i.test(code)) return 'invalid-request';
    if (/^(InternalError|SystemError|ServiceUnavailable|ModelServingError|RequestTimeOut)/i.test(code)) return 'provider-unavailable';
  }
  return kindOfStatus(status);
}

const ADVICE: Partial<Record<ProviderErrorKind, string>> = {
  authentication: 'check DASHSCOPE_API_KEY and that WAN_BASE_URL is the key’s region',
  'balance-exhausted': 'the Alibaba Cloud account is in arrears or out of quota',
  'content-rejected': 'DashScope’s content inspection refused the shot; edit its prompt and regenerate',
};

export function wanError(response: Pick<JsonResponse, 'status' | 'headers' | 'body' | 'text'>, operation: string, jobId?: string): ProviderError {
  const code = stringField(response.body, 'code');
  const message = stringField(response.body, 'message') ?? providerWords(response.text);
  const kind = wanKind(code, response.status);
  const words = `Wan ${operation} failed (${code ? `${code}, ` : ''}HTTP ${response.status}): ${providerWords(message)}`;
  const advice = ADVICE[kind];
  return new ProviderError(kind, advice ? `${words} — ${advice}` : words, responseContext(response, { provider: PROVIDER, operation, jobId }, { code, requestId: stringField(response.body, 'request_id') }));
}

function badResponse(operation: string, detail: string, jobId?: string): ProviderError {
  return new ProviderError('bad-response', `Wan ${operation} answered in an unexpected shape: ${detail}`, { provider: PROVIDER, operation, jobId });
}

function taskState(body: unknown, jobId: string): JobState {
  const output = field(body, 'output');
  const status = stringField(output, 'task_status');
  switch (status) {
    case 'PENDING':
    case 'RUNNING':
      return { state: 'pending', providerStatus: status };
    case 'SUCCEEDED': {
      const downloadUrl = stringField(output, 'video_url');
      if (!downloadUrl) throw badResponse('poll', 'SUCCEEDED task without output.video_url', jobId);
      const usage = field(body, 'usage');
      const seconds = Number(field(usage, 'video_duration') ?? field(usage, 'duration'));
      return { state: 'succeeded', providerStatus: status, downloadUrl, seconds: Number.isFinite(seconds) && seconds > 0 ? seconds : undefined };
    }
    case 'FAILED': {
      const code = stringField(output, 'code');
      const reason = stringField(output, 'message') ?? 'no reason given';
      const moderated = looksLikeModeration(code, reason);
      const message = moderated
        ? `Wan refused the shot for content safety (${code ?? 'moderation'}): ${providerWords(reason)}`
        : `Wan task ${jobId} failed${code ? ` (${code})` : ''}: ${providerWords(reason)}`;
      return {
        state: 'failed',
        providerStatus: status,
        error: new ProviderError(moderated ? 'content-rejected' : 'job-failed', message, { provider: PROVIDER, operation: 'generate', jobId, code }),
      };
    }
    case 'CANCELED':
      return { state: 'failed', providerStatus: status, error: new ProviderError('job-failed', `Wan task ${jobId} was cancelled at the provider`, { provider: PROVIDER, operation: 'generate', jobId }) };
    case 'UNKNOWN':
      // DashScope keeps tasks for 24 hours; after that (or for an id it never issued) it says UNKNOWN.
      return {
        state: 'failed',
        providerStatus: status,
        error: new ProviderError('result-expired', `Wan no longer knows task ${jobId} (tasks and their videos are kept 24 hours); regenerate the shot`, { provider: PROVIDER, operation: 'poll', jobId }),
      };
    default:
      throw badResponse('poll', `unknown task_status ${JSON.stringify(status)}`, jobId);
  }
}

export function createWanApi(settings: RemoteProviderSettings['wan'], deps: AdapterDeps): RemoteVideoApi {
  if (!settings.apiKey) throw new Error('DASHSCOPE_API_KEY is required (assertProviderConfigured first)');
  const headers = { authorization: `Bearer ${settings.apiKey}` };
  return {
    provider: PROVIDER,
    model: settings.model,
    mapShot: (shot: Shot, style: ShotStyle) => mapShotToWan(shot, style, { model: settings.model }),

    async submit(mapped: MappedShot, _idempotencyKey: string, options: CallOptions) {
      const response = await exchangeJson(deps.fetch, joinUrl(settings.baseUrl, '/api/v1/services/aigc/video-generation/video-synthesis'), {
        provider: PROVIDER,
        operation: 'submit',
        headers: { ...headers, 'x-dashscope-async': 'enable' },
        json: mapped.body,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
      });
      if (response.status !== 200) throw wanError(response, 'submit');
      const jobId = stringField(field(response.body, 'output'), 'task_id');
      if (!jobId) throw badResponse('submit', 'no output.task_id');
      return { jobId };
    },

    async poll(jobId: string, options: CallOptions) {
      const response = await exchangeJson(deps.fetch, joinUrl(settings.baseUrl, `/api/v1/tasks/${encodeURIComponent(jobId)}`), {
        provider: PROVIDER,
        operation: 'poll',
        headers,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        jobId,
      });
      if (response.status !== 200) throw wanError(response, 'poll', jobId);
      return taskState(response.body, jobId);
    },

    openDownload: (jobId: string, downloadUrl: string, options: CallOptions) => openSignedDownload(deps.fetch, PROVIDER, 'Wan', downloadUrl, jobId, options),
  };
}
