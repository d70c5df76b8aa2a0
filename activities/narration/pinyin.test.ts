import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultPauses, espeakInput, readLine, toneNumbered } from './pinyin.js';
import { applyPolyphoneOverrides } from './polyphones.js';

describe('recitation readings', () => {
  it('turns tone marks into tone numbers, neutral as 5', () => {
    assert.equal(toneNumbered('míng'), 'ming2');
    assert.equal(toneNumbered('lǜ'), 'lv4');
    assert.equal(toneNumbered('zi0'), 'zi5');
    assert.equal(toneNumbered('de'), 'de5');
    assert.equal(toneNumbered('guang1'), 'guang1');
  });

  it('reads polyphones as verse reads them', () => {
    assert.equal(readLine('远上寒山石径斜').syllables[6], 'xia2');
    assert.equal(readLine('明月何时照我还').syllables[6], 'huan2');
    assert.equal(readLine('乡音无改鬓毛衰').syllables[6], 'cui1');
    assert.equal(readLine('一骑红尘妃子笑').syllables[1], 'ji4');
    assert.equal(readLine('两个黄鹂鸣翠柳').syllables[0], 'liang3');
    assert.equal(readLine('一行白鹭上青天').syllables[1], 'hang2', 'a row of egrets, by context');
    assert.equal(readLine('行人更在春山外').syllables[0], 'xing2', 'walking, by context');
    assert.equal(readLine('长河落日圆').syllables[0], 'chang2');
    assert.equal(readLine('轻舟已过万重山').syllables[5], 'chong2');
  });

  it('prefers the plan’s own pinyin, still applying the classical readings', () => {
    const reading = readLine('远上寒山石径斜', { line: 0, pinyin: ['yuǎn', 'shàng', 'hán', 'shān', 'shí', 'jìng', 'xié'], tones: '仄仄平平仄仄平', caesura: { major: [4], minor: [2] }, rhyme: null });
    assert.deepEqual(reading.syllables, ['yuan3', 'shang4', 'han2', 'shan1', 'shi2', 'jing4', 'xia2']);
    assert.deepEqual(reading.pauses, { major: [4], minor: [2] });
  });

  it('pauses at the caesura of five- and seven-character lines', () => {
    assert.deepEqual(defaultPauses(5), { major: [2], minor: [] });
    assert.deepEqual(defaultPauses(7), { major: [4], minor: [2] });
    assert.equal(espeakInput(readLine('床前明月光')), 'chuang2 qian2, ming2 yue4 guang1.');
  });

  it('applies the longest override first and never twice to a character', () => {
    const chars = [...'石径斜'];
    assert.deepEqual(applyPolyphoneOverrides(chars, ['a', 'b', 'c'], [{ phrase: '径斜', pinyin: ['x', 'y'], note: '' }, { phrase: '石径斜', pinyin: ['1', '2', '3'], note: '' }]), ['1', '2', '3']);
  });
});
