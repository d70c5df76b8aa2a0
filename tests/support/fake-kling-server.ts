// A local Kling: checks the JWT (HS256 signature with the secret key, iss, exp, nbf), validates
// text2video bodies against Kling's documented fields and limits, runs jobs through submitted →
// processing → succeed | failed, looks tasks up by task_id or external_task_id, answers in
// Kling's `{code, message, request_id, data}` envelope, and injects its business codes.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { FakeProviderServer, bearer, sendJson, type FakeJob, type Fault, type FakeServerOptions, type Route } from './fake-provider-server.js';
import { fixtureVideo } from './fixture-media.js';

/** HTTP status Kling uses with each business code. */
export const KLING_CODE_STATUS: Record<number, number> = {
  1000: 401, 1001: 401, 1002: 401, 1003: 401, 1004: 401,
  1100: 429, 1101: 429, 1102: 429, 1103: 403,
  1200: 400, 1201: 400, 1202: 400, 1203: 404,
  1300: 400, 1301: 400, 1302: 429, 1303: 429, 1304: 429,
  5000: 500, 5001: 503, 5002: 504,
};

const CODE_MESSAGE: Record<number, string> = {
  1001: 'Authorization is empty',
  1002: 'Authorization is invalid',
  1003: 'Authorization is not yet valid',
  1004: 'Authorization has expired',
  1102: 'Resource pack exhausted or expired',
  1201: 'Invalid request parameters',
  1203: 'Requested resource does not exist',
  1301: 'Trigger the content security policy of the platform',
  1302: 'API request too fast, exceeding the platform rate limit',
  1303: 'Concurrency or QPS exceeds the prepaid resource package limit',
  5000: 'Server internal error',
};

const ALLOWED_FIELDS = new Set(['model_name', 'prompt', 'negative_prompt', 'cfg_scale', 'mode', 'camera_control', 'aspect_ratio', 'duration', 'callback_url', 'external_task_id']);

export interface FakeKlingOptions extends FakeServerOptions {
  accessKey: string;
  secretKey: string;
  /** Whether GET /v1/videos/text2video/{id} also finds tasks by external_task_id (default true). */
  externalIdInPath?: boolean;
}

export class FakeKlingServer extends FakeProviderServer {
  private readonly byExternalId = new Map<string, string>();
  private readonly externalIdOf = new Map<string, string | undefined>();
  /** Tokens seen, decoded, for tests that check what the adapter signed. */
  readonly tokens: { header: unknown; payload: { iss?: string; exp?: number; nbf?: number } }[] = [];

  constructor(readonly kling: FakeKlingOptions) {
    super(kling);
  }

  /** Answers the next `times` requests of `route` with Kling business `code`. */
  injectCode(route: Route, code: number, times = 1): this {
    return this.inject(route, { kind: 'custom', status: KLING_CODE_STATUS[code] ?? 400, body: this.envelope(code, CODE_MESSAGE[code] ?? `error ${code}`) }, times);
  }

  protected routeOf(method: string, path: string): Route | undefined {
    if (method === 'POST' && path === '/v1/videos/text2video') return 'submit';
    if (method === 'GET' && path.startsWith('/v1/videos/text2video/')) return 'poll';
    if (method === 'GET' && path === '/v1/videos/text2video') return 'poll';
    return undefined;
  }

  protected faultBody(fault: Fault): { status: number; body: unknown; headers?: Record<string, string> } {
    if (fault.kind === 'rate-limit') {
      return { status: 429, body: this.envelope(1302, CODE_MESSAGE[1302]!), headers: fault.retryAfterSec !== undefined ? { 'retry-after': String(fault.retryAfterSec) } : undefined };
    }
    return { status: fault.kind === 'server-error' ? (fault.status ?? 500) : 500, body: this.envelope(5000, CODE_MESSAGE[5000]!) };
  }

  protected videoFile(job: FakeJob): Promise<string> {
    return fixtureVideo(job.seconds, job.orientation);
  }

  private envelope(code: number, message: string, data?: unknown) {
    return { code, message, request_id: randomUUID(), ...(data === undefined ? {} : { data }) };
  }

  /** Kling's token check; returns the business code of the failure, or 0. */
  private checkToken(req: http.IncomingMessage): number {
    const token = bearer(req);
    if (!token) return 1001;
    const parts = token.split('.');
    if (parts.length !== 3) return 1002;
    const [headerPart, payloadPart, signature] = parts as [string, string, string];
    let header: { alg?: string; typ?: string };
    let payload: { iss?: string; exp?: number; nbf?: number };
    try {
      header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
      payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
    } catch {
      return 1002;
    }
    this.tokens.push({ header, payload });
    if (header.alg !== 'HS256') return 1002;
    const expected = createHmac('sha256', this.kling.secretKey).update(`${headerPart}.${payloadPart}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 1002;
    if (payload.iss !== this.kling.accessKey) return 1002;
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.nbf !== 'number' || payload.nbf > now) return 1003;
    if (typeof payload.exp !== 'number' || payload.exp <= now) return 1004;
    return 0;
  }

  /** Problems with a text2video body, per Kling's documented fields. */
  static validate(body: unknown): string[] {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return ['body must be a JSON object'];
    const b = body as Record<string, unknown>;
    const problems: string[] = [];
    for (const key of Object.keys(b)) if (!ALLOWED_FIELDS.has(key)) problems.push(`unknown field ${key}`);
    if (b.model_name !== undefined && typeof b.model_name !== 'string') problems.push('model_name must be a string');
    if (typeof b.prompt !== 'string' || b.prompt.length === 0) problems.push('prompt is required');
    else if ([...b.prompt].length > 2500) problems.push('prompt cannot exceed 2500 characters');
    if (b.negative_prompt !== undefined && (typeof b.negative_prompt !== 'string' || [...b.negative_prompt].length > 2500)) {
      problems.push('negative_prompt must be a string of at most 2500 characters');
    }
    if (b.mode !== undefined && b.mode !== 'std' && b.mode !== 'pro') problems.push('mode must be std or pro');
    if (b.aspect_ratio !== undefined && !['16:9', '9:16', '1:1'].includes(b.aspect_ratio as string)) problems.push('aspect_ratio must be 16:9, 9:16 or 1:1');
    if (b.duration !== undefined && b.duration !== '5' && b.duration !== '10') problems.push('duration must be the string "5" or "10"');
    if (b.cfg_scale !== undefined) {
      if (typeof b.cfg_scale !== 'number' || b.cfg_scale < 0 || b.cfg_scale > 1) problems.push('cfg_scale must be in [0, 1]');
      if (typeof b.model_name === 'string' && /^kling-v2/.test(b.model_name)) problems.push('cfg_scale is not supported by kling-v2.x models');
    }
    if (b.external_task_id !== undefined && typeof b.external_task_id !== 'string') problems.push('external_task_id must be a string');
    return problems;
  }

  private taskData(job: FakeJob) {
    const phase = this.phase(job);
    const status = phase === 'queued' ? 'submitted' : phase === 'running' ? 'processing' : phase === 'succeeded' ? 'succeed' : 'failed';
    const outcome = job.plan.outcome;
    return {
      task_id: job.id,
      task_status: status,
      task_status_msg:
        phase === 'moderated'
          ? ('message' in outcome && outcome.message) || 'Failure to pass the risk control system'
          : phase === 'failed'
            ? ('message' in outcome && outcome.message) || 'Generation failed due to an internal error'
            : '',
      task_info: { external_task_id: this.externalIdOf.get(job.id) },
      created_at: job.createdAt,
      updated_at: Date.now(),
      ...(phase === 'succeeded' ? { task_result: { videos: [{ id: `${job.id}-v`, url: this.signedLink(job), duration: String(job.seconds + 0.042) }] } } : {}),
    };
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: unknown): Promise<void> {
    const route = this.routeOf(req.method ?? 'GET', url.pathname);
    if (!route) return sendJson(res, 404, this.envelope(1203, `no route ${req.method} ${url.pathname}`));
    const authCode = this.checkToken(req);
    if (authCode !== 0) return sendJson(res, 401, this.envelope(authCode, CODE_MESSAGE[authCode] ?? 'Authentication failed'));

    if (route === 'submit') {
      const problems = FakeKlingServer.validate(body);
      if (problems.length > 0) return sendJson(res, 400, this.envelope(1201, problems.join('; ')));
      const b = body as Record<string, string>;
      if (b.external_task_id && this.byExternalId.has(b.external_task_id)) {
        return sendJson(res, 400, this.envelope(1201, `external_task_id ${b.external_task_id} already exists`));
      }
      if (this.options.rejectAtSubmit?.(b.prompt!)) return sendJson(res, 400, this.envelope(1301, CODE_MESSAGE[1301]!));
      const job = this.newJob(`${Date.now()}${Math.floor(Math.random() * 1e6)}`, {
        seconds: Number(b.duration ?? '5'),
        orientation: b.aspect_ratio === '16:9' ? 'landscape' : 'portrait',
        prompt: b.prompt!,
        body,
      });
      this.externalIdOf.set(job.id, b.external_task_id);
      if (b.external_task_id) this.byExternalId.set(b.external_task_id, job.id);
      return sendJson(res, 200, this.envelope(0, 'SUCCEED', { task_id: job.id, task_status: 'submitted', task_info: { external_task_id: b.external_task_id }, created_at: job.createdAt, updated_at: job.createdAt }));
    }

    if (url.pathname === '/v1/videos/text2video') {
      // Query Task (List): newest first, pageNum/pageSize.
      const pageNum = Number(url.searchParams.get('pageNum') ?? '1');
      const pageSize = Number(url.searchParams.get('pageSize') ?? '30');
      if (!Number.isInteger(pageNum) || pageNum < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) {
        return sendJson(res, 400, this.envelope(1201, 'pageNum must be ≥ 1 and pageSize 1–500'));
      }
      const all = [...this.jobs.values()].sort((a, b) => b.createdAt - a.createdAt);
      return sendJson(res, 200, this.envelope(0, 'SUCCEED', all.slice((pageNum - 1) * pageSize, pageNum * pageSize).map((job) => this.taskData(job))));
    }
    const id = decodeURIComponent(url.pathname.slice('/v1/videos/text2video/'.length));
    const byExternal = this.kling.externalIdInPath === false ? undefined : this.byExternalId.get(id);
    const job = this.jobs.get(id) ?? this.jobs.get(byExternal ?? '');
    if (!job) return sendJson(res, 404, this.envelope(1203, CODE_MESSAGE[1203]!));
    job.polls += 1;
    return sendJson(res, 200, this.envelope(0, 'SUCCEED', this.taskData(job)));
  }
}
