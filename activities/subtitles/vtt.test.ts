import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWebVtt, toWebVtt, vttTimestamp } from './vtt.js';

describe('WebVTT', () => {
  it('formats timestamps', () => {
    assert.equal(vttTimestamp(0), '00:00:00.000');
    assert.equal(vttTimestamp(83.5), '00:01:23.500');
    assert.equal(vttTimestamp(3725.0004), '01:02:05.000');
  });

  it('writes cues that read back the same', () => {
    const cues = [
      { startSec: 1, endSec: 5.375, text: '床前明月光\nBefore my bed the moonlight gleams,' },
      { startSec: 6.125, endSec: 10.167, text: 'a --> b' },
    ];
    const text = toWebVtt(cues, '静夜思 · 李白');
    assert.match(text, /^WEBVTT - 静夜思 · 李白\n\n1\n00:00:01.000 --> 00:00:05.375\n床前明月光\n/);
    const back = parseWebVtt(text);
    assert.equal(back.length, 2);
    assert.equal(back[0]!.text, cues[0]!.text);
    assert.equal(back[1]!.text, 'a → b');
    assert.equal(back[1]!.endSec, 10.167);
  });
});
