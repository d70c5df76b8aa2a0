// OpenAI-shaped error bodies `{error: {message, type, code, param}}` → ProviderError. Shared by
// the /v1/videos adapter and the speech provider (any gateway speaking OpenAI's shapes).
import { field, kindOfStatus, responseContext, stringField, type JsonResponse } from './http-client.js';
import { looksLikeModeration, ProviderError, providerWords, type ProviderErrorKind } from './provider-error.js';

export function openAiKind(status: number, code: string | undefined, type: string | undefined, message: string): ProviderErrorKind {
  // 429 means two different things: slow down, or pay (insufficient_quota never clears by waiting).
  if (code === 'insufficient_quota' || type === 'insufficient_quota' || code === 'billing_hard_limit_reached') return 'balance-exhausted';
  if (looksLikeModeration(code, type) || (status === 400 && looksLikeModeration(message))) return 'content-rejected';
  if (code === 'invalid_api_key' || status === 401) return 'authentication';
  return kindOfStatus(status);
}

const ADVICE: Partial<Record<ProviderErrorKind, string>> = {
  authentication: 'check OPENAI_API_KEY (and OPENAI_BASE_URL)',
  'balance-exhausted': 'the account behind OPENAI_API_KEY is out of quota or credit',
  'content-rejected': 'the provider’s moderation refused it; edit the prompt and regenerate',
};

export function openAiError(
  response: Pick<JsonResponse, 'status' | 'headers' | 'body' | 'text'>,
  where: { provider: string; displayName: string; operation: string; jobId?: string },
): ProviderError {
  const error = field(response.body, 'error');
  const code = stringField(error, 'code');
  const type = stringField(error, 'type');
  const message = stringField(error, 'message') ?? (typeof error === 'string' ? error : providerWords(response.text));
  const kind = openAiKind(response.status, code, type, message);
  const words = `${where.displayName} ${where.operation} failed (${code ? `${code}, ` : ''}HTTP ${response.status}): ${providerWords(message)}`;
  const advice = ADVICE[kind];
  return new ProviderError(
    kind,
    advice ? `${words} — ${advice}` : words,
    responseContext(response, where, { code, requestId: response.headers.get('x-request-id') ?? undefined }),
  );
}
