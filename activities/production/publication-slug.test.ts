import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publicationSlug, uniqueSlug } from './publication-slug.js';

test('slugs are pinyin of title and poet', () => {
  assert.equal(publicationSlug('静夜思', '李白'), 'jing-ye-si-li-bai');
  assert.equal(publicationSlug('春望', '杜甫'), 'chun-wang-du-fu');
  assert.equal(publicationSlug('水调歌头·明月几时有', '苏轼'), 'shui-diao-ge-tou-ming-yue-ji-shi-you-su-shi');
});

test('odd titles still give a usable slug', () => {
  assert.equal(publicationSlug('<script>', ''), 'script');
  assert.equal(publicationSlug('', ''), 'poem');
  assert.ok(publicationSlug('一'.repeat(200), '').length <= 80);
});

test('a taken slug gets the next free number', () => {
  assert.equal(uniqueSlug('a', new Set()), 'a');
  assert.equal(uniqueSlug('a', new Set(['a', 'a-2'])), 'a-3');
});
