// Seeded randomness: the same plan and seed always paint the same picture.
import { createHash } from 'node:crypto';

export interface Rng {
  /** Uniform in [0, 1). */
  (): number;
  range(min: number, max: number): number;
  int(min: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** Roughly normal (sum of uniforms), mean 0, standard deviation ~1. */
  gauss(): number;
  /** An independent generator derived from this one and a label (stable under reordering of other draws). */
  fork(label: string): Rng;
  readonly seed: number;
}

/** A 32-bit seed from any text. */
export function seedFrom(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32LE(0);
}

/** mulberry32: small, fast and good enough for brushwork. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (() => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }) as Rng;
  Object.defineProperties(next, {
    seed: { value: seed },
    range: { value: (min: number, max: number) => min + (max - min) * next() },
    int: { value: (min: number, max: number) => Math.floor(min + (max - min + 1) * next()) },
    pick: { value: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]! },
    chance: { value: (p: number) => next() < p },
    gauss: { value: () => (next() + next() + next() + next() - 2) * 1.732 },
    fork: { value: (label: string) => createRng(seedFrom(`${seed}:${label}`)) },
  });
  return next;
}
