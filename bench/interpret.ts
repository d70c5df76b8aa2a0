// Benchmark of interpretation (prompts/): a quatrain's latency (p50 / p95 / max over every 绝句
// of 唐诗三百首, several rounds) and the whole of 唐诗三百首 (Traditional text from the
// `chinese-poetry` package, converted with opencc-js as part of the measured work).
//
//   node --import tsx bench/interpret.ts [--rounds 20] [--runs 3]
//
// Prints a table and, last, one JSON line. Targets: quatrain p95 < 20 ms; 唐诗三百首 < 10 s.
// The machine is shared, so each figure is the median of `--runs` runs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as OpenCC from 'opencc-js';
import { interpretPoem, type PoemToInterpret } from '../prompts/interpret.js';
import { alignColumns } from './columns.js';

const QUATRAIN_P95_TARGET_MS = 20;
const ANTHOLOGY_TARGET_MS = 10_000;

interface TangPoem {
  author: string;
  title: string;
  paragraphs: string[];
  tags?: string[];
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? NaN;
}

function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

function main(): void {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' }, runs: { type: 'string', default: '3' } } });
  const rounds = Math.max(1, Number(values.rounds) || 20);
  const runs = Math.max(1, Number(values.runs) || 3);

  const anthology = JSON.parse(readFileSync(path.join(root, 'node_modules', 'chinese-poetry', 'dist', 'quantangshi', '唐诗三百首.json'), 'utf8')) as TangPoem[];
  const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
  const asPoem = (poem: TangPoem): PoemToInterpret => ({
    id: null,
    title: toSimplified(poem.title),
    author: toSimplified(poem.author),
    dynasty: '唐',
    lines: poem.paragraphs.map((line) => toSimplified(line)),
    linesTraditional: poem.paragraphs,
  });

  // Cold start: the first interpretation loads jieba, the classical dictionaries and the lexicon.
  const coldStart = performance.now();
  interpretPoem(asPoem(anthology[0] as TangPoem));
  const coldMs = performance.now() - coldStart;

  const quatrains = anthology.filter((poem) => poem.tags?.some((tag) => tag === '五言绝句' || tag === '七言绝句')).map(asPoem);
  const quatrainRuns: { p50: number; p95: number; max: number; samples: number }[] = [];
  const anthologyRuns: number[] = [];
  let planned = { shots: 0, images: 0, lines: 0 };
  for (let run = 0; run < runs; run++) {
    const samples: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const poem of quatrains) {
        const start = performance.now();
        interpretPoem(poem);
        samples.push(performance.now() - start);
      }
    }
    samples.sort((a, b) => a - b);
    quatrainRuns.push({ p50: percentile(samples, 50), p95: percentile(samples, 95), max: samples[samples.length - 1] ?? NaN, samples: samples.length });

    // The whole anthology, Traditional → Simplified conversion included.
    const start = performance.now();
    const counts = { shots: 0, images: 0, lines: 0 };
    for (const poem of anthology) {
      const plan = interpretPoem(asPoem(poem));
      counts.shots += plan.shots.length;
      counts.lines += plan.poem.lines.length;
      counts.images += plan.shots.reduce((sum, shot) => sum + shot.imagery.length, 0);
    }
    anthologyRuns.push(performance.now() - start);
    planned = counts;
  }

  const quatrain = {
    p50: median(quatrainRuns.map((r) => r.p50)),
    p95: median(quatrainRuns.map((r) => r.p95)),
    max: median(quatrainRuns.map((r) => r.max)),
  };
  const anthologyMs = median(anthologyRuns);
  const rows: [string, string, string, string][] = [
    ['measure', 'value', 'target', 'ok'],
    ['cold start (first poem, loads dictionaries)', `${coldMs.toFixed(0)} ms`, '—', '—'],
    [`quatrain p50 (${quatrains.length} 绝句 × ${rounds} rounds)`, `${quatrain.p50.toFixed(2)} ms`, '—', '—'],
    ['quatrain p95', `${quatrain.p95.toFixed(2)} ms`, `< ${QUATRAIN_P95_TARGET_MS} ms`, quatrain.p95 < QUATRAIN_P95_TARGET_MS ? 'yes' : 'NO'],
    ['quatrain max', `${quatrain.max.toFixed(2)} ms`, '—', '—'],
    [`唐诗三百首 (${anthology.length} poems, ${planned.lines} lines)`, `${(anthologyMs / 1000).toFixed(2)} s`, `< ${ANTHOLOGY_TARGET_MS / 1000} s`, anthologyMs < ANTHOLOGY_TARGET_MS ? 'yes' : 'NO'],
    ['  planned shots / imagery items', `${planned.shots} / ${planned.images}`, '—', '—'],
  ];
  for (const line of alignColumns(rows)) console.log(line);
  console.log(`(median of ${runs} runs; per-run quatrain p95: ${quatrainRuns.map((r) => r.p95.toFixed(2)).join(', ')} ms; anthology: ${anthologyRuns.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s)`);
  console.log(
    JSON.stringify({
      bench: 'interpret',
      runs,
      coldStartMs: Math.round(coldMs),
      quatrain: { poems: quatrains.length, rounds, p50Ms: round2(quatrain.p50), p95Ms: round2(quatrain.p95), maxMs: round2(quatrain.max), targetP95Ms: QUATRAIN_P95_TARGET_MS },
      anthology: { poems: anthology.length, lines: planned.lines, shots: planned.shots, imagery: planned.images, totalMs: Math.round(anthologyMs), targetMs: ANTHOLOGY_TARGET_MS },
      ok: quatrain.p95 < QUATRAIN_P95_TARGET_MS && anthologyMs < ANTHOLOGY_TARGET_MS,
    }),
  );
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

main();
