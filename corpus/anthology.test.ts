import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AnthologyLinker, matchScore } from './anthology.js';
import { collectionByName } from './collections.js';
import { buildPoem, mergeAnthologyEntry, type BuiltPoem } from './poem-record.js';
import type { SourceRecord } from './sources.js';

function built(collectionName: string, title: string, author: string, paragraphs: string[], sourceId: string | null = null): BuiltPoem {
  const record: SourceRecord = {
    collection: collectionByName(collectionName)!,
    sourceId,
    title,
    author,
    paragraphs,
    rhythmic: null,
    formHint: collectionName === '唐诗三百首' ? '五言絕句' : null,
    strains: sourceId ? ['平平仄仄平，仄仄仄仄平。', '仄平仄平仄，平平平仄平。'] : null,
    file: 'test.json',
    index: 0,
  };
  return buildPoem(record)!;
}

const quietNightBase = () =>
  built('全唐诗', '靜夜思', '李白', ['牀前看月光，疑是地上霜。', '舉頭望山月，低頭思故鄉。'], 'ca2c489a-e433-4c0f-8248-77d354f0665e');
const quietNightEntry = () => built('唐诗三百首', '靜夜思', '李白', ['床前明月光，疑是地上霜，', '舉頭望明月，低頭思故鄉。']);
const otherPoem = () =>
  built('全唐诗', '秋浦歌十七首 十五', '李白', ['白髮三千丈，緣愁似箇長。', '不知明鏡裏，何處得秋霜。'], '11111111-1111-4111-8111-111111111111');

describe('anthology links', () => {
  it('score shared lines, author and title', () => {
    assert.equal(matchScore(quietNightEntry(), quietNightBase()), 0.5 + 0.25 + 0.25);
    assert.equal(matchScore(quietNightEntry(), otherPoem()), 0);
  });

  it('hold back only the base poems an entry may link to, then link the best match', () => {
    const entry = quietNightEntry();
    const linker = new AnthologyLinker([entry]);
    assert.equal(linker.offer(otherPoem()), false);
    const base = quietNightBase();
    assert.equal(linker.offer(base), true);
    const { links, unlinked } = linker.resolve();
    assert.equal(links.length, 1);
    assert.equal(links[0]!.base.poem.id, base.poem.id);
    assert.deepEqual(unlinked, []);
  });

  it('leave an entry unlinked when nothing matches well enough, and use a base poem once', () => {
    const entry = quietNightEntry();
    const twin = quietNightEntry();
    const linker = new AnthologyLinker([entry, twin]);
    linker.offer(quietNightBase());
    const { links, unlinked } = linker.resolve();
    assert.equal(links.length, 1);
    assert.equal(unlinked.length, 1);
    const lonely = new AnthologyLinker([built('唐诗三百首', '无关', '无名', ['天地玄黄宇宙，洪荒日月盈昃。'])]);
    assert.equal(lonely.resolve().unlinked.length, 1);
  });

  it('merge into one poem: the base id and fame, the anthology reading, the base reading kept as a variant', () => {
    const base = quietNightBase();
    const entry = quietNightEntry();
    const { poem, baseSource, entrySource } = mergeAnthologyEntry(base, entry);
    assert.equal(poem.id, base.poem.id);
    assert.deepEqual(poem.lines, ['床前明月光，', '疑是地上霜，', '举头望明月，', '低头思故乡。']);
    assert.deepEqual(poem.collections, ['全唐诗', '唐诗三百首']);
    assert.equal(poem.anthologised, true);
    assert.equal(poem.form, '五言绝句');
    assert.equal(poem.strains, null, 'tone patterns belong to the base reading');
    assert.deepEqual(baseSource.lines, ['床前看月光，', '疑是地上霜。', '举头望山月，', '低头思故乡。']);
    assert.equal(entrySource.poemId, base.poem.id);
    assert.equal(entrySource.lines, null);
    assert.ok(poem.textKey.includes('床前明月光') && poem.textKey.includes('举头望山月'), 'both readings are searchable');
  });
});
