import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { placeClips, readWav, trimSilence, writeWav } from './wav.js';

describe('wav', () => {
  it('round-trips 16-bit mono PCM', () => {
    const pcm = { sampleRate: 24000, samples: Int16Array.from([0, 1, -1, 32767, -32768]) };
    const back = readWav(writeWav(pcm));
    assert.equal(back.sampleRate, 24000);
    assert.deepEqual([...back.samples], [...pcm.samples]);
  });

  it('trims silence to where the voice is, with a little padding', () => {
    const samples = new Int16Array(1000);
    samples.fill(8000, 400, 600);
    const trimmed = trimSilence({ sampleRate: 1000, samples }, 0.02, 0.01);
    assert.equal(trimmed.samples.length, 200 + 20);
  });

  it('places clips sample-exactly in a silent track', () => {
    const clip = { sampleRate: 100, samples: Int16Array.from([5, 5, 5]) };
    const track = placeClips(100, 1, [{ atSec: 0.5, pcm: clip }]);
    assert.equal(track.samples.length, 100);
    assert.deepEqual([...track.samples.slice(49, 54)], [0, 5, 5, 5, 0]);
    assert.throws(() => placeClips(200, 1, [{ atSec: 0, pcm: clip }]), /Hz/);
  });
});
