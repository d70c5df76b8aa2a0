// Optional LLM refinement of a deterministic plan, through any OpenAI-compatible chat-completions
// endpoint (OpenAI, DeepSeek, Qwen compatible mode, a local Ollama …).
//
// The model sees the poem and the deterministic plan and answers with a refinement of the same
// shots — richer visuals, camera, setting, mood, prompts, a fluent paraphrase and translation —
// as JSON (`response_format: json_schema` where the server supports it). The answer is validated
// with zod and merged back: every image the model names must occur in the shot's own lines (its
// offsets are recomputed from the text, so it still traces back to its words), the shots and the
// lines they cover cannot change, and the negative prompt (the anachronism guard) stays ours. The
// merged plan is validated again as a ShotPlan. On any error — not configured, timeout, network,
// HTTP status, malformed or invalid answer — the deterministic plan is returned with
// `interpreter.fallbackReason` saying why. This function never throws for a bad answer.
import { z } from 'zod';
import { lexicon } from './lexicon/index.js';
import { isMotif, MOTIFS } from './motifs.js';
import { MOODS } from './mood.js';
import { CameraMove, Composition, lineCoverageProblems, Season, ShotPlan, ShotSize, TimeOfDay, type ImageryItem } from './shot-plan.js';

export interface LlmConfig {
  /** Base URL up to the version, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Whole-request timeout (default 60 s). */
  timeoutMs?: number;
  /** Injected for tests and for runtimes without a global fetch. */
  fetch?: typeof fetch;
}

export const DEFAULT_LLM_TIMEOUT_MS = 60_000;

/** The environment variables the LLM interpreter reads (the CLI and the worker pass `process.env`). */
export const LLM_ENV_VARS = {
  baseUrl: 'SHIYING_LLM_BASE_URL',
  model: 'SHIYING_LLM_MODEL',
  apiKey: 'SHIYING_LLM_API_KEY',
  timeoutMs: 'SHIYING_LLM_TIMEOUT_MS',
} as const;

/** LLM configuration from the environment, or undefined when base URL or model is missing. */
export function llmConfigFromEnv(env: Record<string, string | undefined>): LlmConfig | undefined {
  const baseUrl = env[LLM_ENV_VARS.baseUrl]?.trim();
  const model = env[LLM_ENV_VARS.model]?.trim();
  if (!baseUrl || !model) return undefined;
  const apiKey = env[LLM_ENV_VARS.apiKey]?.trim() || env.OPENAI_API_KEY?.trim() || undefined;
  const timeout = Number(env[LLM_ENV_VARS.timeoutMs]);
  return { baseUrl, model, ...(apiKey ? { apiKey } : {}), ...(Number.isFinite(timeout) && timeout > 0 ? { timeoutMs: timeout } : {}) };
}

/** Prompt lengths the refinement must respect (Kling's limit for English, Wan's for Chinese). */
const MAX_PROMPT = 2500;
const MAX_PROMPT_ZH = 800;

const LlmImage = z.object({
  term: z.string().min(1),
  visual: z.string().min(1),
  symbolism: z.string(),
  motif: z.string().nullable().optional(),
});

const LlmShot = z.object({
  index: z.number().int().min(0),
  imagery: z.array(LlmImage),
  setting: z.object({ timeOfDay: TimeOfDay, season: Season, weather: z.string().min(1), place: z.string().min(1) }),
  camera: z.object({ move: CameraMove, shotSize: ShotSize }),
  composition: Composition,
  mood: z.string().refine((mood) => MOODS.includes(mood), { message: `mood must be one of ${MOODS.join(', ')}` }),
  prompt: z.string().min(1).max(MAX_PROMPT),
  promptZh: z.string().min(1).max(MAX_PROMPT_ZH),
  narration: z.object({ paraphrase: z.string().min(1), translation: z.string().min(1) }),
});

/** What the model must answer. */
export const LlmRefinement = z.object({ shots: z.array(LlmShot).min(1) });
export type LlmRefinement = z.infer<typeof LlmRefinement>;

/** The same shape as a JSON Schema, for `response_format` (strict mode: everything required). */
export function refinementJsonSchema(): Record<string, unknown> {
  const string = { type: 'string' };
  const object = (properties: Record<string, unknown>) => ({ type: 'object', properties, required: Object.keys(properties), additionalProperties: false });
  return object({
    shots: {
      type: 'array',
      items: object({
        index: { type: 'integer' },
        imagery: { type: 'array', items: object({ term: string, visual: string, symbolism: string, motif: { type: ['string', 'null'], enum: [...MOTIFS, null] } }) },
        setting: object({ timeOfDay: { type: 'string', enum: TimeOfDay.options }, season: { type: 'string', enum: Season.options }, weather: string, place: string }),
        camera: object({ move: { type: 'string', enum: CameraMove.options }, shotSize: { type: 'string', enum: ShotSize.options } }),
        composition: { type: 'string', enum: Composition.options },
        mood: { type: 'string', enum: MOODS },
        prompt: string,
        promptZh: string,
        narration: object({ paraphrase: string, translation: string }),
      }),
    },
  });
}

const SYSTEM_PROMPT = [
  'You are a film director and a scholar of classical Chinese poetry. You refine a storyboard that turns one poem into a short ink-painting film, one shot per group of lines.',
  'Answer with JSON only, in exactly the requested shape, one entry per shot of the draft, same `index` values, same order.',
  'For each shot: `imagery` lists the things a viewer should see, each `term` copied character for character from that shot’s own lines (no other words), with an English `visual` description true to the period (no modern objects, no text on screen), its traditional `symbolism`, and `motif` from the allowed list or null.',
  'Keep mood (what the poem feels) separate from the scene; show it through light, emptiness and weather. Use the allowed values for timeOfDay, season, camera move, shot size, composition (Guo Xi’s three distances) and mood.',
  `\`prompt\` is a provider-neutral English video prompt (at most ${MAX_PROMPT} characters); \`promptZh\` the same in Chinese (at most ${MAX_PROMPT_ZH} characters).`,
  '`narration.paraphrase` is a fluent modern Chinese paraphrase of the shot’s lines; `narration.translation` a faithful English translation.',
].join('\n');

function userMessage(plan: ShotPlan): string {
  return JSON.stringify({
    poem: { title: plan.poem.title, author: plan.poem.author, dynasty: plan.poem.dynasty, form: plan.poem.form, lines: plan.poem.lines },
    style: { look: plan.style.look, aspect: plan.style.aspect },
    draft: plan.shots.map((shot) => ({
      index: shot.index,
      lines: shot.lineIndexes.map((line) => plan.poem.lines[line]),
      imagery: shot.imagery.map((item) => ({ term: item.term, visual: item.visual, symbolism: item.symbolism, motif: item.motif ?? null })),
      setting: shot.setting,
      camera: shot.camera,
      composition: shot.composition ?? 'level-distance',
      mood: shot.mood,
      prompt: shot.prompt,
      promptZh: shot.promptZh,
    })),
  });
}

/** Why a refinement was not used; carried as the fallback reason. */
class RefinementRejected extends Error {}

function oneLine(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function zodProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
}

async function postChatCompletion(config: LlmConfig, body: Record<string, unknown>, signal: AbortSignal): Promise<{ status: number; text: string }> {
  const doFetch = config.fetch ?? fetch;
  const url = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;
  const response = await doFetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal });
  return { status: response.status, text: await response.text() };
}

const ChatCompletionResponse = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullable().optional(), refusal: z.string().nullable().optional() }).passthrough(),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1),
});

/** The text of the model's answer, or a RefinementRejected saying what was wrong with the response. */
function answerContent(status: number, text: string): string {
  if (status < 200 || status >= 300) {
    let detail = oneLine(text, 160);
    try {
      const parsed = JSON.parse(text) as { error?: { message?: string } };
      if (parsed.error?.message) detail = oneLine(parsed.error.message, 160);
    } catch {
      // not JSON: keep the raw text
    }
    throw new RefinementRejected(`the LLM endpoint answered HTTP ${status}${detail ? `: ${detail}` : ''}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RefinementRejected(`the LLM endpoint's response is not JSON: ${oneLine(text, 80) || '(empty body)'}`);
  }
  const parsed = ChatCompletionResponse.safeParse(json);
  if (!parsed.success) throw new RefinementRejected(`the LLM endpoint's response is not a chat completion (${zodProblem(parsed.error)})`);
  const choice = parsed.data.choices[0];
  if (!choice) throw new RefinementRejected('the LLM answer has no choices');
  if (choice.message.refusal) throw new RefinementRejected(`the model refused: ${oneLine(choice.message.refusal, 160)}`);
  if (choice.finish_reason === 'length') throw new RefinementRejected('the LLM answer was cut off (finish_reason "length")');
  if (choice.finish_reason === 'content_filter') throw new RefinementRejected('the LLM answer was withheld by a content filter');
  const content = choice.message.content;
  if (!content || content.trim() === '') throw new RefinementRejected('the LLM answer is empty');
  return content;
}

/** The refinement object from the model's text (tolerating a ```json fence around it). */
function parseRefinement(content: string): LlmRefinement {
  const unfenced = content
    .trim()
    .replace(/^```(?:json)?\s*/iu, '')
    .replace(/\s*```$/u, '');
  let json: unknown;
  try {
    json = JSON.parse(unfenced);
  } catch (error) {
    throw new RefinementRejected(`the LLM answer is not valid JSON (${oneLine((error as Error).message, 100)})`);
  }
  const parsed = LlmRefinement.safeParse(json);
  if (!parsed.success) throw new RefinementRejected(`the LLM answer does not match the refinement schema: ${zodProblem(parsed.error)}`);
  return parsed.data;
}

/** Offsets of `term` within the shot's lines, preferring places not already taken. */
function locate(plan: ShotPlan, lineIndexes: readonly number[], term: string, taken: Set<string>): { line: number; start: number } | undefined {
  let fallback: { line: number; start: number } | undefined;
  for (const line of lineIndexes) {
    const text = plan.poem.lines[line] ?? '';
    let from = text.indexOf(term);
    while (from !== -1) {
      const key = `${line}:${from}`;
      if (!taken.has(key)) return { line, start: from };
      fallback ??= { line, start: from };
      from = text.indexOf(term, from + 1);
    }
  }
  return fallback;
}

/** The deterministic plan with the refinement merged in (throws RefinementRejected when it cannot be). */
export function mergeRefinement(plan: ShotPlan, refinement: LlmRefinement, model: string): ShotPlan {
  const indexes = refinement.shots.map((shot) => shot.index).sort((a, b) => a - b);
  const expected = plan.shots.map((shot) => shot.index);
  if (indexes.length !== expected.length || indexes.some((index, i) => index !== expected[i])) {
    throw new RefinementRejected(`the LLM answer covers shots [${indexes.join(', ')}] but the plan has shots [${expected.join(', ')}]`);
  }
  const byIndex = new Map(refinement.shots.map((shot) => [shot.index, shot]));
  const { bySurface } = lexicon();
  const shots = plan.shots.map((shot) => {
    const refined = byIndex.get(shot.index);
    if (!refined) return shot;
    const taken = new Set<string>();
    const imagery: ImageryItem[] = refined.imagery.map((image) => {
      const place = locate(plan, shot.lineIndexes, image.term, taken);
      if (!place) throw new RefinementRejected(`the LLM named the image "${oneLine(image.term, 40)}", which is not in shot ${shot.index}'s lines`);
      taken.add(`${place.line}:${place.start}`);
      const entry = bySurface.get(image.term);
      const motif = entry?.motif ?? (isMotif(image.motif) ? image.motif : undefined);
      const item: ImageryItem = {
        term: image.term,
        visual: image.visual,
        symbolism: image.symbolism,
        line: place.line,
        start: place.start,
        end: place.start + image.term.length,
        source: 'llm',
        category: entry?.category ?? 'unknown',
      };
      if (motif) item.motif = motif;
      if (entry) item.visualZh = entry.zh;
      return item;
    });
    const placeName = shot.setting.placeName;
    return {
      ...shot,
      imagery,
      setting: { ...refined.setting, ...(placeName ? { placeName } : {}) },
      camera: refined.camera,
      composition: refined.composition,
      mood: refined.mood,
      prompt: refined.prompt,
      promptZh: refined.promptZh,
      narration: { ...shot.narration, paraphrase: refined.narration.paraphrase, translation: refined.narration.translation },
    };
  });
  const merged = ShotPlan.safeParse({ ...plan, shots, interpreter: { kind: 'llm', model } });
  if (!merged.success) throw new RefinementRejected(`the refined plan is invalid: ${zodProblem(merged.error)}`);
  const coverage = lineCoverageProblems(merged.data);
  if (coverage.length > 0) throw new RefinementRejected(`the refined plan does not cover the poem: ${coverage[0]}`);
  return merged.data;
}

function fallback(plan: ShotPlan, reason: string, model?: string): ShotPlan {
  return { ...plan, interpreter: { kind: 'deterministic', fallbackReason: reason, ...(model ? { model } : {}) } };
}

/**
 * Refines a deterministic plan with an LLM. Resolves to the refined plan (`interpreter.kind`
 * `llm`), or to the deterministic plan with `interpreter.fallbackReason` when the refinement could
 * not be used.
 */
export async function refinePlanWithLlm(plan: ShotPlan, config: LlmConfig | undefined): Promise<ShotPlan> {
  if (!config?.baseUrl || !config.model) {
    return fallback(plan, `no LLM is configured (set ${LLM_ENV_VARS.baseUrl} and ${LLM_ENV_VARS.model})`);
  }
  const timeoutMs = config.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const body: Record<string, unknown> = {
    model: config.model,
    temperature: 0.3,
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: userMessage(plan) },
    ],
    response_format: { type: 'json_schema', json_schema: { name: 'shot_plan_refinement', strict: true, schema: refinementJsonSchema() } },
  };
  try {
    let response = await postChatCompletion(config, body, controller.signal);
    // Servers without structured outputs reject `response_format`: ask once more without it.
    if (response.status === 400 && /response_format|json_schema/i.test(response.text)) {
      const { response_format: _unsupported, ...plain } = body;
      response = await postChatCompletion(config, plain, controller.signal);
    }
    const refinement = parseRefinement(answerContent(response.status, response.text));
    return mergeRefinement(plan, refinement, config.model);
  } catch (error) {
    if (error instanceof RefinementRejected) return fallback(plan, error.message, config.model);
    if (controller.signal.aborted) return fallback(plan, `the LLM did not answer within ${timeoutMs} ms`, config.model);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error).message;
    return fallback(plan, `the LLM request failed: ${oneLine(String(detail), 160)}`, config.model);
  } finally {
    clearTimeout(timer);
  }
}
