// Search latency over 1,000 mixed queries (titles, lines, parts of lines, authors, one-character
// typos; Simplified and Traditional), drawn reproducibly from the imported corpus.
//
//   node --import tsx bench/corpus-search.ts [--queries 1000] [--seed 7] [--runs 1]
//
// Prints a table per query kind and overall, then one JSON line with the figures. Latency is
// the whole `searchPoems` call (ranking query + loading the page of poems), one client, after a
// warm-up of 100 queries. Uses DATABASE_URL (default: the dev database), which must hold the corpus.
import { parseArgs } from 'node:util';
import os from 'node:os';
import { connectDatabase } from '../platform/db.js';
import { searchPoems } from '../corpus/search.js';
import { corpusIsEmpty } from '../corpus/import.js';
import { createRng } from '../activities/render/random.js';

const { values } = parseArgs({
  options: {
    queries: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '7' },
    runs: { type: 'string', default: '1' },
    slowest: { type: 'string', default: '0' },
  },
});
const queryCount = Number(values.queries);
const runs = Number(values.runs);
const url = process.env.DATABASE_URL ?? 'postgres://shiying@127.0.0.1:5433/shiying';

type Kind = 'title' | 'title-trad' | 'line' | 'line-trad' | 'part-line' | 'author' | 'author-trad' | 'typo';
const MIX: Array<[Kind, number]> = [
  ['title', 0.22],
  ['title-trad', 0.1],
  ['line', 0.2],
  ['line-trad', 0.13],
  ['part-line', 0.1],
  ['author', 0.12],
  ['author-trad', 0.05],
  ['typo', 0.08],
];

interface Sample {
  title: string;
  title_traditional: string;
  author: string;
  author_traditional: string;
  lines: string[];
  lines_traditional: string[];
}

const strip = (line: string) => line.replace(/[\p{P}\p{S}\s]/gu, '');

function makeQueries(samples: Sample[], count: number, rand: () => number): Array<{ kind: Kind; query: string }> {
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
  const queries: Array<{ kind: Kind; query: string }> = [];
  while (queries.length < count) {
    let r = rand();
    let kind: Kind = 'title';
    for (const [k, share] of MIX) {
      if (r < share) {
        kind = k;
        break;
      }
      r -= share;
    }
    const poem = pick(samples);
    const index = Math.floor(rand() * poem.lines.length);
    let query = '';
    switch (kind) {
      case 'title':
        query = poem.title;
        break;
      case 'title-trad':
        query = poem.title_traditional;
        break;
      case 'line':
        query = strip(poem.lines[index]!);
        break;
      case 'line-trad':
        query = strip(poem.lines_traditional[index]!);
        break;
      case 'part-line': {
        const line = [...strip(poem.lines[index]!)];
        const length = Math.min(line.length, 3 + Math.floor(rand() * 2));
        const start = Math.floor(rand() * (line.length - length + 1));
        query = line.slice(start, start + length).join('');
        break;
      }
      case 'author':
        query = poem.author;
        break;
      case 'author-trad':
        query = poem.author_traditional;
        break;
      case 'typo': {
        const line = [...strip(poem.lines[index]!)];
        if (line.length < 4) continue;
        line[Math.floor(rand() * line.length)] = '月';
        query = line.join('');
        break;
      }
    }
    if (query.trim()) queries.push({ kind, query });
  }
  return queries;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const sql = connectDatabase(url, { max: 2 });
try {
  if (await corpusIsEmpty(sql)) {
    console.error('The corpus is not imported in this database: run `node bin/shiying.js corpus import` first.');
    process.exit(1);
  }
  const rand = createRng(Number(values.seed));
  // Half the sample from well-known poems (what curators look for), half from anywhere.
  const famous = await sql<Sample[]>`
    select p.title, p.title_traditional, p.author, p.author_traditional, p.lines, p.lines_traditional
    from corpus_poems p join corpus_search s on s.poem_id = p.id
    where s.fame >= 0.8 order by p.id limit 20000
  `;
  const anywhere = await sql<Sample[]>`
    select title, title_traditional, author, author_traditional, lines, lines_traditional
    from corpus_poems tablesample system (2) repeatable (${Number(values.seed)})
  `;
  const samples = [...famous.filter((_, i) => i % 4 === 0), ...anywhere].filter((p) => p.lines.length > 0);
  const queries = makeQueries(samples, queryCount, rand);
  const warmup = makeQueries(samples, 100, createRng(Number(values.seed) + 1));
  for (const { query } of warmup) await searchPoems(sql, query, {}, { limit: 20 });

  const timings = new Map<string, number[]>();
  const each: Array<{ kind: Kind; query: string; ms: number; total: number }> = [];
  let empty = 0;
  for (let run = 0; run < runs; run++) {
    for (const { kind, query } of queries) {
      const started = performance.now();
      const result = await searchPoems(sql, query, {}, { limit: 20 });
      const ms = performance.now() - started;
      if (result.total === 0) empty++;
      each.push({ kind, query, ms, total: result.total });
      for (const bucket of [kind, 'all']) {
        const list = timings.get(bucket) ?? [];
        list.push(ms);
        timings.set(bucket, list);
      }
    }
  }
  const rows = [...timings.entries()].map(([kind, list]) => {
    const sorted = [...list].sort((a, b) => a - b);
    return {
      kind,
      n: sorted.length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1]!,
    };
  });
  rows.sort((a, b) => (a.kind === 'all' ? 1 : b.kind === 'all' ? -1 : a.kind.localeCompare(b.kind)));
  console.log(`corpus search: ${queries.length} queries × ${runs} run(s), one client, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(2)}`);
  console.log('kind          n      p50 ms   p95 ms   p99 ms   max ms');
  for (const row of rows) {
    console.log(
      `${row.kind.padEnd(12)} ${String(row.n).padStart(5)} ${row.p50.toFixed(1).padStart(8)} ${row.p95.toFixed(1).padStart(8)} ${row.p99.toFixed(1).padStart(8)} ${row.max.toFixed(1).padStart(8)}`,
    );
  }
  const slowest = Number(values.slowest);
  if (slowest > 0) {
    console.log(`slowest ${slowest}:`);
    for (const q of [...each].sort((a, b) => b.ms - a.ms).slice(0, slowest)) {
      console.log(`  ${q.ms.toFixed(1).padStart(7)} ms  ${q.kind.padEnd(11)} ${String(q.total).padStart(6)} results  ${q.query}`);
    }
  }
  const all = rows.find((row) => row.kind === 'all')!;
  console.log(
    JSON.stringify({
      bench: 'corpus-search',
      queries: queries.length * runs,
      noResults: empty,
      p50Ms: Number(all.p50.toFixed(2)),
      p95Ms: Number(all.p95.toFixed(2)),
      p99Ms: Number(all.p99.toFixed(2)),
      maxMs: Number(all.max.toFixed(2)),
      loadAverage: Number(os.loadavg()[0]!.toFixed(2)),
    }),
  );
} finally {
  await sql.end();
}
