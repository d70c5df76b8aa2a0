// Prices and budgets, as plain arithmetic. Video is priced in USD per second of generated video
// for a provider and model (optionally a variant: Kling's mode, Wan's resolution, a /v1/videos
// size); speech in USD per million input characters. Amounts are kept in micro-dollars inside so
// sums of many shots do not drift.

export type PriceTable = ReadonlyMap<string, number>;

/** Approximate list prices when this was written; set your contract's in SHIYING_VIDEO_PRICES. */
export const DEFAULT_VIDEO_PRICES =
  'kling/kling-v1-6/std=0.028,kling/kling-v1-6/pro=0.098,wan/wan2.7-t2v/720P=0.10,wan/wan2.7-t2v/1080P=0.15,' +
  'openai-videos/sora-2=0.10,openai-videos/sora-2-pro=0.30,openai-videos/sora-2-pro/1024x1792=0.50,openai-videos/sora-2-pro/1792x1024=0.50';

/** Approximate list prices per million characters; set yours in SHIYING_SPEECH_PRICES. */
export const DEFAULT_SPEECH_PRICES = 'openai-speech/tts-1=15,openai-speech/tts-1-hd=30,openai-speech/gpt-4o-mini-tts=80';

/**
 * Parses `provider/model[/variant]=price` entries separated by commas. Later entries win, so
 * `parsePriceTable(defaults + ',' + overrides)` layers configuration over the defaults.
 */
export function parsePriceTable(text: string, variable: string): Map<string, number> {
  const table = new Map<string, number>();
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const match = /^([a-z0-9-]+\/[^=/\s]+(?:\/[^=/\s]+)?)\s*=\s*([0-9]*\.?[0-9]+)$/i.exec(entry);
    if (!match) throw new PriceError(`${variable}: "${entry}" is not provider/model[/variant]=price (e.g. kling/kling-v1-6=0.028)`);
    table.set(match[1]!, Number(match[2]));
  }
  return table;
}

export class PriceError extends Error {
  override name = 'PriceError';
}

/** The price of `provider/model`, preferring the more specific `provider/model/variant`. */
export function lookupPrice(table: PriceTable, provider: string, model: string, variant?: string): number | undefined {
  if (variant !== undefined) {
    const specific = table.get(`${provider}/${model}/${variant}`);
    if (specific !== undefined) return specific;
  }
  return table.get(`${provider}/${model}`);
}

const MICRO = 1_000_000;

/** USD rounded to a micro-dollar, the unit we add up. */
export function toMicros(usd: number): number {
  return Math.round(usd * MICRO);
}

export function fromMicros(micros: number): number {
  return micros / MICRO;
}

/** The cost of `seconds` of video at `usdPerSecond`. */
export function videoCost(usdPerSecond: number, seconds: number): number {
  return fromMicros(toMicros(usdPerSecond * seconds));
}

/** The cost of speaking `characters` at `usdPerMillionCharacters`. */
export function speechCost(usdPerMillionCharacters: number, characters: number): number {
  return fromMicros(Math.round(usdPerMillionCharacters * characters));
}

export interface BudgetCheck {
  allowed: boolean;
  /** What the production has spent or has running (USD). */
  committedUsd: number;
  /** What it would be with this job. */
  afterUsd: number;
  limitUsd: number | null;
}

/** Whether a job costing `estimateUsd` fits: committed + estimate must not exceed the limit. */
export function checkBudget(limitUsd: number | null, committedUsd: number, estimateUsd: number): BudgetCheck {
  const after = fromMicros(toMicros(committedUsd) + toMicros(estimateUsd));
  return {
    allowed: limitUsd === null || toMicros(after) <= toMicros(limitUsd),
    committedUsd,
    afterUsd: after,
    limitUsd,
  };
}

export function formatUsd(usd: number): string {
  return `$${usd.toFixed(usd !== 0 && Math.abs(usd) < 0.1 ? 4 : 2)}`;
}
