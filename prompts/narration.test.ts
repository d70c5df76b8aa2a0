import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paraphraseOf, plannedDuration, reciteForSpeech, reciteText, translationOf, type NarratedLine } from './narration.js';
import { segmentLine } from './segmentation.js';

function narrated(text: string, end = '。'): NarratedLine {
  const { segments, caesura } = segmentLine(text);
  return { text, end, segments, caesura };
}

describe('narration', () => {
  const couplet = [narrated('举头望明月', '，'), narrated('低头思故乡', '。')];

  it('recites with a mark at each caesura and the verse’s own punctuation', () => {
    assert.equal(reciteText(couplet), '举头｜望明月，低头｜思故乡。');
    assert.equal(reciteForSpeech(reciteText(couplet)), '举头，望明月，低头，思故乡。');
    assert.equal(reciteText([narrated('月落乌啼霜满天')]), '月落乌啼｜霜满天。');
  });

  it('glosses word by word in modern Chinese and English', () => {
    assert.equal(paraphraseOf(couplet), '抬起头眺望明月，低下头思念故乡。');
    assert.equal(translationOf(couplet), 'Raising my head gaze at bright moon / Lowering my head think of home');
  });

  it('plans longer for seven characters than five, and slower for grief', () => {
    const five = plannedDuration([narrated('床前明月光')], 'serene');
    const seven = plannedDuration([narrated('月落乌啼霜满天')], 'serene');
    assert.ok(seven > five);
    assert.ok(plannedDuration([narrated('床前明月光')], 'grief') > five);
    assert.ok(five >= 3 && five <= 6);
  });

  it('never plans under 3 or over 60 seconds', () => {
    assert.equal(plannedDuration([narrated('月')], 'serene'), 3);
    assert.equal(plannedDuration(Array.from({ length: 40 }, () => narrated('月落乌啼霜满天')), 'serene'), 60);
  });
});
