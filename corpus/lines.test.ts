import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hasChineseCharacter, lineLength, removeNotes, splitLines, verseLines } from './lines.js';

describe('splitLines', () => {
  it('splits a 诗 couplet into its two lines, keeping their punctuation', () => {
    assert.deepEqual(splitLines('秦川雄帝宅，函谷壯皇居。'), ['秦川雄帝宅，', '函谷壯皇居。']);
  });

  it('splits 词 sentences at their commas but not at the pause mark 、', () => {
    assert.deepEqual(splitLines('翠玉楼前，惟是有、一波湘水，摇荡湘云。'), ['翠玉楼前，', '惟是有、一波湘水，', '摇荡湘云。']);
  });

  it('splits 曲 lines, including exclamations and questions', () => {
    assert.deepEqual(splitLines('罢！罢！罢！将军，你拿将程婴去？'), ['罢！', '罢！', '罢！', '将军，', '你拿将程婴去？']);
  });

  it('ends a line at a newline even without punctuation (纳兰性德诗集)', () => {
    assert.deepEqual(splitLines('山一程，水一程\n身向榆关那畔行'), ['山一程，', '水一程', '身向榆关那畔行']);
  });

  it('keeps closing quotes with the line they close and drops lines without characters', () => {
    assert.deepEqual(splitLines('謂高力士曰：“吾聽張九齡言。”……。'), ['謂高力士曰：', '“吾聽張九齡言。”']);
  });

  it('never loses or invents characters', () => {
    const verse = fc.string({ unit: fc.constantFrom('月', '明', '光', '，', '。', '、', '？', '\n', '“', '”'), maxLength: 40 });
    fc.assert(
      fc.property(verse, (text) => {
        const han = (s: string) => [...s].filter((ch) => '月明光'.includes(ch)).join('');
        assert.equal(han(splitLines(text).join('')), han(text));
      }),
    );
  });
});

describe('removeNotes', () => {
  it('takes out 一作 readings and keeps them as notes', () => {
    const { text, notes } = removeNotes('闌風長雨（一作「東風細雨」）秋紛紛');
    assert.equal(text, '闌風長雨秋紛紛');
    assert.deepEqual(notes, ['一作「東風細雨」']);
  });

  it('handles ASCII parentheses (唐诗三百首) and 元曲 stage directions', () => {
    assert.equal(removeNotes('春草明年綠，王孫歸不歸？(明年 一作：年年)').text, '春草明年綠，王孫歸不歸？');
    assert.equal(removeNotes('(正末云)兀那厮，你姓王么？').text, '兀那厮，你姓王么？');
  });

  it('removes notes that run over several paragraphs, footnote marks and editorial brackets', () => {
    const { text, notes } = removeNotes('白日依山盡，\n（〖1〗這首詩\n見敦煌本）黃河入海流。\n［欲窮千里目］，');
    assert.equal(text, '白日依山盡，\n黃河入海流。\n欲窮千里目，');
    assert.equal(notes.length, 1);
  });

  it('keeps the rest of the poem when a bracket is never closed', () => {
    const { text } = removeNotes('床前明月光，（一作\n疑是地上霜。');
    assert.equal(text, '床前明月光，\n疑是地上霜。');
  });

  it('replaces glyph descriptions it knows and keeps the others', () => {
    const composites = new Map([['{上休下鳥}', '𪀪']]);
    assert.equal(removeNotes('{上休下鳥}飛{不知}', composites).text, '𪀪飛{不知}');
  });
});

describe('verseLines', () => {
  it('cleans and splits a poem (静夜思 in 唐诗三百首)', () => {
    const { lines, notes } = verseLines(['床前明月光，疑是地上霜，', '舉頭望明月，低頭思故鄉。']);
    assert.deepEqual(lines, ['床前明月光，', '疑是地上霜，', '舉頭望明月，', '低頭思故鄉。']);
    assert.deepEqual(notes, []);
  });

  it('finds no verse in a record that is only punctuation or a note', () => {
    assert.deepEqual(verseLines(['。']).lines, []);
    assert.deepEqual(verseLines(['（缺词文）']).lines, []);
  });
});

describe('hasChineseCharacter', () => {
  it('does not count lost characters or punctuation', () => {
    assert.ok(hasChineseCharacter('□□明□□，'));
    assert.ok(!hasChineseCharacter('□□□□□，'));
    assert.ok(hasChineseCharacter('𪀪'));
  });
});

describe('lineLength', () => {
  it('counts characters, not punctuation', () => {
    assert.equal(lineLength('床前明月光，'), 5);
    assert.equal(lineLength('惟是有、一波湘水，'), 7);
  });

  it('counts a lost character □, a glyph description and a character beyond the BMP as one each', () => {
    assert.equal(lineLength('冰□已鏤津。'), 5);
    assert.equal(lineLength('{蜳攵}𧍪與鮫魚，'), 5);
  });
});
