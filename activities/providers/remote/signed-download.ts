// Opening a provider's pre-signed download link (Kling's CDN, DashScope's OSS): no
// Authorization header — the API key is for the API host only — and a refused link (403/404/410,
// typically "Request has expired") reported as `link-expired`, so the caller asks for a fresh one.
import { exchange, kindOfStatus, responseContext, type Fetch } from './http-client.js';
import { ProviderError, providerWords } from './provider-error.js';
import type { CallOptions } from './remote-video-provider.js';

export async function openSignedDownload(fetchImpl: Fetch, provider: string, displayName: string, url: string, jobId: string, options: CallOptions): Promise<Response> {
  const response = await exchange(fetchImpl, url, {
    provider,
    operation: 'download',
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    jobId,
    headers: { accept: 'video/mp4,*/*' },
  });
  if (response.ok) return response;
  const text = providerWords(await response.text().catch(() => ''), 160);
  const context = responseContext(response, { provider, operation: 'download', jobId });
  if (response.status === 403 || response.status === 404 || response.status === 410) {
    throw new ProviderError('link-expired', `${displayName}'s download link for job ${jobId} no longer works (HTTP ${response.status}): ${text}`, context);
  }
  throw new ProviderError(kindOfStatus(response.status), `${displayName} download of job ${jobId} failed (HTTP ${response.status}): ${text}`, context);
}
