// Pasting a poem that is not in the corpus (real Postgres).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../support/database.js';
import type { Sql } from '../../platform/db.js';
import { PastedPoemError, submitPastedPoem } from '../../corpus/pasted-poem.js';
import { getPoem } from '../../corpus/poems.js';
import { searchPoems } from '../../corpus/search.js';
import { ensureCorpus } from './corpus-fixture.js';

let sql: Sql;
const created: string[] = [];

before(async () => {
  sql = await openTestDatabase({ max: 4 });
  await ensureCorpus(sql); // pasting 静夜思 must find it in the corpus
});

after(async () => {
  if (created.length > 0) await sql`delete from corpus_poems where source = 'pasted' and id = any(${created}::uuid[])`;
  await sql?.end({ timeout: 5 });
});

// A made-up poem, so it is in no collection.
const text = '晨起推窗见远山，\n白云一缕绕溪间。\n试茶小院无人到，\n一树梨花自往还。';

describe('pasted poems', () => {
  it('are stored with source pasted, in both scripts, split into lines, and found by search', async () => {
    const poem = await submitPastedPoem(sql, { text, title: '晨起', author: '测试者' });
    created.push(poem.id);
    assert.equal(poem.source, 'pasted');
    assert.deepEqual(poem.collections, []);
    assert.equal(poem.fame, null);
    assert.equal(poem.lines.length, 4);
    assert.equal(poem.linesTraditional[0], '晨起推窗見遠山，');
    assert.equal(poem.form, '七言绝句');
    assert.equal(poem.titleTraditional, '晨起');
    assert.deepEqual(await getPoem(sql, poem.id), poem);
    const found = await searchPoems(sql, '白雲一縷繞溪間');
    assert.equal(found.results[0]!.id, poem.id);
  });

  it('are stored once: pasting the same poem again returns the same poem', async () => {
    const first = await submitPastedPoem(sql, { text, title: '晨起', author: '测试者' });
    const again = await submitPastedPoem(sql, { text: text.replace(/\n/g, ''), title: '晨起', author: '测试者' });
    assert.equal(again.id, first.id);
    const [count] = await sql<{ n: number }[]>`select count(*)::int as n from corpus_poems where id = ${first.id}`;
    assert.equal(count!.n, 1);
  });

  it('accept Traditional text and store its Simplified form as the lines', async () => {
    const poem = await submitPastedPoem(sql, { text: '舊時燕子歸來晚，\n獨倚闌干聽雨聲。', title: '聽雨', author: '測試者' });
    created.push(poem.id);
    assert.equal(poem.lines[0], '旧时燕子归来晚，');
    assert.equal(poem.linesTraditional[0], '舊時燕子歸來晚，');
    assert.equal(poem.title, '听雨');
    assert.equal(poem.source, 'pasted');
  });

  it('that are already in the corpus return the corpus poem instead', async () => {
    const poem = await submitPastedPoem(sql, { text: '床前明月光，疑是地上霜。舉頭望明月，低頭思故鄉。' });
    assert.deepEqual([poem.source, poem.title, poem.author], ['corpus', '静夜思', '李白']);
  });

  it('are rejected rule by rule, each with its message, and nothing is stored', async () => {
    const cases: Array<[Parameters<typeof submitPastedPoem>[1], string, RegExp]> = [
      [{ text: '' }, 'text-required', /empty/],
      [{ text: 'The moon is bright' }, 'text-characters', /Chinese characters and punctuation only/],
      [{ text: '月'.repeat(4001) }, 'text-too-long', /at most 4000/],
      [{ text: '，。！' }, 'too-few-lines', /no lines/],
      [{ text: '月，'.repeat(201) }, 'too-many-lines', /201 lines/],
      [{ text: '明月', title: 'Moon' }, 'title-characters', /Title/],
      [{ text: '明月', author: '李'.repeat(41) }, 'author-too-long', /Author/],
    ];
    const [before] = await sql<{ n: number }[]>`select count(*)::int as n from corpus_poems where source = 'pasted'`;
    for (const [input, rule, message] of cases) {
      await assert.rejects(submitPastedPoem(sql, input), (error: unknown) => {
        assert.ok(error instanceof PastedPoemError, rule);
        const problem = error.problems.find((p) => p.rule === rule);
        assert.ok(problem, `${rule} in ${error.problems.map((p) => p.rule).join(', ')}`);
        assert.match(problem.message, message);
        return true;
      });
    }
    const [afterwards] = await sql<{ n: number }[]>`select count(*)::int as n from corpus_poems where source = 'pasted'`;
    assert.equal(afterwards!.n, before!.n);
  });
});
