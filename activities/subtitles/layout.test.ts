import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layoutSubtitles, sealColumns } from './layout.js';

describe('subtitle layout', () => {
  it('sets 9:16 verse in vertical columns, first line rightmost, inside the frame', () => {
    const layout = layoutSubtitles({ frameW: 720, frameH: 1280, orientation: 'vertical', lines: [{ text: '床前明月光' }, { text: '疑是地上霜', translation: 'frost' }], sealAuthor: '李白' });
    assert.equal(layout.glyphs.length, 10);
    const col0 = layout.glyphs.filter((g) => g.line === 0);
    const col1 = layout.glyphs.filter((g) => g.line === 1);
    assert.ok(col0.every((g) => g.x === col0[0]!.x), 'one column per line');
    assert.ok(col1[0]!.x < col0[0]!.x, 'second line to the left');
    assert.ok(col0.every((g, i) => i === 0 || g.y > col0[i - 1]!.y), 'top to bottom');
    for (const g of layout.glyphs) assert.ok(g.x - g.size / 2 >= 0 && g.x + g.size / 2 <= 720 && g.y + g.size / 2 <= 1280);
    assert.ok(layout.seal && layout.seal.y > col1[col1.length - 1]!.y, 'the seal follows the last column');
    assert.equal(layout.english.length, 1);
    assert.equal(layout.english[0]!.line, 1);
  });

  it('sets 16:9 verse in horizontal lines low in the frame', () => {
    const layout = layoutSubtitles({ frameW: 1280, frameH: 720, orientation: 'horizontal', lines: [{ text: '孤舟蓑笠翁' }], title: { title: '江雪', author: '柳宗元' } });
    const ys = new Set(layout.glyphs.map((g) => g.y));
    assert.equal(ys.size, 1);
    assert.ok([...ys][0]! > 720 * 0.6);
    assert.ok(layout.glyphs.every((g, i) => i === 0 || g.x > layout.glyphs[i - 1]!.x));
    assert.equal(layout.title.length, 5);
  });

  it('fits a long line by shrinking the characters', () => {
    const short = layoutSubtitles({ frameW: 720, frameH: 1280, orientation: 'vertical', lines: [{ text: '白日依山尽' }] });
    const long = layoutSubtitles({ frameW: 720, frameH: 1280, orientation: 'vertical', lines: [{ text: '大江东去浪淘尽千古风流人物故垒西边' }] });
    assert.ok(long.glyphs[0]!.size < short.glyphs[0]!.size);
    assert.ok(long.glyphs[long.glyphs.length - 1]!.y < 1280 * 0.8);
  });

  it('arranges a seal by the length of the name', () => {
    assert.deepEqual(sealColumns('李白'), [['李', '白']]);
    assert.deepEqual(sealColumns('柳宗元'), [['柳', '宗'], ['元', '印']]);
    assert.deepEqual(sealColumns('欧阳修之'), [['欧', '阳'], ['修', '之']]);
  });
});
