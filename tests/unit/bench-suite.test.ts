import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BENCHMARKS, formatTable, lastJson, rowsOf } from '../../bench/suite.js';

const byScript = (script: string) => BENCHMARKS.find((b) => b.script === script)!;
const ok = (stdout: string) => ({ exitCode: 0, stdout, stderrTail: '' });

test('every benchmark script named by the suite exists, and the suite covers each earlier issue', async () => {
  const { existsSync } = await import('node:fs');
  for (const benchmark of BENCHMARKS) assert.ok(existsSync(new URL(`../../bench/${benchmark.script}`, import.meta.url)), benchmark.script);
  assert.deepEqual([...new Set(BENCHMARKS.map((b) => b.issue))].sort(), [3, 4, 5, 6, 7, 8]);
});

test('the last JSON object is found after tables, whether one line or pretty-printed', () => {
  assert.deepEqual(lastJson('table\n{"a":1}\nmore\n{"b":2}\n'), { b: 2 });
  assert.deepEqual(lastJson('rows…\n{\n  "feed": { "p95": 3 }\n}\n'), { feed: { p95: 3 } });
  assert.equal(lastJson('no json here\n'), undefined);
  assert.equal(lastJson('{ broken\n'), undefined);
});

test('render rows: the ratio against the bare encode and the regeneration fraction pass or fail on their targets', () => {
  const render = byScript('render.ts');
  const good = rowsOf(render, ok(JSON.stringify({ runs: 3, ratio: 1.82, renderSec: 4.4, bareSec: 2.42, regenFraction: 0.27 })));
  assert.deepEqual(good.map((r) => r.ok), [true, true]);
  assert.match(good[0]!.figure, /^1\.82 \(4\.40 s ÷ 2\.42 s\)$/);
  const bad = rowsOf(render, ok(JSON.stringify({ runs: 3, ratio: 2.01, renderSec: 5, bareSec: 2.49, regenFraction: 0.31 })));
  assert.deepEqual(bad.map((r) => r.ok), [false, false]);
});

test('queue rows: a lost draft, concurrency over the limit or growing memory each fail', () => {
  const queue = BENCHMARKS.find((b) => b.name === 'production queue')!;
  const memory = BENCHMARKS.find((b) => b.name === 'worker memory')!;
  const base = { count: 100, lost: 0, wallMs: 96_000, maxConcurrentShots: 2, slots: 2, workflowCache: 30, rssMb: { atTenths: [700, 720, 730, 720, 710, 700, 705, 700, 702, 704], secondHalfGrowth: -0.008 }, temporalOverheadMs: { p50: 1200 } };
  assert.deepEqual(rowsOf(queue, ok(JSON.stringify(base))).map((r) => r.ok), [true, true, undefined]);
  assert.deepEqual(rowsOf(memory, ok(JSON.stringify(base))).map((r) => r.ok), [true, true]);
  assert.equal(rowsOf(queue, ok(JSON.stringify({ ...base, lost: 1 })))[0]!.ok, false);
  assert.equal(rowsOf(memory, ok(JSON.stringify({ ...base, lost: 1 })))[0]!.ok, false);
  assert.equal(rowsOf(queue, ok(JSON.stringify({ ...base, maxConcurrentShots: 3 })))[1]!.ok, false);
  assert.equal(rowsOf(memory, ok(JSON.stringify({ ...base, rssMb: { ...base.rssMb, secondHalfGrowth: 0.25 } })))[1]!.ok, false);
});

test('a benchmark that crashed, or printed an unexpected shape, is a failed row rather than a crash of the report', () => {
  const search = byScript('corpus-search.ts');
  const crashed = rowsOf(search, { exitCode: 1, stdout: 'partial table\n', stderrTail: 'Error: connect ECONNREFUSED' });
  assert.equal(crashed[0]!.ok, false);
  assert.match(crashed[1]!.figure, /ECONNREFUSED/);
  const odd = rowsOf(byScript('interpret.ts'), ok('{"bench":"interpret"}'));
  assert.equal(odd[0]!.ok, false);
  assert.match(odd[0]!.measure, /unreadable result/);
});

test('the table aligns columns by display width (CJK characters are two columns)', () => {
  const table = formatTable([
    { measure: '唐诗三百首', figure: '1 s', target: '< 10 s', ok: true },
    { measure: 'abc', figure: '2 ms', target: '—', ok: undefined },
  ]);
  const lines = table.split('\n');
  assert.equal(lines.length, 3);
  const figureColumn = (line: string) => {
    let width = 0;
    for (const char of line.slice(0, line.search(/\d+ m?s/))) width += /[\p{Script=Han}]/u.test(char) ? 2 : 1;
    return width;
  };
  assert.equal(figureColumn(lines[1]!), figureColumn(lines[2]!));
  assert.match(lines[1]!, /pass$/);
  assert.match(lines[2]!, /—$/);
});
