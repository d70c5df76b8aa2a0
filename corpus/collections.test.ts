import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collectionByName, COLLECTIONS, resolveCollections } from './collections.js';

describe('collections', () => {
  it('are found by Chinese name or ASCII slug', () => {
    assert.equal(collectionByName('全唐诗')?.slug, 'quantangshi');
    assert.equal(collectionByName('SongCi')?.name, '宋词');
    assert.equal(collectionByName('全明诗'), undefined);
  });

  it('resolve to all of them by default, bases before anthologies', () => {
    const names = resolveCollections().map((c) => c.name);
    assert.equal(names.length, COLLECTIONS.length);
    assert.ok(names.indexOf('全唐诗') < names.indexOf('唐诗三百首'));
  });

  it('bring an anthology and its base collection together, whichever is asked for', () => {
    assert.deepEqual(resolveCollections(['tangshisanbaishou']).map((c) => c.name), ['全唐诗', '唐诗三百首']);
    assert.deepEqual(resolveCollections(['宋词']).map((c) => c.name), ['宋词', '宋词三百首']);
    assert.deepEqual(resolveCollections(['caocao']).map((c) => c.name), ['曹操诗集']);
  });

  it('reject an unknown name, listing the known ones', () => {
    assert.throws(() => resolveCollections(['全明诗']), /Unknown collection "全明诗".*全唐诗 \(quantangshi\)/);
  });
});
