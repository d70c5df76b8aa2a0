// What every fake provider shares: a real node:http server on 127.0.0.1 (random port), a log of
// requests, a job state machine in time (queued → in progress → completed or failed), pre-signed
// download links that expire, and faults a test queues per route (429 bursts with Retry-After,
// 500s, slow answers, API-specific errors). Each API's server (fake-kling-server.ts …) renders
// these in its own shapes.
import { createHmac, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  at: number;
}

/** A fault answered instead of the normal response, `times` times in a row. */
export type Fault =
  | { kind: 'rate-limit'; retryAfterSec?: number }
  | { kind: 'server-error'; status?: number }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'custom'; status: number; body: unknown; headers?: Record<string, string> };

/** How a new job will turn out. */
export interface JobPlan {
  /** Milliseconds from creation to a terminal state (the first fifth of it queued). */
  durationMs: number;
  outcome: { kind: 'succeed' } | { kind: 'moderation'; message?: string } | { kind: 'failure'; message?: string };
}

export interface FakeJob {
  id: string;
  createdAt: number;
  plan: JobPlan;
  seconds: number;
  orientation: 'portrait' | 'landscape';
  prompt: string;
  body: unknown;
  polls: number;
  /** Links issued so far (the first may be issued already expired). */
  linksIssued: number;
}

export type JobPhase = 'queued' | 'running' | 'succeeded' | 'moderated' | 'failed';

export interface FakeServerOptions {
  /** Default plan of new jobs. */
  job?: Partial<JobPlan>;
  /** Prompts for which generation fails in moderation. */
  moderate?: (prompt: string) => boolean;
  /** Prompts refused already at submission (input moderation). */
  rejectAtSubmit?: (prompt: string) => boolean;
  /** `first`: the first download link of every job is issued expired; `always`: every link is. */
  expireLinks?: 'never' | 'first' | 'always';
  /** Lifetime of a download link. */
  linkLifetimeMs?: number;
}

export type Route = 'submit' | 'poll' | 'download' | 'speech';

export abstract class FakeProviderServer {
  readonly requests: RecordedRequest[] = [];
  readonly jobs = new Map<string, FakeJob>();
  /** Jobs created: the count that must stay 1 when a resumed worker does not submit again. */
  submissions = 0;
  /** The most jobs that were queued or running at one moment. */
  maxJobsInFlight = 0;
  /** Milliseconds spent answering requests (the "provider time" benchmarks subtract). */
  serverTimeMs = 0;
  /** Plans for the next jobs, used before `options.job`. */
  readonly nextJobs: JobPlan[] = [];
  options: FakeServerOptions;
  private readonly faults = new Map<Route, { fault: Fault; times: number }[]>();
  private server: http.Server | undefined;
  private baseUrl = '';
  private readonly linkSecret = randomBytes(16).toString('hex');

  constructor(options: FakeServerOptions = {}) {
    this.options = options;
  }

  get url(): string {
    return this.baseUrl;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const started = performance.now();
      res.on('close', () => (this.serverTimeMs += performance.now() - started));
      this.dispatch(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`fake server bug: ${(error as Error).stack}`);
        } else res.destroy();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Queues a fault for the next `times` requests of `route`. */
  inject(route: Route, fault: Fault, times = 1): this {
    const queue = this.faults.get(route) ?? [];
    queue.push({ fault, times });
    this.faults.set(route, queue);
    return this;
  }

  requestsTo(route: Route): RecordedRequest[] {
    return this.requests.filter((request) => this.routeOf(request.method, request.path) === route);
  }

  /** Where a job stands now. */
  phase(job: FakeJob, now = Date.now()): JobPhase {
    const elapsed = now - job.createdAt;
    if (elapsed < job.plan.durationMs * 0.2) return 'queued';
    if (elapsed < job.plan.durationMs) return 'running';
    return job.plan.outcome.kind === 'succeed' ? 'succeeded' : job.plan.outcome.kind === 'moderation' ? 'moderated' : 'failed';
  }

  protected newJob(id: string, input: { seconds: number; orientation: 'portrait' | 'landscape'; prompt: string; body: unknown }): FakeJob {
    const planned = this.nextJobs.shift();
    const defaults: JobPlan = { durationMs: this.options.job?.durationMs ?? 200, outcome: this.options.job?.outcome ?? { kind: 'succeed' } };
    const plan: JobPlan = planned ?? (this.options.moderate?.(input.prompt) ? { ...defaults, outcome: { kind: 'moderation' } } : defaults);
    const job: FakeJob = { id, createdAt: Date.now(), plan, polls: 0, linksIssued: 0, ...input };
    this.jobs.set(id, job);
    this.submissions += 1;
    const inFlight = [...this.jobs.values()].filter((j) => ['queued', 'running'].includes(this.phase(j))).length;
    this.maxJobsInFlight = Math.max(this.maxJobsInFlight, inFlight);
    return job;
  }

  /** A pre-signed link to the job's MP4 on this server, expiring per `expireLinks`. */
  protected signedLink(job: FakeJob): string {
    job.linksIssued += 1;
    const mode = this.options.expireLinks ?? 'never';
    const expired = mode === 'always' || (mode === 'first' && job.linksIssued === 1);
    const expires = expired ? Date.now() - 1000 : Date.now() + (this.options.linkLifetimeMs ?? 3_600_000);
    const signature = createHmac('sha256', this.linkSecret).update(`${job.id}:${expires}`).digest('hex');
    return `${this.baseUrl}/files/${encodeURIComponent(job.id)}.mp4?Expires=${expires}&Signature=${signature}`;
  }

  /** Implemented per API: answer the request (the body is parsed JSON when it was JSON). */
  protected abstract handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: unknown): Promise<void>;
  /** Which route a path belongs to, for faults and counting. */
  protected abstract routeOf(method: string, path: string): Route | undefined;
  /** The API's own 429 / 5xx bodies. */
  protected abstract faultBody(fault: Fault, route: Route): { status: number; body: unknown; headers?: Record<string, string> };
  /** The video file a job serves. */
  protected abstract videoFile(job: FakeJob): Promise<string>;

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const raw = await readBody(req);
    let body: unknown = raw;
    if (raw.length > 0 && /json/.test(req.headers['content-type'] ?? '')) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        body = { unparseable: raw.toString('utf8') };
      }
    } else body = raw.length > 0 ? raw.toString('utf8') : undefined;
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, headers: req.headers, body, at: Date.now() });

    if (url.pathname.startsWith('/files/')) return this.serveSignedFile(url, res);
    const route = this.routeOf(req.method ?? 'GET', url.pathname);
    if (route) {
      const queue = this.faults.get(route);
      const next = queue?.[0];
      if (next) {
        next.times -= 1;
        if (next.times <= 0) queue!.shift();
        if (next.fault.kind === 'slow') {
          await new Promise((resolve) => setTimeout(resolve, (next.fault as { delayMs: number }).delayMs));
        } else {
          const answer = next.fault.kind === 'custom' ? next.fault : this.faultBody(next.fault, route);
          return sendJson(res, answer.status, answer.body, answer.headers);
        }
      }
    }
    await this.handle(req, res, url, body);
  }

  private async serveSignedFile(url: URL, res: http.ServerResponse): Promise<void> {
    const id = decodeURIComponent(url.pathname.replace(/^\/files\//, '').replace(/\.mp4$/, ''));
    const job = this.jobs.get(id);
    const expires = Number(url.searchParams.get('Expires'));
    const signature = url.searchParams.get('Signature') ?? '';
    const expected = createHmac('sha256', this.linkSecret).update(`${id}:${expires}`).digest('hex');
    // Object stores answer refused links with 403 and an XML body.
    const refuse = (message: string) => {
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>${message}</Message></Error>`);
    };
    if (!job || signature !== expected) return refuse('Invalid signature.');
    if (Date.now() > expires) return refuse('Request has expired.');
    const route = this.faults.get('download')?.[0];
    if (route) {
      route.times -= 1;
      if (route.times <= 0) this.faults.get('download')!.shift();
      const answer = route.fault.kind === 'custom' ? route.fault : route.fault.kind === 'slow' ? undefined : this.faultBody(route.fault, 'download');
      if (route.fault.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, (route.fault as { delayMs: number }).delayMs));
      else if (answer) return sendJson(res, answer.status, answer.body, answer.headers);
    }
    await sendFile(res, await this.videoFile(job), 'video/mp4');
  }
}

export function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export async function sendFile(res: http.ServerResponse, file: string, contentType: string): Promise<void> {
  const { size } = await stat(file);
  res.writeHead(200, { 'content-type': contentType, 'content-length': String(size) });
  await new Promise<void>((resolve, reject) => {
    createReadStream(file).on('error', reject).pipe(res).on('finish', resolve).on('error', reject);
  });
}

/** The `Bearer` token of a request, or undefined. */
export function bearer(req: http.IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer (.+)$/.exec(header) : null;
  return match?.[1];
}
