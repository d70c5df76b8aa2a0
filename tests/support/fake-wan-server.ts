// A local DashScope for Wan text-to-video: requires `X-DashScope-Async: enable` and the Bearer
// API key, validates the body per model family (wan2.7: resolution + ratio + 2–15 s; earlier:
// pixel sizes and fixed lengths), runs tasks PENDING → RUNNING → SUCCEEDED | FAILED, keeps them
// for a configurable time (then UNKNOWN), serves OSS-style pre-signed video URLs, and answers
// errors as `{request_id, code, message}`.
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { FakeProviderServer, bearer, sendJson, type FakeJob, type Fault, type FakeServerOptions, type Route } from './fake-provider-server.js';
import { fixtureVideo } from './fixture-media.js';

export interface FakeWanOptions extends FakeServerOptions {
  apiKey: string;
  /** How long tasks are kept (DashScope: 24 hours); afterwards a poll says UNKNOWN. */
  taskRetentionMs?: number;
}

const SIZES_720 = ['1280*720', '720*1280', '960*960', '1088*832', '832*1088'];
const SIZES_OTHER = ['832*480', '480*832', '624*624', '1920*1080', '1080*1920', '1440*1440', '1632*1248', '1248*1632'];

export class FakeWanServer extends FakeProviderServer {
  constructor(readonly wan: FakeWanOptions) {
    super(wan);
  }

  /** Answers the next `times` requests of `route` with a DashScope error. */
  injectError(route: Route, status: number, code: string, message: string, times = 1): this {
    return this.inject(route, { kind: 'custom', status, body: { request_id: randomUUID(), code, message } }, times);
  }

  protected routeOf(method: string, path: string): Route | undefined {
    if (method === 'POST' && path === '/api/v1/services/aigc/video-generation/video-synthesis') return 'submit';
    if (method === 'GET' && path.startsWith('/api/v1/tasks/')) return 'poll';
    return undefined;
  }

  protected faultBody(fault: Fault): { status: number; body: unknown; headers?: Record<string, string> } {
    if (fault.kind === 'rate-limit') {
      return {
        status: 429,
        body: { request_id: randomUUID(), code: 'Throttling.RateQuota', message: 'Requests rate limit exceeded, please try again later.' },
        headers: fault.retryAfterSec !== undefined ? { 'retry-after': String(fault.retryAfterSec) } : undefined,
      };
    }
    return { status: fault.kind === 'server-error' ? (fault.status ?? 500) : 500, body: { request_id: randomUUID(), code: 'InternalError', message: 'An internal error has occured, please try again later.' } };
  }

  protected videoFile(job: FakeJob): Promise<string> {
    return fixtureVideo(job.seconds, job.orientation);
  }

  /** Problems with a video-synthesis body (empty when DashScope would accept it). */
  static validate(body: unknown): string[] {
    if (body === null || typeof body !== 'object') return ['body must be a JSON object'];
    const { model, input, parameters, ...rest } = body as Record<string, unknown>;
    const problems = Object.keys(rest).map((key) => `unknown field ${key}`);
    if (typeof model !== 'string' || model === '') problems.push('Model not exist.');
    const i = (input ?? {}) as Record<string, unknown>;
    if (typeof i.prompt !== 'string' || i.prompt.trim() === '') problems.push('input.prompt is required');
    else if ([...i.prompt].length > 1500) problems.push('input.prompt exceeds 1500 characters');
    if (i.negative_prompt !== undefined && (typeof i.negative_prompt !== 'string' || [...i.negative_prompt].length > 500)) {
      problems.push('input.negative_prompt must be at most 500 characters');
    }
    for (const key of Object.keys(i)) if (!['prompt', 'negative_prompt', 'audio_url'].includes(key)) problems.push(`unknown field input.${key}`);
    const p = (parameters ?? {}) as Record<string, unknown>;
    const newer = typeof model === 'string' && /^wan2\.7/.test(model);
    const allowed = newer ? ['resolution', 'ratio', 'duration', 'prompt_extend', 'watermark', 'seed', 'audio'] : ['size', 'duration', 'prompt_extend', 'watermark', 'seed', 'audio'];
    for (const key of Object.keys(p)) if (!allowed.includes(key)) problems.push(`parameters.${key} is not supported by ${String(model)}`);
    if (newer) {
      if (p.resolution !== undefined && !['720P', '1080P'].includes(p.resolution as string)) problems.push('parameters.resolution must be 720P or 1080P');
      if (p.ratio !== undefined && !['16:9', '9:16', '1:1', '4:3', '3:4'].includes(p.ratio as string)) problems.push('parameters.ratio is invalid');
      if (p.duration !== undefined && (!Number.isInteger(p.duration) || (p.duration as number) < 2 || (p.duration as number) > 15)) {
        problems.push('parameters.duration must be an integer from 2 to 15');
      }
    } else {
      if (p.size !== undefined && ![...SIZES_720, ...SIZES_OTHER].includes(p.size as string)) problems.push('parameters.size is invalid');
      if (p.duration !== undefined && ![5, 10, 15].includes(p.duration as number)) problems.push('parameters.duration must be 5, 10 or 15');
    }
    for (const flag of ['prompt_extend', 'watermark', 'audio']) {
      if (p[flag] !== undefined && typeof p[flag] !== 'boolean') problems.push(`parameters.${flag} must be a boolean`);
    }
    if (p.seed !== undefined && (!Number.isInteger(p.seed) || (p.seed as number) < 0 || (p.seed as number) > 2147483647)) problems.push('parameters.seed is out of range');
    return problems;
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: unknown): Promise<void> {
    const route = this.routeOf(req.method ?? 'GET', url.pathname);
    const requestId = randomUUID();
    if (!route) return sendJson(res, 404, { request_id: requestId, code: 'NotFound', message: `no route ${req.method} ${url.pathname}` });
    if (bearer(req) !== this.wan.apiKey) return sendJson(res, 401, { request_id: requestId, code: 'InvalidApiKey', message: 'Invalid API-key provided.' });

    if (route === 'submit') {
      if (req.headers['x-dashscope-async'] !== 'enable') {
        return sendJson(res, 403, { request_id: requestId, code: 'AccessDenied', message: 'current user api does not support synchronous calls' });
      }
      const problems = FakeWanServer.validate(body);
      if (problems.length > 0) return sendJson(res, 400, { request_id: requestId, code: 'InvalidParameter', message: problems.join('; ') });
      const b = body as { input: { prompt: string }; parameters?: { duration?: number; ratio?: string; size?: string } };
      if (this.options.rejectAtSubmit?.(b.input.prompt)) {
        return sendJson(res, 400, { request_id: requestId, code: 'DataInspectionFailed', message: 'Input data may contain inappropriate content.' });
      }
      const landscape = b.parameters?.ratio ? b.parameters.ratio === '16:9' : b.parameters?.size ? Number(b.parameters.size.split('*')[0]) > Number(b.parameters.size.split('*')[1]) : true;
      const job = this.newJob(randomUUID(), { seconds: b.parameters?.duration ?? 5, orientation: landscape ? 'landscape' : 'portrait', prompt: b.input.prompt, body });
      return sendJson(res, 200, { request_id: requestId, output: { task_id: job.id, task_status: 'PENDING' } });
    }

    const id = decodeURIComponent(url.pathname.slice('/api/v1/tasks/'.length));
    const job = this.jobs.get(id);
    if (!job || Date.now() - job.createdAt > (this.wan.taskRetentionMs ?? 86_400_000)) {
      return sendJson(res, 200, { request_id: requestId, output: { task_id: id, task_status: 'UNKNOWN' } });
    }
    job.polls += 1;
    const phase = this.phase(job);
    const outcome = job.plan.outcome;
    const status = { queued: 'PENDING', running: 'RUNNING', succeeded: 'SUCCEEDED', moderated: 'FAILED', failed: 'FAILED' }[phase];
    const output: Record<string, unknown> = { task_id: job.id, task_status: status, submit_time: new Date(job.createdAt).toISOString() };
    if (phase === 'succeeded') Object.assign(output, { video_url: this.signedLink(job), orig_prompt: job.prompt, end_time: new Date().toISOString() });
    if (phase === 'moderated') Object.assign(output, { code: 'DataInspectionFailed', message: ('message' in outcome && outcome.message) || 'Output data may contain inappropriate content.' });
    if (phase === 'failed') Object.assign(output, { code: 'InternalError.Algo', message: ('message' in outcome && outcome.message) || 'Algorithm process error.' });
    return sendJson(res, 200, {
      request_id: requestId,
      output,
      ...(phase === 'succeeded' ? { usage: { video_duration: job.seconds, video_ratio: job.orientation === 'landscape' ? '16:9' : '9:16', video_count: 1 } } : {}),
    });
  }
}
