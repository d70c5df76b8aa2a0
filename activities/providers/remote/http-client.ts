// One HTTP exchange with a provider over fetch: a per-request timeout, cancellation from the
// activity, and transport failures turned into retryable ProviderErrors that say what we were
// doing. Reading an API's error bodies is each adapter's job (they differ per API).
import { ProviderError, type ProviderErrorKind } from './provider-error.js';
import { parseRetryAfter } from './retry-policy.js';

export type Fetch = typeof fetch;

export interface ExchangeOptions {
  provider: string;
  operation: string;
  method?: 'GET' | 'POST' | 'DELETE';
  headers?: Record<string, string>;
  /** A JSON body (sent with content-type application/json). */
  json?: unknown;
  timeoutMs: number;
  /** The activity's cancellation: aborting it aborts the request and rethrows the reason. */
  signal?: AbortSignal;
  jobId?: string;
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  /** Parsed body, or undefined when the body is not JSON. */
  body: unknown;
  /** The raw text (for messages when the body is not JSON). */
  text: string;
}

/** Sends a request and returns the response with its body still unread (downloads stream it). */
export async function exchange(fetchImpl: Fetch, url: string, options: ExchangeOptions): Promise<Response> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  try {
    return await fetchImpl(url, { method: options.method ?? (body ? 'POST' : 'GET'), headers, body, signal });
  } catch (error) {
    throw transportError(error, options);
  }
}

/** Sends a request and reads its body as JSON (when it is JSON). */
export async function exchangeJson(fetchImpl: Fetch, url: string, options: ExchangeOptions): Promise<JsonResponse> {
  const response = await exchange(fetchImpl, url, options);
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw transportError(error, options);
  }
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** A failed exchange: cancellation is rethrown as is; timeouts and broken connections become retryable errors. */
export function transportError(error: unknown, options: Pick<ExchangeOptions, 'provider' | 'operation' | 'signal' | 'timeoutMs' | 'jobId'>): unknown {
  if (options.signal?.aborted) return options.signal.reason ?? error;
  const name = (error as { name?: string } | null)?.name;
  const context = { provider: options.provider, operation: options.operation, jobId: options.jobId };
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ProviderError('network', `${options.provider} did not answer ${options.operation} within ${Math.round(options.timeoutMs / 1000)} s`, context, { cause: error });
  }
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
  return new ProviderError('network', `cannot reach ${options.provider} for ${options.operation}: ${detail}`, context, { cause: error });
}

/** The kind an HTTP status means when the body says nothing more specific. */
export function kindOfStatus(status: number): ProviderErrorKind {
  if (status === 401 || status === 403) return 'authentication';
  if (status === 402) return 'balance-exhausted';
  if (status === 429) return 'rate-limited';
  if (status === 408 || status >= 500) return 'provider-unavailable';
  return 'invalid-request';
}

/** The common context of an error built from a response. */
export function responseContext(
  response: Pick<JsonResponse, 'status' | 'headers'>,
  options: { provider: string; operation: string; jobId?: string },
  extra: { code?: string; requestId?: string } = {},
) {
  return {
    provider: options.provider,
    operation: options.operation,
    jobId: options.jobId,
    status: response.status,
    retryAfterMs: parseRetryAfter(response.headers),
    ...extra,
  };
}

/** Joins a base URL and a path without doubling or dropping slashes. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** A JSON object's property when the value is an object; undefined otherwise. */
export function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

export function stringField(value: unknown, key: string): string | undefined {
  const v = field(value, key);
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}
