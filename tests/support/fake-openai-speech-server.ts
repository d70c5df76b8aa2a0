// A local OpenAI-compatible `/v1/audio/speech`: validates every body against CreateSpeechRequest
// of the OpenAPI excerpt (additionalProperties false, input ≤ 4096, speed 0.25–4, formats),
// refuses `instructions` for tts-1 models as OpenAI documents, and answers real audio in the
// requested format (a tone whose length follows the text).
import type http from 'node:http';
import { FakeProviderServer, bearer, sendFile, sendJson, type FakeJob, type Fault, type FakeServerOptions, type Route } from './fake-provider-server.js';
import { fixtureAudio } from './fixture-media.js';
import { openAiErrorBody, openAiSpec } from './fake-openai-videos-server.js';

const CONTENT_TYPES: Record<string, string> = {
  mp3: 'audio/mpeg',
  opus: 'audio/ogg',
  aac: 'audio/aac',
  flac: 'audio/flac',
  wav: 'audio/wav',
  pcm: 'audio/pcm',
};

export interface FakeSpeechOptions extends FakeServerOptions {
  apiKey: string;
  /** Seconds of audio per character of input (before speed). */
  secondsPerCharacter?: number;
}

export class FakeOpenAiSpeechServer extends FakeProviderServer {
  /** Speech requests answered with audio. */
  syntheses = 0;

  constructor(readonly speech: FakeSpeechOptions) {
    super(speech);
  }

  protected routeOf(method: string, pathname: string): Route | undefined {
    return method === 'POST' && pathname === '/v1/audio/speech' ? 'speech' : undefined;
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

  protected videoFile(_job: FakeJob): Promise<string> {
    throw new Error('the speech API has no videos');
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: unknown): Promise<void> {
    if (this.routeOf(req.method ?? 'GET', url.pathname) !== 'speech') {
      return sendJson(res, 404, openAiErrorBody(`Invalid URL (${req.method} ${url.pathname})`, 'invalid_request_error', null));
    }
    if (bearer(req) !== this.speech.apiKey) return sendJson(res, 401, openAiErrorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
    const problems = openAiSpec().validate('CreateSpeechRequest', body);
    if (problems.length > 0) return sendJson(res, 400, openAiErrorBody(`Invalid request: ${problems.join('; ')}`, 'invalid_request_error', 'invalid_value'));
    const b = body as { model: string; input: string; instructions?: string; response_format?: string; speed?: number; stream_format?: string };
    if (b.instructions !== undefined && /^tts-1/.test(b.model)) {
      return sendJson(res, 400, openAiErrorBody(`instructions are not supported by ${b.model}`, 'invalid_request_error', 'unsupported_parameter', 'instructions'));
    }
    if (this.options.rejectAtSubmit?.(b.input)) {
      return sendJson(res, 400, openAiErrorBody('Your request was rejected as a result of our safety system.', 'invalid_request_error', 'moderation_blocked'));
    }
    const format = b.response_format ?? 'mp3';
    const seconds = Math.min(20, Math.max(0.3, [...b.input].length * (this.speech.secondsPerCharacter ?? 0.25))) / (b.speed ?? 1);
    this.syntheses += 1;
    return sendFile(res, await fixtureAudio(seconds, format), CONTENT_TYPES[format]!);
  }
}
