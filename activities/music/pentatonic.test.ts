import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { musicBedArgs } from './music-bed.js';
import { composeBed, musicForMood, scaleFrequencies } from './pentatonic.js';

describe('music bed', () => {
  it('chooses mode and instrument by mood', () => {
    assert.equal(musicForMood('lonely').mode, 'yu');
    assert.equal(musicForMood('lonely').instrument, 'xiao');
    assert.equal(musicForMood('serene').instrument, 'guqin');
    assert.equal(musicForMood('something unheard of').mode, 'gong');
  });

  it('writes a seeded score of pentatonic notes inside the film, ending on the tonic', () => {
    const score = composeBed('melancholy', 20, 7);
    assert.deepEqual(composeBed('melancholy', 20, 7), score, 'deterministic');
    assert.notDeepEqual(composeBed('melancholy', 20, 8), score);
    const tonic = musicForMood('melancholy').tonic;
    const pitches = new Set([...scaleFrequencies(score.mode, tonic), Math.round((tonic / 2) * 1000) / 1000]);
    assert.ok(score.notes.length >= 5);
    for (const note of score.notes) {
      assert.ok(pitches.has(note.frequency), `${note.frequency} is in the mode`);
      assert.ok(note.atSec >= 0 && note.atSec < 20);
    }
    assert.equal(score.notes[score.notes.length - 1]!.frequency, musicForMood('melancholy').tonic);
  });

  it('renders the score in one sox process: a channel per note, delayed to its time, mixed down with its gain', () => {
    const score = composeBed('serene', 10, 1);
    const args = musicBedArgs(score, '/tmp/m.wav');
    const n = score.notes.length;
    assert.deepEqual(args.slice(0, 9), ['-r', '48000', '-c', String(n), '-n', '-b', '16', '-c', '1']);
    assert.equal(args.filter((a) => a === 'pluck').length, n);
    const delay = args.indexOf('delay');
    assert.deepEqual(args.slice(delay + 1, delay + 1 + n), score.notes.map((note) => note.atSec.toFixed(3)));
    const remix = args[args.indexOf('remix') + 1]!;
    assert.equal(remix.split(',').length, n);
    assert.match(remix, /^1v0\.\d{3},2v/);
    assert.deepEqual(args.slice(args.indexOf('trim'), args.indexOf('trim') + 3), ['trim', '0', '10.500']);
    const flute = musicBedArgs(composeBed('lonely', 10, 1), '/tmp/m.wav');
    assert.ok(flute.includes('sine') && flute.includes('tremolo') && !flute.includes('pluck'));
  });
});
