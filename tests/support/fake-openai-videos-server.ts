// A local OpenAI-shaped `/v1/videos` (as gateways serve it since Sora 2 was retired): every
// request body is validated against CreateVideoJsonBody from the OpenAPI excerpt (and unknown
// parameters refused, as OpenAI does); every VideoResource it sends is itself checked against the
// schema. Jobs go queued → in_progress → completed | failed; content expires at `expires_at`;
// Idempotency-Key returns the first job; errors are `{error: {message, type, param, code}}`.
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import path from 'node:path';
import { projectRoot } from '../../platform/config.js';
import { FakeProviderServer, bearer, sendFile, sendJson, type FakeJob, type Fault, type FakeServerOptions, type Route } from './fake-provider-server.js';
import { fixtureVideo } from './fixture-media.js';
import { loadOpenApiDocument, type OpenApiDocument } from './openapi-schema.js';

export const OPENAPI_EXCERPT = path.join(projectRoot, 'tests', 'fixtures', 'openai-videos-speech.openapi.yaml');

let spec: OpenApiDocument | undefined;
export function openAiSpec(): OpenApiDocument {
  spec ??= loadOpenApiDocument(OPENAPI_EXCERPT);
  return spec;
}

export function openAiErrorBody(message: string, type: string, code: string | null, param: string | null = null) {
  return { error: { message, type, param, code } };
}

export interface FakeOpenAiVideosOptions extends FakeServerOptions {
  apiKey: string;
  /** How long content stays downloadable after completion (OpenAI: about an hour). */
  contentLifetimeMs?: number;
}

export class FakeOpenAiVideosServer extends FakeProviderServer {
  private readonly idempotent = new Map<string, string>();
  private readonly completedAt = new Map<string, number>();
  /** Every schema problem found in our own responses (must stay empty). */
  readonly responseProblems: string[] = [];

  constructor(readonly openai: FakeOpenAiVideosOptions) {
    super(openai);
  }

  protected routeOf(method: string, pathname: string): Route | undefined {
    if (method === 'POST' && pathname === '/v1/videos') return 'submit';
    if (method === 'GET' && /^\/v1\/videos\/[^/]+\/content$/.test(pathname)) return 'download';
    if (method === 'GET' && /^\/v1\/videos\/[^/]+$/.test(pathname)) return 'poll';
    return undefined;
  }

  protected faultBody(fault: Fault): { status: number; body: unknown; headers?: Record<string, string> } {
    if (fault.kind === 'rate-limit') {
      return {
        status: 429,
        body: openAiErrorBody('Rate limit reached for requests. Please try again later.', 'requests', 'rate_limit_exceeded'),
        headers: fault.retryAfterSec !== undefined ? { 'retry-after': String(fault.retryAfterSec) } : undefined,
      };
    }
    return { status: fault.kind === 'server-error' ? (fault.status ?? 500) : 500, body: openAiErrorBody('The server had an error while processing your request.', 'server_error', null) };
  }

  protected videoFile(job: FakeJob): Promise<string> {
    return fixtureVideo(job.seconds, job.orientation);
  }

  private resource(job: FakeJob): Record<string, unknown> {
    const phase = this.phase(job);
    const body = job.body as { model?: string; size?: string; seconds?: string };
    const status = { queued: 'queued', running: 'in_progress', succeeded: 'completed', moderated: 'failed', failed: 'failed' }[phase];
    const done = phase === 'succeeded' || phase === 'moderated' || phase === 'failed';
    if (done && !this.completedAt.has(job.id)) this.completedAt.set(job.id, Date.now());
    const completedAt = this.completedAt.get(job.id);
    const progress = phase === 'queued' ? 0 : phase === 'running' ? Math.min(99, Math.round(((Date.now() - job.createdAt) / job.plan.durationMs) * 100)) : 100;
    const outcome = job.plan.outcome;
    const error =
      phase === 'moderated'
        ? { code: 'moderation_blocked', message: ('message' in outcome && outcome.message) || 'Your request was blocked by our moderation system.' }
        : phase === 'failed'
          ? { code: 'internal_error', message: ('message' in outcome && outcome.message) || 'Video generation failed.' }
          : null;
    const resource = {
      id: job.id,
      object: 'video',
      model: body.model ?? 'sora-2',
      status,
      progress,
      created_at: Math.floor(job.createdAt / 1000),
      completed_at: completedAt ? Math.floor(completedAt / 1000) : null,
      expires_at: completedAt && phase === 'succeeded' ? Math.floor(this.expiry(job.id)! / 1000) : null,
      prompt: job.prompt,
      size: body.size ?? '720x1280',
      seconds: body.seconds ?? '4',
      remixed_from_video_id: null,
      error,
    };
    const problems = openAiSpec().validate('VideoResource', resource);
    this.responseProblems.push(...problems);
    return resource;
  }

  /** When a job's content stops being served (ms), or undefined before completion. */
  private expiry(id: string): number | undefined {
    const completed = this.completedAt.get(id);
    if (completed === undefined) return undefined;
    const mode = this.options.expireLinks ?? 'never';
    return mode === 'always' || mode === 'first' ? completed : completed + (this.openai.contentLifetimeMs ?? 3_600_000);
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: unknown): Promise<void> {
    const route = this.routeOf(req.method ?? 'GET', url.pathname);
    if (!route) return sendJson(res, 404, openAiErrorBody(`Invalid URL (${req.method} ${url.pathname})`, 'invalid_request_error', null));
    if (bearer(req) !== this.openai.apiKey) {
      return sendJson(res, 401, openAiErrorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
    }

    if (route === 'submit') {
      if (!/application\/json/.test(req.headers['content-type'] ?? '')) {
        return sendJson(res, 400, openAiErrorBody('This fake accepts JSON bodies only', 'invalid_request_error', null));
      }
      const schema = openAiSpec().schema('CreateVideoJsonBody') as { properties: Record<string, unknown> };
      const unknown = body && typeof body === 'object' ? Object.keys(body).filter((key) => !(key in schema.properties)) : [];
      if (unknown.length > 0) return sendJson(res, 400, openAiErrorBody(`Unknown parameter: '${unknown[0]}'.`, 'invalid_request_error', 'unknown_parameter', unknown[0]));
      const problems = openAiSpec().validate('CreateVideoJsonBody', body);
      if (problems.length > 0) return sendJson(res, 400, openAiErrorBody(`Invalid request: ${problems.join('; ')}`, 'invalid_request_error', 'invalid_value'));
      const b = body as { prompt: string; seconds?: string; size?: string };
      const key = req.headers['idempotency-key'];
      if (typeof key === 'string' && this.idempotent.has(key)) return sendJson(res, 200, this.resource(this.jobs.get(this.idempotent.get(key)!)!));
      if (this.options.rejectAtSubmit?.(b.prompt)) {
        return sendJson(res, 400, openAiErrorBody("Hmmm something didn't look right with your request.", 'invalid_request_error', 'sentinel_block'));
      }
      const [width, height] = (b.size ?? '720x1280').split('x').map(Number);
      const job = this.newJob(`video_${randomBytes(12).toString('hex')}`, {
        seconds: Number(b.seconds ?? '4'),
        orientation: width! > height! ? 'landscape' : 'portrait',
        prompt: b.prompt,
        body,
      });
      if (typeof key === 'string') this.idempotent.set(key, job.id);
      return sendJson(res, 200, this.resource(job));
    }

    const id = decodeURIComponent(url.pathname.split('/')[3]!);
    const job = this.jobs.get(id);
    if (!job) return sendJson(res, 404, openAiErrorBody(`Video with id '${id}' not found.`, 'invalid_request_error', 'video_not_found'));
    if (route === 'poll') {
      job.polls += 1;
      return sendJson(res, 200, this.resource(job));
    }
    // download
    const variant = url.searchParams.get('variant') ?? 'video';
    const variantProblems = openAiSpec().validate('VideoContentVariant', variant);
    if (variantProblems.length > 0) return sendJson(res, 400, openAiErrorBody(`Invalid variant '${variant}'.`, 'invalid_request_error', 'invalid_value', 'variant'));
    this.resource(job);
    if (this.phase(job) !== 'succeeded') return sendJson(res, 409, openAiErrorBody('Video is not ready yet.', 'invalid_request_error', 'video_not_ready'));
    if (Date.now() >= this.expiry(job.id)!) return sendJson(res, 404, openAiErrorBody('Video content has expired.', 'invalid_request_error', 'video_expired'));
    if (variant !== 'video') return sendJson(res, 404, openAiErrorBody(`No ${variant} for this fake.`, 'invalid_request_error', null));
    return sendFile(res, await this.videoFile(job), 'video/mp4');
  }
}
