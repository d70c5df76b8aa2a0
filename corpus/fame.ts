// Fame: how well known a poem is, from the package's `rank` data (hit counts for "author title"
// on Baidu, 360, Bing, Bing (English) and Google). The engines count on wildly different scales,
// so each count is turned into its percentile among all ranked poems on that engine, and fame is
// the mean of those percentiles: a number in [0, 1], 1 = the most searched. A poem without rank
// data has unknown fame (null), never 0.

export const ENGINES = ['baidu', 'so360', 'bing', 'bing_en', 'google'] as const;
export type Engine = (typeof ENGINES)[number];
export type RankCounts = Partial<Record<Engine, number | null>>;

export class FameScale {
  private readonly sorted: Record<Engine, Float64Array>;

  constructor(all: Iterable<RankCounts>) {
    const values: Record<Engine, number[]> = { baidu: [], so360: [], bing: [], bing_en: [], google: [] };
    for (const counts of all) {
      for (const engine of ENGINES) {
        const value = counts[engine];
        if (typeof value === 'number' && Number.isFinite(value) && value >= 0) values[engine].push(value);
      }
    }
    this.sorted = Object.fromEntries(
      ENGINES.map((engine) => [engine, Float64Array.from(values[engine]).sort()]),
    ) as Record<Engine, Float64Array>;
  }

  percentile(engine: Engine, value: number): number {
    return midPercentile(this.sorted[engine], value);
  }

  /** Fame in [0, 1] (4 decimals), or null when the counts are missing. */
  fame(counts: RankCounts | null | undefined): number | null {
    if (!counts) return null;
    let sum = 0;
    let engines = 0;
    for (const engine of ENGINES) {
      const value = counts[engine];
      const sorted = this.sorted[engine];
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || sorted.length === 0) continue;
      sum += midPercentile(sorted, value);
      engines++;
    }
    if (engines === 0) return null;
    return Math.round((sum / engines) * 10_000) / 10_000;
  }
}

/** (values below + half the values equal) / all: the mid-rank percentile, in [0, 1]. */
function midPercentile(sorted: Float64Array, value: number): number {
  const below = lowerBound(sorted, value);
  const equal = upperBound(sorted, value) - below;
  return (below + equal / 2) / sorted.length;
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the first value greater than `value`. */
function upperBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
