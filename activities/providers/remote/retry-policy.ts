// Retrying transient provider errors: exponential backoff with jitter that never waits less
// than the server's Retry-After, and sleeps that end early when the activity is cancelled.
import { ProviderError } from './provider-error.js';

export interface RetryPolicy {
  /** Attempts in all, including the first. */
  maxAttempts: number;
  /** Backoff before the second attempt; doubles each time. */
  baseDelayMs: number;
  /** Ceiling of the backoff (Retry-After may ask for longer and is honoured up to `maxRetryAfterMs`). */
  maxDelayMs: number;
  /** The longest Retry-After we honour inside one activity; longer waits go back to Temporal. */
  maxRetryAfterMs: number;
}

/**
 * Milliseconds to wait from a Retry-After header (delta-seconds or an HTTP date), or from
 * OpenAI's `retry-after-ms`. Undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: { get(name: string): string | null }, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Math.round(Number(ms));
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1): full-jitter exponential
 * backoff, but never shorter than what the server asked for.
 */
export function retryDelay(policy: RetryPolicy, attempt: number, retryAfterMs: number | undefined, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  // Half fixed, half jitter: spreads retries without ever collapsing to zero.
  const backoff = ceiling / 2 + random() * (ceiling / 2);
  const asked = retryAfterMs === undefined ? 0 : Math.min(retryAfterMs, policy.maxRetryAfterMs);
  return Math.round(Math.max(backoff, asked));
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason ?? new Error('aborted'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryHooks {
  signal?: AbortSignal;
  /** Called before each wait, e.g. to heartbeat or log. */
  onRetry?: (error: ProviderError, attempt: number, delayMs: number) => void;
}

/**
 * Runs `call` until it succeeds, a non-retryable error is thrown, or the attempts are used up
 * (then the last error is rethrown, still marked retryable, for Temporal to schedule later).
 */
export async function withRetries<T>(policy: RetryPolicy, call: (attempt: number) => Promise<T>, hooks: RetryHooks = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      if (!(error instanceof ProviderError) || !error.retryable || attempt >= policy.maxAttempts) throw error;
      // A Retry-After longer than we will wait here is Temporal's to honour (nextRetryDelay).
      if ((error.context.retryAfterMs ?? 0) > policy.maxRetryAfterMs) throw error;
      const delay = retryDelay(policy, attempt, error.context.retryAfterMs);
      hooks.onRetry?.(error, attempt, delay);
      await sleep(delay, hooks.signal);
    }
  }
}
