import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiError, chatCompletion, startChatCompletionsServer, type ChatCompletionsServer } from '../tests/support/chat-completions-server.js';
import { interpretPoem } from './interpret.js';
import { llmConfigFromEnv, refinePlanWithLlm, type LlmRefinement } from './llm-interpreter.js';
import { ShotPlan } from './shot-plan.js';

// Frozen deeply, so no test can change the plan the others compare against.
const plan = deepFreeze(interpretPoem({ id: null, title: '静夜思', author: '李白', dynasty: '唐', lines: ['床前明月光，疑是地上霜。', '举头望明月，低头思故乡。'] }));

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** A valid refinement of `plan`: its own values with fluent narration and richer visuals. */
function goodRefinement(): LlmRefinement {
  return {
    shots: plan.shots.map((shot) => ({
      index: shot.index,
      imagery: shot.imagery.map((item) => ({ term: item.term, visual: `${item.visual}, seen by a sleepless traveller`, symbolism: item.symbolism, motif: item.motif ?? null })),
      setting: { timeOfDay: 'night', season: 'autumn', weather: 'clear', place: 'interior' },
      camera: { ...shot.camera },
      composition: shot.composition ?? 'level-distance',
      mood: 'longing',
      prompt: `Refined: ${shot.prompt}`.slice(0, 2500),
      promptZh: shot.promptZh,
      narration: { paraphrase: `现代汉语释义 ${shot.index}`, translation: `Translation ${shot.index}` },
    })),
  };
}

describe('refinePlanWithLlm against a local chat-completions server', () => {
  let server: ChatCompletionsServer;
  before(async () => {
    server = await startChatCompletionsServer();
  });
  after(async () => {
    await server.close();
  });
  const config = () => ({ baseUrl: server.baseUrl, model: 'test-model', apiKey: 'sk-test', timeoutMs: 2000 });

  it('merges a valid refinement and records the model', async () => {
    server.respondWith(() => ({ body: chatCompletion(JSON.stringify(goodRefinement())) }));
    const before = server.requests.length;
    const refined = await refinePlanWithLlm(plan, config());
    assert.deepEqual(refined.interpreter, { kind: 'llm', model: 'test-model' });
    ShotPlan.parse(refined);
    assert.equal(refined.shots[0]?.narration.paraphrase, '现代汉语释义 0');
    assert.equal(refined.shots[0]?.narration.recite, plan.shots[0]?.narration.recite, 'recitation stays the verse');
    assert.equal(refined.shots[0]?.negativePrompt, plan.shots[0]?.negativePrompt, 'the anachronism guard stays ours');
    for (const shot of refined.shots) {
      for (const item of shot.imagery) {
        assert.equal(item.source, 'llm');
        assert.equal(refined.poem.lines[item.line]?.slice(item.start, item.end), item.term);
      }
    }
    const request = server.requests[before];
    assert.equal(request?.path, '/v1/chat/completions');
    assert.equal(request?.headers.authorization, 'Bearer sk-test');
    assert.equal(request?.body?.model, 'test-model');
    assert.equal(request?.body?.messages?.[0]?.role, 'system');
    assert.match(request?.body?.messages?.[1]?.content ?? '', /床前明月光/);
    assert.equal((request?.body?.response_format as { type?: string } | undefined)?.type, 'json_schema');
  });

  it('accepts an answer wrapped in a ```json fence', async () => {
    server.respondWith(() => ({ body: chatCompletion(`\`\`\`json\n${JSON.stringify(goodRefinement())}\n\`\`\``) }));
    const refined = await refinePlanWithLlm(plan, config());
    assert.equal(refined.interpreter?.kind, 'llm');
  });

  it('recomputes offsets from the text: an image the model places on another line of the shot still traces back', async () => {
    const refinement = goodRefinement();
    const first = refinement.shots[0];
    assert.ok(first);
    first.imagery = [{ term: '明月', visual: 'the moon', symbolism: 'longing', motif: 'moon' }];
    server.respondWith(() => ({ body: chatCompletion(JSON.stringify(refinement)) }));
    const refined = await refinePlanWithLlm(plan, config());
    const item = refined.shots[0]?.imagery[0];
    assert.deepEqual(item && { line: item.line, start: item.start, end: item.end, motif: item.motif }, { line: 0, start: 2, end: 4, motif: 'moon' });
  });

  const fallbacks: [string, () => { status?: number; body: unknown; delayMs?: number }, RegExp][] = [
    ['malformed JSON in the message', () => ({ body: chatCompletion('{"shots": [ {"index": 0,') }), /not valid JSON/],
    ['JSON of the wrong shape', () => ({ body: chatCompletion(JSON.stringify({ scenes: [] })) }), /does not match the refinement schema: shots/],
    [
      'a camera move outside the vocabulary',
      () => {
        const refinement = goodRefinement() as unknown as { shots: { camera: { move: string } }[] };
        if (refinement.shots[0]) refinement.shots[0].camera.move = 'zoom-dolly';
        return { body: chatCompletion(JSON.stringify(refinement)) };
      },
      /shots\.0\.camera\.move/,
    ],
    [
      'a mood outside the vocabulary',
      () => {
        const refinement = goodRefinement();
        if (refinement.shots[1]) refinement.shots[1].mood = 'cosmic dread';
        return { body: chatCompletion(JSON.stringify(refinement)) };
      },
      /mood must be one of/,
    ],
    [
      'an image that is not in the shot’s lines',
      () => {
        const refinement = goodRefinement();
        refinement.shots[0]?.imagery.push({ term: '飞机', visual: 'an aeroplane', symbolism: '', motif: null });
        return { body: chatCompletion(JSON.stringify(refinement)) };
      },
      /"飞机", which is not in shot 0's lines/,
    ],
    [
      'too few shots',
      () => ({ body: chatCompletion(JSON.stringify({ shots: goodRefinement().shots.slice(0, 2) })) }),
      /covers shots \[0, 1\] but the plan has shots \[0, 1, 2, 3\]/,
    ],
    [
      'a prompt over the length limit',
      () => {
        const refinement = goodRefinement();
        if (refinement.shots[2]) refinement.shots[2].prompt = 'ink '.repeat(1000);
        return { body: chatCompletion(JSON.stringify(refinement)) };
      },
      /shots\.2\.prompt/,
    ],
    ['an empty message', () => ({ body: chatCompletion('') }), /answer is empty/],
    ['a refusal', () => ({ body: chatCompletion(null, { refusal: 'I cannot help with that.' }) }), /model refused: I cannot help with that/],
    ['an answer cut off by the token limit', () => ({ body: chatCompletion('{"shots": [', { finishReason: 'length' }) }), /cut off/],
    ['HTTP 500 with an error body', () => ({ status: 500, body: apiError('The server had an error while processing your request.') }), /HTTP 500: The server had an error/],
    ['HTTP 429', () => ({ status: 429, body: apiError('Rate limit reached', 'rate_limit_error') }), /HTTP 429: Rate limit reached/],
    ['a body that is not JSON', () => ({ body: '<html>Bad gateway</html>' }), /response is not JSON/],
    ['JSON that is not a chat completion', () => ({ body: { result: 'ok' } }), /not a chat completion/],
    ['no answer in time', () => ({ delayMs: 1500, body: chatCompletion(JSON.stringify(goodRefinement())) }), /did not answer within 300 ms/],
  ];
  for (const [name, answer, reason] of fallbacks) {
    it(`falls back to the deterministic plan on ${name}`, async () => {
      server.respondWith(answer);
      const result = await refinePlanWithLlm(plan, { ...config(), timeoutMs: 300 });
      assert.equal(result.interpreter?.kind, 'deterministic');
      assert.match(result.interpreter?.fallbackReason ?? '', reason);
      assert.deepEqual(result.shots, plan.shots, 'the deterministic shots are kept unchanged');
      ShotPlan.parse(result);
    });
  }

  it('asks again without response_format when the server does not support it', async () => {
    server.respondWith((request) =>
      request.body?.response_format
        ? { status: 400, body: apiError("Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.", 'invalid_request_error') }
        : { body: chatCompletion(JSON.stringify(goodRefinement())) },
    );
    const before = server.requests.length;
    const refined = await refinePlanWithLlm(plan, config());
    assert.equal(refined.interpreter?.kind, 'llm');
    assert.equal(server.requests.length - before, 2);
    assert.equal(server.requests[before + 1]?.body?.response_format, undefined);
  });

  it('falls back when the endpoint cannot be reached', async () => {
    const closed = await startChatCompletionsServer();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const result = await refinePlanWithLlm(plan, { baseUrl, model: 'm', timeoutMs: 2000 });
    assert.equal(result.interpreter?.kind, 'deterministic');
    assert.match(result.interpreter?.fallbackReason ?? '', /request failed: ECONNREFUSED/);
  });

  it('falls back, without a request, when no LLM is configured', async () => {
    const result = await refinePlanWithLlm(plan, undefined);
    assert.match(result.interpreter?.fallbackReason ?? '', /no LLM is configured/);
  });
});

describe('llmConfigFromEnv', () => {
  it('needs a base URL and a model', () => {
    assert.equal(llmConfigFromEnv({}), undefined);
    assert.equal(llmConfigFromEnv({ SHIYING_LLM_BASE_URL: 'http://x/v1' }), undefined);
    assert.deepEqual(llmConfigFromEnv({ SHIYING_LLM_BASE_URL: 'http://x/v1', SHIYING_LLM_MODEL: 'qwen', SHIYING_LLM_API_KEY: 'k', SHIYING_LLM_TIMEOUT_MS: '5000' }), {
      baseUrl: 'http://x/v1',
      model: 'qwen',
      apiKey: 'k',
      timeoutMs: 5000,
    });
  });
});
