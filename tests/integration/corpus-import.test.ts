// The imported corpus against the package it came from (real Postgres; imported once per run).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../support/database.js';
import type { Sql } from '../../platform/db.js';
import { corpusStats } from '../../corpus/stats.js';
import { findPoemByTitle, getPoem } from '../../corpus/poems.js';
import { isRegulated } from '../../corpus/forms.js';
import { lineLength } from '../../corpus/lines.js';
import { corpusCounts, ensureCorpus, packageCounts, packageDist } from './corpus-fixture.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';

let sql: Sql;

before(async () => {
  sql = await openTestDatabase({ max: 4 });
  await ensureCorpus(sql);
});

after(async () => {
  await sql?.end({ timeout: 5 });
});

describe('corpus import', () => {
  it('holds every record of every collection that has verse, and reports it in stats', async () => {
    const { records, withVerse } = packageCounts();
    assert.deepEqual(await corpusCounts(sql), withVerse);
    // Only records without any text (`。`, `（缺词文）`, `□□□□□`) are left out: under 2%.
    for (const [name, count] of Object.entries(records)) assert.ok(count - withVerse[name]! <= count * 0.02, `${name}: ${count} → ${withVerse[name]}`);
    const stats = await corpusStats(sql);
    assert.ok(stats.poems >= 340_000, `${stats.poems} poems`);
    assert.deepEqual(stats.byCollection, withVerse);
  });

  it('keeps the package ids of 全唐诗 and 全宋诗', async () => {
    const sample = JSON.parse(readFileSync(path.join(packageDist(), 'quantangshi/poet.song.1000.json'), 'utf8')) as Array<{ id: string }>;
    const ids = sample.slice(0, 50).map((poem) => poem.id);
    const [found] = await sql<{ n: number }[]>`select count(*)::int as n from corpus_poems where id = any(${ids}::uuid[])`;
    assert.equal(found!.n, 50);
  });

  it('links 静夜思 in 唐诗三百首 to 全唐诗 and keeps 全唐诗’s reading as a variant', async () => {
    const byTitle = (await findPoemByTitle(sql, '静夜思', '李白'))!;
    assert.deepEqual([byTitle.title, byTitle.author], ['静夜思', '李白']);
    // By id: other modules' tests may put a 静夜思 of their own into the shared test database.
    const poem = (await getPoem(sql, 'ca2c489a-e433-4c0f-8248-77d354f0665e'))!;
    assert.deepEqual(poem.collections, ['全唐诗', '唐诗三百首']);
    assert.equal(poem.lines[0], '床前明月光，');
    const variant = poem.variants?.find((v) => v.collection === '全唐诗');
    assert.ok(variant, 'the 全唐诗 reading is kept');
    assert.equal(variant.lines[0], '床前看月光，');
    assert.equal(variant.linesTraditional[0], '牀前看月光，');
    // Nearly every anthology entry is linked to its base poem rather than stored twice.
    const [links] = await sql<{ tang: number; song: number }[]>`
      select count(*) filter (where a.collection = '唐诗三百首')::int as tang, count(*) filter (where a.collection = '宋词三百首')::int as song
      from corpus_sources a
      where a.collection in ('唐诗三百首', '宋词三百首')
        and exists (select 1 from corpus_sources b where b.poem_id = a.poem_id and b.collection in ('全唐诗', '宋词'))
    `;
    assert.ok(links!.tang >= 300, `${links!.tang} of 320 唐诗三百首 entries linked`);
    assert.ok(links!.song >= 265, `${links!.song} of 280 宋词三百首 entries linked`);
  });

  it('stores title, author and lines in both scripts, the source text unconverted', async () => {
    const quietNight = (await getPoem(sql, 'ca2c489a-e433-4c0f-8248-77d354f0665e'))!;
    assert.equal(quietNight.titleTraditional, '靜夜思');
    assert.equal(quietNight.linesTraditional[2], '舉頭望明月，');
    assert.equal(quietNight.lines[2], '举头望明月，');
    const moon = (await findPoemByTitle(sql, '水调歌头', '苏轼'))!;
    assert.equal(moon.lines[0], '明月几时有，');
    assert.equal(moon.linesTraditional[0], '明月幾時有，');
    assert.equal(moon.authorTraditional, '蘇軾');
    const [script] = await sql<{ script: string }[]>`select script from corpus_poems where id = ${moon.id}`;
    assert.equal(script!.script, 'simplified');
  });

  it('splits 诗, 词 and 曲 into lines at their punctuation', async () => {
    const moon = (await findPoemByTitle(sql, '水调歌头', '苏轼'))!;
    assert.deepEqual(moon.lines.slice(0, 4), ['明月几时有，', '把酒问青天。', '不知天上宫阙，', '今夕是何年。']);
    const spring = (await findPoemByTitle(sql, '春望', '杜甫'))!;
    assert.equal(spring.lines.length, 8);
    const [qu] = await sql<{ lines: string[] }[]>`
      select p.lines from corpus_poems p join corpus_sources s on s.poem_id = p.id
      where s.collection = '元曲' and p.author = '关汉卿' and p.title like '诈妮子调风月%' order by p.title limit 1
    `;
    assert.ok(qu!.lines.length >= 2);
    // A title is found whatever its punctuation and 宫调 prefix: 天净沙·秋思 is 越调・天净沙秋思.
    const autumn = (await findPoemByTitle(sql, '天净沙·秋思', '马致远'))!;
    assert.deepEqual([autumn.form, autumn.tune, autumn.lines[0]], ['曲', '天净沙', '枯藤老树昏鸦，']);
    for (const line of qu!.lines) assert.match(line, /[，。？！；：]$|[^\p{P}]$/u);
    // No line of the corpus is empty or holds a line break.
    const [bad] = await sql<{ n: number }[]>`
      select count(*)::int as n from corpus_poems, unnest(lines) line where line = '' or line like ${'%\n%'}
    `;
    assert.equal(bad!.n, 0);
  });

  it('stores text exactly, quotes included', async () => {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from corpus_poems, unnest(lines) line where line like ${'%"十年窗下无人问"%'}
    `;
    assert.ok(row!.n >= 1, 'a 元曲 line quoting "十年窗下无人问" survives COPY and array encoding');
  });

  it('detects forms, 词牌 and 曲牌', async () => {
    assert.equal((await findPoemByTitle(sql, '春望', '杜甫'))!.form, '五言律诗');
    assert.equal((await findPoemByTitle(sql, '静夜思', '李白'))!.form, '五言绝句');
    assert.equal((await findPoemByTitle(sql, '关雎'))!.form, '四言诗');
    assert.equal((await findPoemByTitle(sql, '离骚', '屈原'))!.form, '骚体');
    const moon = (await findPoemByTitle(sql, '水调歌头', '苏轼'))!;
    assert.deepEqual([moon.form, moon.tune], ['词', '水调歌头']);
    const [counts] = await sql<{ ci: number; ci_tuned: number; qu: number; qu_tuned: number }[]>`
      select count(*) filter (where 'songci' = 'songci' and '宋词' = any(collections))::int as ci,
             count(*) filter (where '宋词' = any(collections) and form = '词' and tune is not null)::int as ci_tuned,
             count(*) filter (where '元曲' = any(collections))::int as qu,
             count(*) filter (where '元曲' = any(collections) and form = '曲' and tune is not null)::int as qu_tuned
      from corpus_search
    `;
    assert.equal(counts!.ci_tuned, counts!.ci, 'every 宋词 is a 词 with its 词牌');
    assert.ok(counts!.qu_tuned >= counts!.qu * 0.95, `${counts!.qu_tuned} of ${counts!.qu} 曲 have a 曲牌`);
  });

  it('tells 律诗 from 古诗 by tone pattern the way 唐诗三百首 classifies them', async () => {
    const rows = await sql<{ form: string; strains: string[]; lines: string[] }[]>`
      select form, strains, lines from corpus_poems
      where anthologised and strains is not null and form in ('五言律诗', '七言律诗', '五言古诗', '七言古诗', '五言排律', '七言排律')
    `;
    let agree = 0;
    let judged = 0;
    for (const row of rows) {
      const n = row.lines.length;
      if (!(n === 8 || (n >= 10 && n % 2 === 0)) || !row.lines.every((line) => lineLength(line) === lineLength(row.lines[0]!))) continue;
      const regulated = isRegulated(row.strains);
      if (regulated === null) continue;
      judged++;
      if (regulated === /律|排律/.test(row.form)) agree++;
    }
    assert.ok(judged >= 50, `${judged} poems to judge`);
    assert.ok(agree / judged >= 0.85, `agrees on ${agree} of ${judged}`);
  });

  it('keeps tone patterns aligned with lines', async () => {
    const [counts] = await sql<{ with_strains: number; misaligned: number }[]>`
      select count(*)::int as with_strains, count(*) filter (where cardinality(strains) <> cardinality(lines))::int as misaligned
      from corpus_poems where strains is not null
    `;
    assert.ok(counts!.with_strains > 250_000, `${counts!.with_strains} poems with tone patterns`);
    assert.equal(counts!.misaligned, 0);
  });

  it('derives fame from the rank data: in [0, 1], unknown (null) where there is none', async () => {
    const [fame] = await sql<{ out_of_range: number; tang: number; tang_known: number; qu_known: number; fragments_known: number }[]>`
      select count(*) filter (where fame < 0 or fame > 1)::int as out_of_range,
             count(*) filter (where '全唐诗' = any(collections))::int as tang,
             count(*) filter (where '全唐诗' = any(collections) and fame is not null)::int as tang_known,
             count(*) filter (where '元曲' = any(collections) and fame is not null)::int as qu_known,
             count(*) filter (where form = '残句' and fame is not null)::int as fragments_known
      from corpus_search
    `;
    assert.equal(fame!.out_of_range, 0);
    assert.ok(fame!.tang_known >= fame!.tang * 0.95, `${fame!.tang_known} of ${fame!.tang} 全唐诗 poems ranked`);
    assert.equal(fame!.qu_known, 0, 'the package has no rank data for 元曲');
    assert.equal(fame!.fragments_known, 0, 'hits for "author 句" say nothing about one fragment');
    const quietNight = (await getPoem(sql, 'ca2c489a-e433-4c0f-8248-77d354f0665e'))!;
    const [median] = await sql<{ m: number }[]>`select percentile_cont(0.5) within group (order by fame) as m from corpus_search`;
    assert.ok(quietNight.fame! > median!.m, `静夜思 ${quietNight.fame} above the median ${median!.m}`);
  });

  it('stores author biographies', async () => {
    const [li] = await sql<{ bio: string; bio_traditional: string }[]>`select bio, bio_traditional from corpus_authors where dynasty = '唐' and name_key = '李白'`;
    assert.match(li!.bio, /字太白/);
    assert.match(li!.bio_traditional, /字太白/);
  });
});
