import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FameScale } from './fame.js';

describe('FameScale', () => {
  const all = [
    { baidu: 10, so360: 1, bing: 100, bing_en: 5, google: 1000 },
    { baidu: 20, so360: 2, bing: 200, bing_en: 6, google: 2000 },
    { baidu: 30, so360: 3, bing: 300, bing_en: 7, google: 3000 },
    { baidu: 40, so360: 4, bing: 400, bing_en: 8, google: 4000 },
  ];
  const scale = new FameScale(all);

  it('puts every engine on the same scale: the same rank on each engine gives the same fame', () => {
    assert.equal(scale.fame(all[3]), 0.875); // (3 below + ½ equal) / 4 on every engine
    assert.equal(scale.fame(all[0]), 0.125);
  });

  it('averages the engines, so one engine that counts wildly cannot decide alone', () => {
    const oneWild = scale.fame({ baidu: 10, so360: 1, bing: 100, bing_en: 5, google: 1e9 })!;
    assert.ok(oneWild > scale.fame(all[0])! && oneWild < scale.fame(all[1])!);
  });

  it('is unknown (null), not zero, without counts', () => {
    assert.equal(scale.fame(null), null);
    assert.equal(scale.fame({}), null);
    assert.equal(scale.fame({ baidu: null }), null);
    assert.equal(scale.fame({ baidu: 0 }), 0);
  });

  it('stays in [0, 1] and grows with the counts', () => {
    const counts = fc.record({ baidu: fc.nat(), so360: fc.nat(), bing: fc.nat(), bing_en: fc.nat(), google: fc.nat() });
    fc.assert(
      fc.property(fc.array(counts, { minLength: 1, maxLength: 30 }), counts, (population, poem) => {
        const s = new FameScale(population);
        const fame = s.fame(poem)!;
        assert.ok(fame >= 0 && fame <= 1);
        const more = s.fame({ baidu: poem.baidu + 1e12, so360: poem.so360, bing: poem.bing, bing_en: poem.bing_en, google: poem.google })!;
        assert.ok(more >= fame);
      }),
    );
  });
});
