// Searching the imported corpus (real Postgres): the acceptance queries, both scripts,
// ranking, filters, pagination and hostile input.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../support/database.js';
import type { Sql } from '../../platform/db.js';
import { MATCH_KINDS, SearchError, searchPoems, type SearchHit } from '../../corpus/search.js';
import { ensureCorpus } from './corpus-fixture.js';

let sql: Sql;

before(async () => {
  sql = await openTestDatabase({ max: 4 });
  await ensureCorpus(sql);
});

after(async () => {
  await sql?.end({ timeout: 5 });
});

const tier = (hit: SearchHit) => MATCH_KINDS.indexOf(hit.match);

function assertRanked(results: SearchHit[]): void {
  for (let i = 1; i < results.length; i++) {
    const [a, b] = [results[i - 1]!, results[i]!];
    assert.ok(tier(a) <= tier(b), `tier order at ${i}: ${a.match} before ${b.match}`);
    if (tier(a) === tier(b) && a.fame !== null && b.fame !== null) assert.ok(a.fame >= b.fame, `fame order at ${i}`);
    if (tier(a) === tier(b) && a.fame === null) assert.equal(b.fame, null, `unknown fame last at ${i}`);
  }
}

describe('corpus search: the acceptance queries', () => {
  it('finds 静夜思 by 李白 first for 床前明月光 (Simplified) and 舉頭望明月 (Traditional)', async () => {
    for (const query of ['床前明月光', '舉頭望明月']) {
      const { results, total } = await searchPoems(sql, query);
      assert.ok(total >= 1, query);
      assert.equal(results[0]!.title, '静夜思', query);
      assert.equal(results[0]!.author, '李白', query);
      assert.equal(results[0]!.match, 'line', query);
    }
  });

  it('finds 春望 by 杜甫, a 五言律诗, first for 国破山河在', async () => {
    const { results } = await searchPoems(sql, '国破山河在');
    assert.deepEqual([results[0]!.title, results[0]!.author, results[0]!.form], ['春望', '杜甫', '五言律诗']);
    assertRanked(results);
  });

  it('finds 苏轼’s 词 to the tune 水调歌头 for 水调歌头, among 词 of that tune', async () => {
    const { results, total } = await searchPoems(sql, '水调歌头', {}, { limit: 10 });
    assert.ok(total > 100, `${total} 水调歌头`);
    const su = results.filter((hit) => hit.author === '苏轼');
    assert.ok(su.length >= 1, '苏轼 on the first page');
    assert.ok(results.findIndex((hit) => hit.author === '苏轼') < 5, '苏轼 in the first five');
    for (const hit of results) assert.deepEqual([hit.match, hit.form, hit.tune], ['title', '词', '水调歌头']);
    // His most famous one (in 宋词三百首) comes first among his, fame being equal.
    assert.equal(su[0]!.lines[0], '明月几时有，');
    assert.ok(su[0]!.collections.includes('宋词三百首'));
  });

  it('filters by author 杜甫 and orders his poems by fame', async () => {
    const { results, total } = await searchPoems(sql, '', { author: '杜甫' }, { limit: 50 });
    const [count] = await sql<{ n: number }[]>`select count(*)::int as n from corpus_search where author_key = '杜甫'`;
    assert.equal(total, count!.n);
    assert.ok(total > 1000);
    for (const hit of results) assert.equal(hit.author, '杜甫');
    for (let i = 1; i < results.length; i++) assert.ok((results[i - 1]!.fame ?? -1) >= (results[i]!.fame ?? -1), `fame order at ${i}`);
    // The filter also narrows a query, in either script.
    const spring = await searchPoems(sql, '春', { author: '杜甫' });
    assert.ok(spring.results.every((hit) => hit.author === '杜甫'));
    const traditional = await searchPoems(sql, '', { author: '蘇軾' });
    assert.ok(traditional.total > 0 && traditional.results.every((hit) => hit.author === '苏轼'));
  });
});

describe('corpus search: scripts and ranking', () => {
  it('finds Simplified-source poems with a Traditional query and the other way round', async () => {
    const ci = await searchPoems(sql, '明月幾時有，把酒問青天');
    assert.equal(ci.results[0]!.author, '苏轼');
    const shi = await searchPoems(sql, '國破山河在');
    assert.equal(shi.results[0]!.title, '春望');
  });

  it('ranks an exact title before an author, a title prefix, a line and a title substring', async () => {
    const { results } = await searchPoems(sql, '春望', {}, { limit: 100 });
    assert.equal(results[0]!.match, 'title');
    assert.ok(results.some((hit) => hit.match === 'title-prefix'));
    assertRanked(results);
    const poet = await searchPoems(sql, '李白', {}, { limit: 100 });
    assertRanked(poet.results);
    assert.ok(poet.results.some((hit) => hit.match === 'author' && hit.author === '李白'));
  });

  it('matches a query that runs over a line break, and a reading only a variant has', async () => {
    const across = await searchPoems(sql, '疑是地上霜舉頭望明月');
    assert.equal(across.results[0]!.title, '静夜思');
    const variant = await searchPoems(sql, '牀前看月光');
    assert.equal(variant.results[0]!.title, '静夜思', 'the 全唐诗 reading still finds the poem');
  });

  it('falls back to close matches (one character off) only when nothing matches exactly', async () => {
    const typo = await searchPoems(sql, '床前名月光');
    assert.equal(typo.results[0]!.title, '静夜思');
    assert.equal(typo.results[0]!.match, 'fuzzy');
    const exact = await searchPoems(sql, '床前明月光');
    assert.ok(exact.results.every((hit) => hit.match !== 'fuzzy'));
  });
});

describe('corpus search: filters and pages', () => {
  it('filters by dynasty, form (or family of forms, or tune) and collection', async () => {
    const song = await searchPoems(sql, '明月', { dynasty: '宋朝' }, { limit: 50 });
    assert.ok(song.total > 0 && song.results.every((hit) => hit.dynasty === '宋'));
    const quatrains = await searchPoems(sql, '明月', { form: '绝句' }, { limit: 50 });
    assert.ok(quatrains.total > 0 && quatrains.results.every((hit) => hit.form.endsWith('绝句')));
    const tune = await searchPoems(sql, '', { form: '念奴娇' }, { limit: 50 });
    assert.ok(tune.total > 0 && tune.results.every((hit) => hit.tune === '念奴娇'));
    const anthology = await searchPoems(sql, '月', { collection: 'tangshisanbaishou' }, { limit: 50 });
    assert.ok(anthology.total > 0 && anthology.total <= 320);
    assert.ok(anthology.results.every((hit) => hit.collections.includes('唐诗三百首')));
    await assert.rejects(searchPoems(sql, '月', { collection: '全明诗' }), /Unknown collection "全明诗"/);
  });

  it('pages through results without overlap and reports the same total on every page', async () => {
    const first = await searchPoems(sql, '明月', {}, { limit: 20 });
    const second = await searchPoems(sql, '明月', {}, { limit: 20, offset: 20 });
    assert.equal(first.total, second.total);
    const ids = new Set(first.results.map((hit) => hit.id));
    assert.ok(second.results.every((hit) => !ids.has(hit.id)));
    const beyond = await searchPoems(sql, '明月', {}, { limit: 20, offset: first.total + 5 });
    assert.deepEqual([beyond.results.length, beyond.total], [0, first.total]);
    await assert.rejects(searchPoems(sql, '明月', {}, { limit: 0 }), SearchError);
    await assert.rejects(searchPoems(sql, '明月', {}, { limit: 101 }), SearchError);
  });
});

describe('corpus search: bad input', () => {
  it('rejects an empty query without filters with a clear error', async () => {
    await assert.rejects(searchPoems(sql, ''), (error: Error) => error instanceof SearchError && /Empty query/.test(error.message));
    await assert.rejects(searchPoems(sql, '   \n '), SearchError);
  });

  it('searches a 1,000-character query literally without error', async () => {
    const long = '床前明月光疑是地上霜'.repeat(100);
    const result = await searchPoems(sql, long);
    assert.equal(result.total, 0);
    await assert.rejects(searchPoems(sql, '明'.repeat(4001)), /at most 4000/);
  });

  it('takes %, _, quotes, backslashes and SQL fragments literally: no error, no wildcard', async () => {
    for (const query of ['%', '_', "'", '\\', '%%', "' or '1'='1", "'; drop table corpus_poems; --", 'select * from corpus_poems']) {
      const result = await searchPoems(sql, query);
      assert.equal(result.total, 0, query);
    }
    // `_` is not a one-character wildcard: 床_明月光 is not the line 床前明月光 (only a close match).
    const underscore = await searchPoems(sql, '床_明月光');
    assert.ok(underscore.results.every((hit) => hit.match === 'fuzzy'));
    // `%` inside a query does not widen it either (as a wildcard it would match 床前明月光，疑是地上霜).
    const percent = await searchPoems(sql, '床前%霜');
    assert.equal(percent.total, 0);
    const [tables] = await sql<{ n: number }[]>`select count(*)::int as n from corpus_poems`;
    assert.ok(tables!.n > 340_000);
  });
});
