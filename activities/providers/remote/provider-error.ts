// What can go wrong when talking to a remote provider, in our own words. Every adapter maps
// its API's errors (HTTP status, business codes, failed jobs) onto one of these kinds; the kind
// alone decides whether we retry, and the message is written for the reviewer who will read it.

export type ProviderErrorKind =
  /** 429 / Kling 1302: too many requests; retry after the server's Retry-After. */
  | 'rate-limited'
  /** Kling 1303 and similar: too many jobs running at once; retry later. */
  | 'concurrency-limited'
  /** 5xx, Kling 5000–5002: the provider failed; retry with backoff. */
  | 'provider-unavailable'
  /** No answer in time, or the connection broke; retry with backoff. */
  | 'network'
  /** The prompt or the generated video was refused by the provider's content safety. */
  | 'content-rejected'
  /** The provider says our request is malformed or has values it does not accept. */
  | 'invalid-request'
  /** The keys are wrong, expired or lack permission. */
  | 'authentication'
  /** Balance, resource pack or quota exhausted (Kling 1102, OpenAI insufficient_quota, DashScope Arrearage). */
  | 'balance-exhausted'
  /** The job failed at the provider for another reason (a new submission may succeed). */
  | 'job-failed'
  /** The job ran longer than we are prepared to wait. */
  | 'job-timeout'
  /** The provider no longer holds the result (download link and job both expired). */
  | 'result-expired'
  /** A download link expired; asking the provider again (not the same link) gives a fresh one. */
  | 'link-expired'
  /** The provider answered with something we cannot read (not the documented shape). */
  | 'bad-response'
  /** Generating would exceed the production's budget. */
  | 'budget-exceeded'
  /** The provider was chosen but its keys (or price) are not configured. */
  | 'not-configured';

const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set([
  'rate-limited',
  'concurrency-limited',
  'provider-unavailable',
  'network',
  'job-failed',
  'bad-response',
]);

/**
 * The Temporal failure type of each kind (ApplicationFailure.type), stable for workflows and the
 * console; the non-retryable ones match `nonRetryableProviderErrors` in workflows/production-policies.ts.
 */
export const FAILURE_TYPES: Record<ProviderErrorKind, string> = {
  'rate-limited': 'ProviderRateLimited',
  'concurrency-limited': 'ProviderConcurrencyLimited',
  'provider-unavailable': 'ProviderUnavailable',
  network: 'ProviderUnreachable',
  'content-rejected': 'ContentRejected',
  'invalid-request': 'InvalidRequest',
  authentication: 'AuthenticationFailed',
  'balance-exhausted': 'InsufficientBalance',
  'job-failed': 'ProviderJobFailed',
  'job-timeout': 'ProviderJobTimedOut',
  'result-expired': 'ProviderResultExpired',
  'link-expired': 'ProviderLinkExpired',
  'bad-response': 'ProviderBadResponse',
  'budget-exceeded': 'BudgetExceeded',
  'not-configured': 'ProviderNotConfigured',
};

export interface ProviderErrorContext {
  provider: string;
  /** What we were doing: `submit`, `poll`, `download`, `speech` … */
  operation: string;
  /** HTTP status, when there was a response. */
  status?: number;
  /** The provider's own code (Kling business code, DashScope code, OpenAI error code). */
  code?: string;
  /** The provider's job id, when known. */
  jobId?: string;
  /** Milliseconds the provider asked us to wait (Retry-After). */
  retryAfterMs?: number;
  /** The provider's request id, for support tickets. */
  requestId?: string;
}

export class ProviderError extends Error {
  override name = 'ProviderError';
  readonly retryable: boolean;

  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly context: ProviderErrorContext,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.retryable = RETRYABLE.has(kind);
  }

  get failureType(): string {
    return FAILURE_TYPES[this.kind];
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}

/** Words that mark a failure as a content-safety refusal in any of the APIs' messages and codes. */
const MODERATION_MARKERS =
  /moderation|content[ _-]?(safety|policy|security|filter)|safety[ _-]?(system|check|policy)|risk[ _-]?control|sensitive|inappropriate|sentinel_block|DataInspectionFailed|IPInfringement|policy[ _-]?violation|violat|unsafe|审核|敏感|违规/i;

/** Whether a provider's failure code or message says the content was refused. */
export function looksLikeModeration(...texts: (string | undefined | null)[]): boolean {
  return texts.some((text) => typeof text === 'string' && MODERATION_MARKERS.test(text));
}

/** The provider's message, cut to a length a reviewer will read, on one line. */
export function providerWords(message: unknown, max = 300): string {
  const text = typeof message === 'string' ? message : message === undefined || message === null ? '' : JSON.stringify(message);
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
