import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseProsody, finalOf, levelOrOblique, pinyinOfLine, rhymeGroupOf, splitTone } from './prosody.js';
import { segmentLine } from './segmentation.js';

function prosodyOf(lines: string[]) {
  return analyseProsody(
    lines,
    lines.map((line) => segmentLine(line).caesura),
  );
}

describe('prosody', () => {
  it('reads tones from pinyin and counts 入声 characters as 仄', () => {
    assert.deepEqual(splitTone('guāng'), { base: 'guang', tone: 1 });
    assert.equal(levelOrOblique('光', 'guāng'), '平');
    assert.equal(levelOrOblique('月', 'yuè'), '仄');
    // 白 bái and 国 guó are level today but were entering tones.
    assert.equal(levelOrOblique('白', 'bái'), '仄');
    assert.equal(levelOrOblique('国', 'guó'), '仄');
    assert.equal(levelOrOblique('，', ''), '?');
  });

  it('gives the 平仄 of a whole line', () => {
    const [line] = prosodyOf(['床前明月光']).lines;
    assert.equal(line?.tones, '平平平仄平');
    assert.deepEqual(line?.caesura, { major: [2], minor: [] });
  });

  it('finds finals and rhyme groups', () => {
    assert.equal(finalOf('xiang'), 'iang');
    assert.equal(finalOf('yu'), 'ü');
    assert.equal(finalOf('ju'), 'ü');
    assert.equal(rhymeGroupOf('guāng'), 'ang');
    assert.equal(rhymeGroupOf('xiāng'), 'ang');
    assert.equal(rhymeGroupOf('shuāng'), 'ang');
    assert.equal(rhymeGroupOf('jiā'), 'a');
  });

  it('marks the poem’s rhyme at line ends (静夜思 rhymes in -ang)', () => {
    const prosody = prosodyOf(['床前明月光', '疑是地上霜', '举头望明月', '低头思故乡']);
    assert.equal(prosody.rhymeGroup, 'ang');
    assert.deepEqual(
      prosody.lines.map((line) => line.rhyme?.rhymes),
      [true, true, false, true],
    );
  });

  it('uses the older reading that keeps the rhyme (石径斜 xiá with 家 and 花)', () => {
    const prosody = prosodyOf(['远上寒山石径斜', '白云生处有人家', '停车坐爱枫林晚', '霜叶红于二月花']);
    assert.equal(prosody.lines[0]?.pinyin[6], 'xiá');
    assert.equal(prosody.lines[0]?.rhyme?.rhymes, true);
  });

  it('applies classical readings by word (一骑 jì, 未还 huán, 一行 háng)', () => {
    assert.equal(pinyinOfLine('一骑红尘妃子笑')[1], 'jì');
    assert.equal(pinyinOfLine('一骑红尘妃子笑')[5], 'zǐ');
    assert.equal(pinyinOfLine('万里长征人未还')[6], 'huán');
    assert.equal(pinyinOfLine('一行白鹭上青天')[1], 'háng');
  });

  it('gives one reading per character, empty for non-Han characters', () => {
    const readings = pinyinOfLine('𠀀A月');
    assert.equal(readings.length, 3);
    assert.equal(readings[1], '');
    assert.equal(readings[2], 'yuè');
  });
});
