import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { escapeLike, linesKey, searchKey } from './normalise.js';

describe('searchKey', () => {
  it('folds Traditional to Simplified so either script finds the other', () => {
    assert.equal(searchKey('舉頭望明月'), '举头望明月');
    assert.equal(searchKey('举头望明月'), '举头望明月');
    assert.equal(searchKey('國破山河在'), searchKey('国破山河在'));
    assert.equal(searchKey('靜夜思'), '静夜思');
  });

  it('folds variant characters the OpenCC table knows (牀 床, 爲 為 为, 衆 眾 众)', () => {
    assert.equal(searchKey('牀前看月光'), '床前看月光');
    assert.equal(searchKey('爲'), searchKey('為'));
    assert.equal(searchKey('爲'), '为');
    assert.equal(searchKey('衆'), searchKey('眾'));
  });

  it('drops punctuation, symbols and spaces of both widths', () => {
    assert.equal(searchKey('床前明月光，疑是地上霜。'), '床前明月光疑是地上霜');
    assert.equal(searchKey('「春眠」 不覺曉！ (一作)'), '春眠不觉晓一作');
    assert.equal(searchKey('%_\\\'"; --'), '');
    assert.equal(searchKey('　'), '');
  });

  it('keeps characters outside the Basic Multilingual Plane and folds compatibility forms', () => {
    assert.equal(searchKey('𪀪鳥'), '𪀪鸟');
    assert.equal(searchKey('Ａｂｃ１２'), 'abc12');
    assert.equal(searchKey('\uF900'), searchKey('豈')); // CJK compatibility ideograph → its unified character
  });

  it('is consistent under concatenation, so a part of a line has a key that is part of the line key', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        assert.equal(searchKey(a + b), searchKey(a) + searchKey(b));
      }),
      { numRuns: 500 },
    );
    const cjk = fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fff }).map((cp) => String.fromCodePoint(cp)), maxLength: 12 });
    fc.assert(
      fc.property(cjk, cjk, (a, b) => {
        assert.equal(searchKey(a + '，' + b), searchKey(a) + searchKey(b));
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent', () => {
    const cjk = fc.string({ unit: fc.integer({ min: 0x3400, max: 0x9fff }).map((cp) => String.fromCodePoint(cp)), maxLength: 30 });
    fc.assert(
      fc.property(cjk, (text) => {
        assert.equal(searchKey(searchKey(text)), searchKey(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('joins the keys of several lines without separators (a query may span a line break)', () => {
    assert.equal(linesKey(['床前明月光，', '疑是地上霜。']), '床前明月光疑是地上霜');
  });
});

describe('escapeLike', () => {
  it('escapes the LIKE wildcards and the escape character', () => {
    assert.equal(escapeLike('50%_\\'), '50\\%\\_\\\\');
    assert.equal(escapeLike('明月'), '明月');
  });
});
