// A local HTTP server on 127.0.0.1 (random port) speaking the OpenAI chat-completions shape:
// `POST /v1/chat/completions` with `{model, messages, response_format?}`, answering
// `{id, object: "chat.completion", created, model, choices: [{index, message: {role, content,
// refusal}, finish_reason}], usage}` or `{error: {message, type, code}}`. Each test scripts the
// answers (good JSON, malformed JSON, refusals, cut-off answers, 500s, slow answers) and reads back
// the requests it received, so the LLM interpreter is tested over real HTTP, not by mocking it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body (undefined when the body was not JSON). */
  body: { model?: string; messages?: { role: string; content: string }[]; response_format?: unknown; [key: string]: unknown } | undefined;
}

export interface ScriptedAnswer {
  status?: number;
  /** An object is sent as JSON; a string is sent as is (to send malformed bodies). */
  body: unknown;
  /** Wait this long before answering (to exercise timeouts). */
  delayMs?: number;
}

export type Responder = (request: ChatRequest, count: number) => ScriptedAnswer;

export interface ChatCompletionsServer {
  /** e.g. `http://127.0.0.1:54321/v1` — what the interpreter takes as its base URL. */
  baseUrl: string;
  requests: ChatRequest[];
  /** Sets how the next requests are answered. */
  respondWith(responder: Responder): void;
  close(): Promise<void>;
}

/** A well-formed chat completion whose message content is `content`. */
export function chatCompletion(content: string | null, options: { finishReason?: string; refusal?: string; model?: string } = {}): Record<string, unknown> {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: options.model ?? 'test-model',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: options.refusal ?? null },
        finish_reason: options.finishReason ?? 'stop',
      },
    ],
    usage: { prompt_tokens: 100, completion_tokens: 100, total_tokens: 200 },
  };
}

/** An OpenAI-style error body. */
export function apiError(message: string, type = 'server_error', code: string | null = null): Record<string, unknown> {
  return { error: { message, type, param: null, code } };
}

export async function startChatCompletionsServer(): Promise<ChatCompletionsServer> {
  const requests: ChatRequest[] = [];
  let responder: Responder = () => ({ status: 500, body: apiError('no answer scripted') });
  const pending = new Set<ReturnType<typeof setTimeout>>();

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: ChatRequest['body'];
      try {
        body = raw ? (JSON.parse(raw) as ChatRequest['body']) : undefined;
      } catch {
        body = undefined;
      }
      const request: ChatRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      requests.push(request);
      const answer: ScriptedAnswer =
        request.method === 'POST' && request.path === '/v1/chat/completions'
          ? responder(request, requests.length)
          : { status: 404, body: apiError(`no route ${request.method} ${request.path}`, 'invalid_request_error') };
      const send = () => {
        if (res.destroyed) return;
        const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
        res.end(text);
      };
      if (answer.delayMs) {
        const timer = setTimeout(() => {
          pending.delete(timer);
          send();
        }, answer.delayMs);
        pending.add(timer);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    respondWith(next: Responder) {
      responder = next;
    },
    async close() {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
