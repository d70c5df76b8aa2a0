// What a curator asks for when queueing a poem, validated, with the key that makes a second
// identical request while one is in progress return the first. Pure.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_OPTIONS, PROVIDERS, type ProductionOptions } from '../workflows/production-state.js';

export const ProductionOptionsInput = z
  .object({
    provider: z.enum(PROVIDERS).default(DEFAULT_OPTIONS.provider),
    aspect: z.enum(['9:16', '16:9']).default(DEFAULT_OPTIONS.aspect),
    look: z.enum(['ink-wash', 'gongbi', 'blue-green']).default(DEFAULT_OPTIONS.look),
    priority: z.number().int().min(1, 'priority is 1 (most urgent) to 5').max(5, 'priority is 1 (most urgent) to 5').default(DEFAULT_OPTIONS.priority),
    budgetUsd: z.number().positive('the budget must be positive').nullable().default(DEFAULT_OPTIONS.budgetUsd),
  })
  .strict();

export function parseProductionOptions(input: unknown): ProductionOptions {
  const parsed = ProductionOptionsInput.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidProductionRequest(`${issue.path.join('.') || 'options'}: ${issue.message}`);
  }
  return parsed.data;
}

export class InvalidProductionRequest extends Error {
  readonly userFacing = true;
  override name = 'InvalidProductionRequest';
}

/** Same poem + same look of film = same production (priority and budget do not change the film). */
export function dedupeKey(poemId: string, options: ProductionOptions): string {
  return createHash('sha256').update(JSON.stringify([poemId, options.provider, options.aspect, options.look])).digest('hex').slice(0, 32);
}

export function newProductionId(random: () => string): string {
  return `prod-${random()}`;
}
