// Pure translation of a shot into each API's allowed values: duration to the nearest length the
// API offers (never shorter than planned when a long-enough one exists — the film's audio sync
// trims a longer clip and holds a shorter one), aspect to the API's sizes. The prompt text comes
// from the provider templates of prompts/ (language, limits, negative prompt or "Avoid: …").
import { promptForProvider } from '../../../prompts/provider-prompts.js';
import type { Shot } from '../../../prompts/shot-plan.js';
import type { MappedShot, ShotStyle } from './remote-video-provider.js';

/** The shortest allowed length that covers `planned`, or the longest allowed when none does. */
export function pickDuration(planned: number, allowed: readonly number[]): number {
  const sorted = [...allowed].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error('no allowed durations');
  return sorted.find((seconds) => seconds >= planned - 1e-9) ?? sorted[sorted.length - 1]!;
}

/** Whole seconds in [min, max] covering `planned`. */
export function pickWholeSeconds(planned: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.ceil(planned - 1e-9)));
}

/** The provider's prompt for a shot, noting what its template had to cut to fit the API. */
function providerPrompt(shot: Shot, provider: 'kling' | 'wan' | 'openai-videos', adjustments: string[]): { prompt: string; negativePrompt?: string } {
  const fitted = promptForProvider(shot, provider);
  const source = provider === 'wan' ? shot.promptZh : shot.prompt;
  if (!fitted.prompt.startsWith(source.trim())) adjustments.push(`prompt shortened from ${[...source].length} to ${[...fitted.prompt].length} characters for ${provider}`);
  if (fitted.negativePrompt !== undefined && shot.negativePrompt !== '' && fitted.negativePrompt !== shot.negativePrompt) {
    adjustments.push(`negative prompt shortened from ${[...shot.negativePrompt].length} to ${[...fitted.negativePrompt].length} characters`);
  }
  return fitted;
}

function noteDuration(planned: number, seconds: number, adjustments: string[]): void {
  if (Math.abs(seconds - planned) > 1e-9) {
    adjustments.push(`${planned} s planned, ${seconds} s requested (${seconds > planned ? 'the film trims the rest' : 'the film holds the last frame'})`);
  }
}

// ---- Kling ------------------------------------------------------------------------------------

export const KLING_DURATIONS = [5, 10] as const;

export interface KlingOptions {
  model: string;
  mode: 'std' | 'pro';
}

export function mapShotToKling(shot: Shot, style: ShotStyle, options: KlingOptions): MappedShot {
  const adjustments: string[] = [];
  const seconds = pickDuration(shot.durationSec, KLING_DURATIONS);
  noteDuration(shot.durationSec, seconds, adjustments);
  const { prompt, negativePrompt } = providerPrompt(shot, 'kling', adjustments);
  const body: Record<string, unknown> = { model_name: options.model, prompt, mode: options.mode, aspect_ratio: style.aspect, duration: String(seconds) };
  if (negativePrompt && negativePrompt.trim() !== '') body.negative_prompt = negativePrompt;
  return { body, seconds, adjustments };
}

// ---- Wan (DashScope) --------------------------------------------------------------------------

/** What a Wan model accepts: 2.7 takes resolution + ratio and 2–15 s; earlier ones take pixel sizes and fixed lengths. */
export interface WanCapabilities {
  /** Either a fixed list of lengths or a range of whole seconds. */
  durations: { allowed: readonly number[] } | { min: number; max: number };
  sizing: 'resolution-ratio' | 'size';
}

export function wanCapabilities(model: string): WanCapabilities {
  const version = /^wanx?(\d+)\.(\d+)/.exec(model);
  const major = version ? Number(version[1]) : 99;
  const minor = version ? Number(version[2]) : 0;
  const at = (a: number, b: number) => major > a || (major === a && minor >= b);
  if (at(2, 7)) return { durations: { min: 2, max: 15 }, sizing: 'resolution-ratio' };
  if (at(2, 6)) return { durations: { allowed: [5, 10, 15] }, sizing: 'size' };
  if (at(2, 5)) return { durations: { allowed: [5, 10] }, sizing: 'size' };
  return { durations: { allowed: [5] }, sizing: 'size' };
}

export interface WanOptions {
  model: string;
}

export function mapShotToWan(shot: Shot, style: ShotStyle, options: WanOptions): MappedShot {
  const adjustments: string[] = [];
  const capabilities = wanCapabilities(options.model);
  const { durations } = capabilities;
  const seconds =
    'allowed' in durations ? pickDuration(shot.durationSec, durations.allowed) : pickWholeSeconds(shot.durationSec, durations.min, durations.max);
  noteDuration(shot.durationSec, seconds, adjustments);
  // Wan is trained on Chinese first: its template sends the Chinese prompt.
  const { prompt, negativePrompt } = providerPrompt(shot, 'wan', adjustments);
  const input: Record<string, unknown> = { prompt };
  if (negativePrompt && negativePrompt.trim() !== '') input.negative_prompt = negativePrompt;
  const tall = style.aspect === '9:16';
  const parameters: Record<string, unknown> =
    capabilities.sizing === 'resolution-ratio'
      ? { resolution: Math.max(style.resolution.width, style.resolution.height) >= 1920 ? '1080P' : '720P', ratio: style.aspect }
      : { size: tall ? '720*1280' : '1280*720' };
  // The shot plan's prompt is already worked out: the provider must not rewrite it, nor stamp it.
  Object.assign(parameters, { duration: seconds, prompt_extend: false, watermark: false });
  return { body: { model: options.model, input, parameters }, seconds, adjustments };
}

// ---- OpenAI-shaped /v1/videos -----------------------------------------------------------------

export const OPENAI_VIDEO_SECONDS = [4, 8, 12] as const;

export interface OpenAiVideoOptions {
  model: string;
}

export function mapShotToOpenAiVideo(shot: Shot, style: ShotStyle, options: OpenAiVideoOptions): MappedShot {
  const adjustments: string[] = [];
  const seconds = pickDuration(shot.durationSec, OPENAI_VIDEO_SECONDS);
  noteDuration(shot.durationSec, seconds, adjustments);
  const tall = style.aspect === '9:16';
  // 1024x1792 / 1792x1024 exist only for the pro models; everyone serves 720p.
  const large = /pro/i.test(options.model) && Math.max(style.resolution.width, style.resolution.height) >= 1792;
  const size = large ? (tall ? '1024x1792' : '1792x1024') : tall ? '720x1280' : '1280x720';
  // No negative prompt field: the template appends "Avoid: …" to the prompt.
  const { prompt } = providerPrompt(shot, 'openai-videos', adjustments);
  if (shot.negativePrompt.trim() !== '') adjustments.push('no negative prompt field on /v1/videos: what to avoid is appended to the prompt');
  return {
    body: { model: options.model, prompt, seconds: String(seconds), size },
    seconds,
    adjustments,
  };
}
