// `shiying corpus …` as a curator runs it (a real process against the test database).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openTestDatabase, testDatabaseUrl } from '../support/database.js';
import { ensureCorpus, packageCounts } from './corpus-fixture.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function shiying(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, 'bin', 'shiying.js'), 'corpus', ...args],
      { cwd: root, env: { ...process.env, DATABASE_URL: testDatabaseUrl() }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

before(async () => {
  const sql = await openTestDatabase({ max: 4 });
  try {
    await ensureCorpus(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
});

describe('shiying corpus', () => {
  it('search --json prints { results: [poem…], total } with the poem shape', async () => {
    const { code, stdout } = await shiying(['search', '床前明月光', '--json']);
    assert.equal(code, 0);
    const { results, total } = JSON.parse(stdout) as { results: Array<Record<string, unknown>>; total: number };
    assert.ok(total >= 1);
    const poem = results[0]!;
    for (const key of ['id', 'title', 'titleTraditional', 'author', 'authorTraditional', 'dynasty', 'form', 'lines', 'linesTraditional', 'collections', 'fame']) {
      assert.ok(key in poem, key);
    }
    assert.deepEqual([poem.title, poem.author, poem.dynasty], ['静夜思', '李白', '唐']);
  });

  it('search prints a readable list and takes filters', async () => {
    const { code, stdout } = await shiying(['search', '--author', '杜甫', '--form', '律诗', '--limit', '3']);
    assert.equal(code, 0);
    assert.match(stdout, /poems match \(showing 1–3\)/);
    assert.equal(stdout.match(/· 杜甫〔唐〕 [五七]言律诗/g)?.length, 3);
  });

  it('show finds a poem by title (and author) or by id', async () => {
    const byTitle = await shiying(['show', '春望', '--author', '杜甫', '--json']);
    assert.equal(byTitle.code, 0);
    const poem = JSON.parse(byTitle.stdout) as { id: string; form: string; lines: string[] };
    assert.equal(poem.form, '五言律诗');
    const byId = await shiying(['show', poem.id]);
    assert.equal(byId.code, 0);
    assert.match(byId.stdout, /春望 · 杜甫〔唐〕 五言律诗/);
    assert.match(byId.stdout, /国破山河在，\s+國破山河在，/);
  });

  it('stats --json reports every collection and at least 340,000 poems', async () => {
    const { code, stdout } = await shiying(['stats', '--json']);
    assert.equal(code, 0);
    const stats = JSON.parse(stdout) as { poems: number; byCollection: Record<string, number> };
    assert.ok(stats.poems >= 340_000);
    assert.deepEqual(stats.byCollection, packageCounts().withVerse);
  });

  it('fails with one clear line on bad input', async () => {
    const empty = await shiying(['search', '']);
    assert.equal(empty.code, 1);
    assert.match(empty.stderr.trim(), /^shiying: Empty query/);
    assert.equal(empty.stderr.trim().split('\n').length, 1);
    const unknown = await shiying(['import', '--collections', '全明诗']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Unknown collection "全明诗"/);
    const missing = await shiying(['show', '不存在的诗题目']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no poem titled "不存在的诗题目"/);
    const pasted = await shiying(['paste', '--text', 'moonlight']);
    assert.equal(pasted.code, 1);
    assert.match(pasted.stderr, /not accepted: .*\[text-characters\]/);
  });
});
