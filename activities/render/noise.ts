// Smooth value noise (1D and 2D) and fractal sums of it: the wobble in every brush stroke and
// ridgeline. Seeded, so deterministic.
import { createRng } from './random.js';

export interface Noise {
  /** Smooth noise in [-1, 1] along one axis. */
  n1(x: number): number;
  /** Smooth noise in [-1, 1] on a plane. */
  n2(x: number, y: number): number;
  /** Fractal (octave) sum of n1, in about [-1, 1]. */
  fbm1(x: number, octaves?: number): number;
  fbm2(x: number, y: number, octaves?: number): number;
}

const SIZE = 256;

export function createNoise(seed: number): Noise {
  const rng = createRng(seed);
  const values = new Float64Array(SIZE).map(() => rng() * 2 - 1);
  const perm = new Uint8Array(SIZE * 2);
  const base = Array.from({ length: SIZE }, (_, i) => i);
  for (let i = SIZE - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [base[i], base[j]] = [base[j]!, base[i]!];
  }
  for (let i = 0; i < SIZE * 2; i++) perm[i] = base[i % SIZE]!;
  const smooth = (t: number) => t * t * (3 - 2 * t);
  const lerp = (a: number, b: number, t: number) => a + (b - a) * t;

  function n1(x: number): number {
    const xi = Math.floor(x);
    const t = smooth(x - xi);
    const i = xi & (SIZE - 1);
    return lerp(values[perm[i]!]!, values[perm[i + 1]!]!, t);
  }
  function n2(x: number, y: number): number {
    const xi = Math.floor(x);
    const yi = Math.floor(y);
    const tx = smooth(x - xi);
    const ty = smooth(y - yi);
    const x0 = xi & (SIZE - 1);
    const y0 = yi & (SIZE - 1);
    const v = (ix: number, iy: number) => values[perm[perm[ix]! + iy]!]!;
    return lerp(lerp(v(x0, y0), v(x0 + 1, y0), tx), lerp(v(x0, y0 + 1), v(x0 + 1, y0 + 1), tx), ty);
  }
  function fbm1(x: number, octaves = 4): number {
    let sum = 0;
    let amp = 0.5;
    let freq = 1;
    for (let o = 0; o < octaves; o++) {
      sum += amp * n1(x * freq + o * 17.3);
      amp *= 0.5;
      freq *= 2;
    }
    return sum / (1 - Math.pow(0.5, octaves));
  }
  function fbm2(x: number, y: number, octaves = 4): number {
    let sum = 0;
    let amp = 0.5;
    let freq = 1;
    for (let o = 0; o < octaves; o++) {
      sum += amp * n2(x * freq + o * 17.3, y * freq - o * 9.1);
      amp *= 0.5;
      freq *= 2;
    }
    return sum / (1 - Math.pow(0.5, octaves));
  }
  return { n1, n2, fbm1, fbm2 };
}
