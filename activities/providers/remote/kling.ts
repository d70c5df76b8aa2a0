// Kling text-to-video: POST /v1/videos/text2video, GET /v1/videos/text2video/{id}. Every
// response is `{code, message, request_id, data}` with code 0 for success; the business code
// says more than the HTTP status, so errors are mapped on it first.
import { exchangeJson, field, joinUrl, kindOfStatus, responseContext, stringField, type JsonResponse } from './http-client.js';
import { createKlingTokenSource } from './kling-jwt.js';
import { looksLikeModeration, ProviderError, providerWords, type ProviderErrorKind } from './provider-error.js';
import type { AdapterDeps, CallOptions, JobState, MappedShot, RemoteVideoApi, ShotStyle } from './remote-video-provider.js';
import { mapShotToKling } from './shot-mapping.js';
import { openSignedDownload } from './signed-download.js';
import type { RemoteProviderSettings } from './provider-settings.js';
import type { Shot } from '../../../prompts/shot-plan.js';

const PROVIDER = 'kling';

/** Kling's business codes → our kinds (see providers.md and Kling's error table). */
export function klingKind(code: number, status: number): ProviderErrorKind {
  if (code >= 1000 && code <= 1004) return 'authentication';
  if (code >= 1100 && code <= 1102) return 'balance-exhausted';
  if (code === 1103 || code === 1304) return 'authentication';
  if (code === 1301) return 'content-rejected';
  if (code === 1302) return 'rate-limited';
  if (code === 1303) return 'concurrency-limited';
  if (code >= 1200 && code <= 1300) return 'invalid-request';
  if (code >= 5000 && code < 6000) return 'provider-unavailable';
  return kindOfStatus(status);
}

const ADVICE: Partial<Record<ProviderErrorKind, string>> = {
  authentication: 'check KLING_ACCESS_KEY and KLING_SECRET_KEY (and the region of KLING_BASE_URL)',
  'balance-exhausted': 'top up the Kling resource pack or account balance',
  'content-rejected': 'Kling’s content safety refused the prompt; edit the shot’s prompt and regenerate',
  'invalid-request': 'Kling did not accept the request',
};

/** A ProviderError from a Kling response that is not a success. */
export function klingError(response: Pick<JsonResponse, 'status' | 'headers' | 'body' | 'text'>, operation: string, jobId?: string): ProviderError {
  const rawCode = field(response.body, 'code');
  const code = typeof rawCode === 'number' ? rawCode : Number(rawCode);
  const message = stringField(response.body, 'message') ?? providerWords(response.text);
  const kind = Number.isFinite(code) && code !== 0 ? klingKind(code, response.status) : kindOfStatus(response.status);
  const codeText = Number.isFinite(code) ? String(code) : undefined;
  const advice = ADVICE[kind];
  const where = codeText ? `code ${codeText}, HTTP ${response.status}` : `HTTP ${response.status}`;
  const words = `Kling ${operation} failed (${where}): ${providerWords(message)}`;
  return new ProviderError(kind, advice ? `${words} — ${advice}` : words, responseContext(response, { provider: PROVIDER, operation, jobId }, { code: codeText, requestId: stringField(response.body, 'request_id') }));
}

function isSuccess(response: JsonResponse): boolean {
  return response.status >= 200 && response.status < 300 && field(response.body, 'code') === 0 && field(response.body, 'data') !== undefined;
}

/** A query for a task Kling does not have (HTTP 404, or 1201/1203 by id). */
function isNotFound(response: JsonResponse): boolean {
  const code = field(response.body, 'code');
  return response.status === 404 || code === 1203 || code === 1201;
}

function badResponse(operation: string, detail: string, jobId?: string): ProviderError {
  return new ProviderError('bad-response', `Kling ${operation} answered in an unexpected shape: ${detail}`, { provider: PROVIDER, operation, jobId });
}

export function createKlingApi(settings: RemoteProviderSettings['kling'], deps: AdapterDeps): RemoteVideoApi {
  if (!settings.accessKey || !settings.secretKey) throw new Error('Kling keys are required (assertProviderConfigured first)');
  const token = createKlingTokenSource({ accessKey: settings.accessKey, secretKey: settings.secretKey });
  const url = (path: string) => joinUrl(settings.baseUrl, path);
  const auth = () => ({ authorization: `Bearer ${token()}` });

  function taskState(data: unknown, jobId: string): JobState {
    const status = stringField(data, 'task_status');
    switch (status) {
      case 'submitted':
      case 'processing':
        return { state: 'pending', providerStatus: status };
      case 'succeed': {
        const video = (field(field(data, 'task_result'), 'videos') as unknown[] | undefined)?.[0];
        const downloadUrl = stringField(video, 'url');
        if (!downloadUrl) throw badResponse('poll', 'succeeded task without task_result.videos[0].url', jobId);
        const seconds = Number(stringField(video, 'duration'));
        return { state: 'succeeded', providerStatus: status, downloadUrl, seconds: Number.isFinite(seconds) ? seconds : undefined };
      }
      case 'failed': {
        const reason = stringField(data, 'task_status_msg') ?? 'no reason given';
        const kind = looksLikeModeration(reason) ? 'content-rejected' : 'job-failed';
        const message =
          kind === 'content-rejected'
            ? `Kling refused the shot for content safety: ${providerWords(reason)}`
            : `Kling task ${jobId} failed: ${providerWords(reason)}`;
        return { state: 'failed', providerStatus: status, error: new ProviderError(kind, message, { provider: PROVIDER, operation: 'generate', jobId }) };
      }
      default:
        throw badResponse('poll', `unknown task_status ${JSON.stringify(status)}`, jobId);
    }
  }

  async function query(id: string, options: CallOptions, operation: string): Promise<JsonResponse> {
    return exchangeJson(deps.fetch, url(`/v1/videos/text2video/${encodeURIComponent(id)}`), {
      provider: PROVIDER,
      operation,
      headers: auth(),
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      jobId: id,
    });
  }

  return {
    provider: PROVIDER,
    model: settings.model,
    mapShot: (shot: Shot, style: ShotStyle) => mapShotToKling(shot, style, { model: settings.model, mode: settings.mode }),

    async submit(mapped: MappedShot, idempotencyKey: string, options: CallOptions) {
      const response = await exchangeJson(deps.fetch, url('/v1/videos/text2video'), {
        provider: PROVIDER,
        operation: 'submit',
        headers: auth(),
        json: { ...mapped.body, external_task_id: idempotencyKey },
        timeoutMs: options.timeoutMs,
        signal: options.signal,
      });
      if (!isSuccess(response)) throw klingError(response, 'submit');
      const jobId = stringField(field(response.body, 'data'), 'task_id');
      if (!jobId) throw badResponse('submit', 'no data.task_id');
      return { jobId };
    },

    // Kling's single-task query takes the task_id or the external_task_id we chose (our
    // idempotency key); where a deployment only takes task ids, the task list (newest first)
    // carries task_info.external_task_id.
    async recover(idempotencyKey: string, options: CallOptions) {
      const direct = await query(idempotencyKey, options, 'recover');
      if (isSuccess(direct)) {
        const jobId = stringField(field(direct.body, 'data'), 'task_id');
        if (jobId) return { jobId };
      } else if (!isNotFound(direct)) {
        throw klingError(direct, 'recover');
      }
      const list = await exchangeJson(deps.fetch, url('/v1/videos/text2video?pageNum=1&pageSize=500'), {
        provider: PROVIDER,
        operation: 'recover',
        headers: auth(),
        timeoutMs: options.timeoutMs,
        signal: options.signal,
      });
      if (!isSuccess(list)) throw klingError(list, 'recover');
      const tasks = field(list.body, 'data');
      const match = Array.isArray(tasks) ? tasks.find((task) => stringField(field(task, 'task_info'), 'external_task_id') === idempotencyKey) : undefined;
      const jobId = stringField(match, 'task_id');
      return jobId ? { jobId } : undefined;
    },

    async poll(jobId: string, options: CallOptions) {
      const response = await query(jobId, options, 'poll');
      if (!isSuccess(response)) throw klingError(response, 'poll', jobId);
      return taskState(field(response.body, 'data'), jobId);
    },

    openDownload: (jobId: string, downloadUrl: string, options: CallOptions) => openSignedDownload(deps.fetch, PROVIDER, 'Kling', downloadUrl, jobId, options),
  };
}
